// Pipeline parallelism at laptop scale: a Sequential model's layers are cut into p stages, each
// stage runs on its own thread (its "device"), and a batch flows through them as m micro-batches
// in the order a `PipelineSchedule` gives. A stage's output activations travel forward and the
// gradients of its inputs travel back through mailboxes, one slot per micro-batch — the
// point-to-point sends between devices.
//
// Each stage keeps its parameters' gradients per micro-batch and sums them in micro-batch order
// when the batch is done, so GPipe and 1F1B give the same bits, equal to gradient accumulation
// over the same m shards (`fit(accumulation: m)`). Every pass is timed, so the measured bubble
// can be set beside the formula (PipelineSchedule.swift).
import Dispatch
import Foundation
import TensorCore

/// Computes a batch's gradient by pipelining it through stages of a Sequential model.
public final class PipelineParallel {
    /// The stages: consecutive layers of the model (the same layer objects, so training a stage
    /// trains the model).
    public let stages: [Sequential]
    /// The layer indices of each stage.
    public let layerRanges: [Range<Int>]
    public let kind: PipelineSchedule.Kind
    public let microBatches: Int
    /// The passes of the last batch, timed in seconds from its start.
    public private(set) var lastTimeline: PipelineTimeline?
    /// The measured bubble of every batch so far, in order.
    public private(set) var measuredBubbles: [Double] = []
    /// For every batch, the bubble its schedule has on an ideal machine with that batch's mean
    /// measured pass times per stage: what the formula becomes when the stages are not equal.
    public private(set) var predictedBubbles: [Double] = []

    /// The model whose layers the stages hold.
    public let model: Sequential

    /// - Parameters:
    ///   - stages: how many stages (threads); the layers are cut where the stages' parameter
    ///     counts — their work — come out most even.
    ///   - microBatches: how many pieces each batch is cut into.
    /// - Throws: on fewer layers with parameters than stages, or counts below 1.
    public init(model: Sequential, stages: Int, microBatches: Int, schedule kind: PipelineSchedule.Kind = .oneFOneB) throws {
        guard stages >= 1, microBatches >= 1 else {
            throw NNError.argument("pipeline: needs at least 1 stage and 1 micro-batch, got \(stages) and \(microBatches)")
        }
        guard !model.namedModules().contains(where: { $0.1 is any AuxiliaryLossProvider }) else {
            throw NNError.argument("pipeline: a model with auxiliary losses (experts' balance) cannot be pipelined yet; use workers:")
        }
        self.model = model
        self.kind = kind
        self.microBatches = microBatches
        layerRanges = try PipelineParallel.balancedCuts(model.layers.map(\.parameterCount), stages: stages)
        self.stages = layerRanges.map { Sequential(Array(model.layers[$0])) }
    }

    /// Cuts layers with these parameter counts into `stages` consecutive non-empty groups, each
    /// starting at a layer with parameters, so that the largest group is as small as it can be
    /// (an activation layer joins the group before it).
    public static func balancedCuts(_ counts: [Int], stages: Int) throws -> [Range<Int>] {
        let starts = counts.indices.filter { $0 == 0 || counts[$0] > 0 }
        guard starts.count >= stages else {
            throw NNError.argument("pipeline: \(stages) stages need at least \(stages) layers with weights, the model has \(starts.count)")
        }
        // best[k][j]: the smallest largest-group cost cutting units 0..<j into k groups, where a
        // unit runs from one start to the next.
        let units = starts.indices.map { u in starts[u]..<(u + 1 < starts.count ? starts[u + 1] : counts.count) }
        let cost = units.map { $0.reduce(0) { $0 + counts[$1] } }
        let n = units.count
        var best = [[Int]](repeating: [Int](repeating: .max, count: n + 1), count: stages + 1)
        var cut = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: stages + 1)
        best[0][0] = 0
        for k in 1...stages {
            for j in k...n {
                var group = 0
                for i in stride(from: j - 1, through: k - 1, by: -1) {
                    group += cost[i]
                    guard best[k - 1][i] != .max else { continue }
                    let worst = max(best[k - 1][i], group)
                    if worst < best[k][j] { best[k][j] = worst; cut[k][j] = i }
                }
            }
        }
        var bounds = [n]
        for k in stride(from: stages, to: 0, by: -1) { bounds.insert(cut[k][bounds[0]], at: 0) }
        return (0..<stages).map { units[bounds[$0]].lowerBound..<units[bounds[$0 + 1] - 1].upperBound }
    }

    /// Sets the model's gradients to the batch's (times `scale`, mixed precision's loss scale)
    /// and returns (mean loss, correct count); the timed passes go to `lastTimeline`.
    func run(_ batch: Batches.Batch, loss: Loss, scale: Float = 1) throws -> (loss: Float, correct: Float) {
        let shards = BatchShards(rows: batch.features.shape[0], count: microBatches)
        let m = shards.count
        let schedule = try PipelineSchedule(kind, stages: stages.count, microBatches: m)
        let p = stages.count
        let activations = (0..<max(p - 1, 0)).map { _ in Mailbox(m) }
        let gradients = (0..<max(p - 1, 0)).map { _ in Mailbox(m) }
        let parameters = stages.map { $0.parameters.filter(\.requiresGrad) }
        for list in parameters { for q in list { q.zeroGrad() } }
        let slots = StageSlots(count: p, microBatches: m)
        let origin = DispatchTime.now().uptimeNanoseconds
        let finished = DispatchGroup()
        let mailboxes = activations + gradients
        for s in 0..<p {
            finished.enter()
            let thread = Thread {
                defer { finished.leave() }
                var outcome = StageOutcome(microBatches: m)
                do {
                    try self.runStage(s, schedule: schedule, batch: batch, shards: shards, loss: loss, scale: scale,
                                      forwardIn: s > 0 ? activations[s - 1] : nil, forwardOut: s < p - 1 ? activations[s] : nil,
                                      backwardIn: s < p - 1 ? gradients[s] : nil, backwardOut: s > 0 ? gradients[s - 1] : nil,
                                      parameters: parameters[s], origin: origin, into: &outcome)
                } catch {
                    outcome.error = error
                    for box in mailboxes { box.abort() }
                }
                slots.base[s] = outcome  // each thread writes only its own slot
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        finished.wait()
        let outcomes = Array(UnsafeBufferPointer(start: slots.base, count: p))
        // The first failure in stage order; an aborted mailbox is only its echo.
        if let error = outcomes.compactMap(\.error).first(where: { !($0 is Mailbox.Aborted) }) ?? outcomes.compactMap(\.error).first {
            throw error
        }
        let timeline = PipelineTimeline(stages: p, events: outcomes.flatMap(\.events))
        lastTimeline = timeline
        measuredBubbles.append(timeline.bubble)
        let durations = timeline.meanDurations
        predictedBubbles.append(schedule.simulate { s, pass in pass == .forward ? durations[s].forward : durations[s].backward }.bubble)
        // Each parameter's gradient: its micro-batch gradients summed in micro-batch order.
        for (s, list) in parameters.enumerated() {
            for (k, q) in list.enumerated() {
                let parts = outcomes[s].grads.compactMap { $0[k] }
                q.grad = parts.isEmpty ? nil : parts.count == 1 ? parts[0] : try Tensor.orderedSum(parts)
            }
        }
        let last = outcomes[p - 1]
        return (shards.meanLoss(last.losses), last.correct.reduce(0, +))
    }

    /// One result per stage thread, written by that thread alone before the join.
    private final class StageSlots: @unchecked Sendable {
        let base: UnsafeMutablePointer<StageOutcome>
        let count: Int
        init(count: Int, microBatches m: Int) {
            self.count = count
            base = .allocate(capacity: count)
            base.initialize(repeating: StageOutcome(microBatches: m), count: count)
        }
        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    /// What one stage's thread hands back.
    private struct StageOutcome {
        var events: [PipelineTimeline.Event] = []
        /// Per micro-batch, the gradient of each of the stage's trainable parameters.
        var grads: [[Tensor?]]
        var losses: [Float]
        var correct: [Float]
        var error: Error?

        init(microBatches m: Int) {
            grads = [[Tensor?]](repeating: [], count: m)
            losses = [Float](repeating: 0, count: m)
            correct = [Float](repeating: 0, count: m)
        }
    }

    private func runStage(_ s: Int, schedule: PipelineSchedule, batch: Batches.Batch, shards: BatchShards, loss: Loss,
                          scale: Float, forwardIn: Mailbox?, forwardOut: Mailbox?, backwardIn: Mailbox?,
                          backwardOut: Mailbox?, parameters: [Parameter], origin: UInt64,
                          into outcome: inout StageOutcome) throws {
        let stage = stages[s]
        // The input leaf and the output (the weighted loss on the last stage) of each micro-batch
        // between its forward and its backward: the activations this stage holds.
        var held: [Int: (input: Variable, output: Variable)] = [:]
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - origin) / 1e9 }
        for op in schedule.ops[s] {
            let i = op.microBatch
            var start = seconds()
            switch op.pass {
            case .forward:
                let input: Tensor
                if let forwardIn {
                    input = try forwardIn.take(i)
                    start = seconds()  // waiting for the previous stage is bubble, not work
                } else {
                    input = try shards.part(batch.features, i)
                }
                let leaf = Variable(input, requiresGrad: s > 0)
                let output = try stage(leaf)
                if let forwardOut {
                    forwardOut.put(i, output.value)
                    held[i] = (leaf, output)
                } else {
                    let targets = try shards.part(batch.targets, i)
                    let value = try loss(output, targets)
                    outcome.losses[i] = try value.value.item()
                    if loss.isClassification {
                        outcome.correct[i] = try Losses.accuracy(logits: output.value, labels: targets) * Float(shards.range(i).count)
                    }
                    // Weighted by the micro-batch's share, as gradient accumulation weighs a shard.
                    held[i] = (leaf, try value * shards.weight(i, scale: scale))
                }
            case .backward:
                guard let (leaf, output) = held.removeValue(forKey: i) else {
                    throw NNError.argument("pipeline: backward of micro-batch \(i) before its forward on stage \(s)")
                }
                if let backwardIn {
                    let seed = try backwardIn.take(i)
                    start = seconds()
                    if output.requiresGrad { try output.backward(seed: seed) }
                } else if output.requiresGrad {
                    try output.backward()
                }
                if let backwardOut {
                    backwardOut.put(i, try leaf.grad ?? Tensor.zeros(leaf.shape))
                }
                outcome.grads[i] = parameters.map { q in
                    defer { q.zeroGrad() }
                    return q.grad
                }
            }
            outcome.events.append(.init(stage: s, op: op, start: start, end: seconds()))
        }
    }
}

/// One slot per micro-batch between two neighbouring stages: `put` by the sender, `take` (which
/// waits) by the receiver.
final class Mailbox: @unchecked Sendable {
    struct Aborted: Error {}

    private var slots: [Tensor?]
    private var aborted = false
    private let condition = NSCondition()

    init(_ count: Int) { slots = [Tensor?](repeating: nil, count: count) }

    func put(_ i: Int, _ value: Tensor) {
        condition.lock()
        slots[i] = value
        condition.broadcast()
        condition.unlock()
    }

    func take(_ i: Int) throws -> Tensor {
        condition.lock()
        defer { condition.unlock() }
        while slots[i] == nil && !aborted { condition.wait() }
        guard let value = slots[i] else { throw Aborted() }
        slots[i] = nil
        return value
    }

    /// Wakes every waiting receiver with an error (another stage failed).
    func abort() {
        condition.lock()
        aborted = true
        condition.broadcast()
        condition.unlock()
    }
}
