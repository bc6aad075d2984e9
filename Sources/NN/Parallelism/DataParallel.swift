// Data parallelism and gradient accumulation: one batch's gradient computed in pieces.
//
// The batch is cut into shards (contiguous rows, sizes differing by at most one). Each shard's
// mean loss is differentiated on its own replica of the model, and the shard gradients are
// combined as the full batch's mean would weigh them,
//
//     ∇L = Σ_s (n_s / N) · ∇L_s        (N = Σ n_s)
//
// always in shard order, so the result does not depend on which thread finished first. With
// `workers` > 1 the shards of a wave run on that many threads at once (data parallelism, each
// thread a "device" with its own copy of the weights; the weighted sum is the all-reduce);
// `accumulation` > 1 runs waves one after the other (gradient accumulation: the memory of one
// shard, the result of the whole batch). Both equal the single-batch gradient up to the order
// of floating-point additions.
import Dispatch
import TensorCore

/// How a batch is cut into shards — gradient accumulation's waves, data-parallel workers'
/// shards and pipeline micro-batches alike: contiguous rows, sizes differing by at most one, each
/// shard's loss weighted by its share n_s/N. One definition, so the three give the same bits.
struct BatchShards {
    let rows: Int
    /// Row boundaries: shard s is rows bounds[s] ..< bounds[s + 1].
    let bounds: [Int]

    /// `count` shards of `rows` rows (fewer when there are fewer rows).
    init(rows: Int, count: Int) {
        let n = min(rows, count)
        self.rows = rows
        bounds = (0...n).map { $0 * rows / n }
    }

    var count: Int { bounds.count - 1 }
    func range(_ s: Int) -> Range<Int> { bounds[s]..<bounds[s + 1] }

    /// The factor shard s's mean loss is multiplied by before backward (times `scale`, mixed
    /// precision's loss scale), so that the shard gradients just add up to the batch's.
    func weight(_ s: Int, scale: Float = 1) -> Float { Float(range(s).count) / Float(rows) * scale }

    /// Shard s's rows of `t` (a batch's features or targets).
    func part(_ t: Tensor, _ s: Int) throws -> Tensor {
        let r = range(s)
        return try t.slice(axis: 0, start: r.lowerBound, end: r.upperBound).contiguous()
    }

    /// The batch's mean loss from the shards' mean losses, added in shard order.
    func meanLoss(_ losses: [Float]) -> Float {
        losses.indices.reduce(Float(0)) { $0 + weight($1) * losses[$1] }
    }
}

/// Computes a batch's gradient on replicas of a model, shard by shard.
final class ShardedGradients {
    let model: any Module
    let workers: Int
    let accumulation: Int
    private var replicas: [any Module]

    init(model: any Module, workers: Int, accumulation: Int) throws {
        guard workers >= 1, accumulation >= 1 else {
            throw NNError.argument("fit: workers and accumulation steps must be ≥ 1, got \(workers) and \(accumulation)")
        }
        self.model = model
        self.workers = workers
        self.accumulation = accumulation
        replicas = try (0..<workers).map { _ in try model.copy() }
    }

    /// Sets `model`'s gradients to the batch's (times `scale`, mixed precision's loss scale) and
    /// returns (mean loss, correct count).
    func run(_ batch: Batches.Batch, loss: Loss, scale: Float = 1) throws -> (loss: Float, correct: Float) {
        let shards = BatchShards(rows: batch.features.shape[0], count: workers * accumulation)
        let shardCount = shards.count
        // Every replica starts from the model's current weights and modes.
        let master = model.parameters
        for replica in replicas {
            for (p, q) in zip(master, replica.parameters) {
                q.value = p.value
                q.requiresGrad = p.requiresGrad
                q.zeroGrad()
            }
            // (namedModules starts with the replica itself.)
            for ((_, a), (_, b)) in zip(model.namedModules(), replica.namedModules()) { b.isTraining = a.isTraining }
        }
        var results: [(loss: Float, correct: Float, grads: [Tensor?])] = []
        for wave in stride(from: 0, to: shardCount, by: workers) {
            let count = min(workers, shardCount - wave)
            var outcome = [Result<(Float, Float, [Tensor?]), Error>?](repeating: nil, count: count)
            outcome.withUnsafeMutableBufferPointer { out in
                DispatchQueue.concurrentPerform(iterations: count) { w in
                    let s = wave + w
                    out[w] = Result {
                        try shardGradient(replicas[w], batch: batch, shard: s, of: shards, loss: loss, scale: scale)
                    }
                }
            }
            // The first failure in shard order, whichever thread met it first.
            for result in outcome { results.append(try result!.get()) }
        }
        // The all-reduce, in shard order.
        let meanLoss = shards.meanLoss(results.map(\.loss))
        let correct = results.reduce(Float(0)) { $0 + $1.correct }
        // Each shard's loss was already weighted by n_s/N, so its gradient is too: sum them,
        // element by element in shard order; the workers share the elements (the all-reduce).
        for index in master.indices where master[index].requiresGrad {
            let grads = results.compactMap { $0.grads[index] }
            guard let first = grads.first else { master[index].grad = nil; continue }
            master[index].grad = grads.count == 1 ? first : try Tensor.orderedSum(grads, threads: workers)
        }
        return (meanLoss, correct)
    }

    /// One shard on one replica: forward, loss (+ auxiliary losses) weighted by the shard's share
    /// n_s/N, backward; the replica's gradients are read out and cleared.
    private func shardGradient(_ replica: any Module, batch: Batches.Batch, shard s: Int, of shards: BatchShards,
                               loss: Loss, scale: Float) throws -> (Float, Float, [Tensor?]) {
        let (x, y) = (try shards.part(batch.features, s), try shards.part(batch.targets, s))
        let output = try replica(x)
        let value = try loss(output, y)
        try (try replica.addingAuxiliaryLoss(to: value) * shards.weight(s, scale: scale)).backward()
        let correct = loss.isClassification ? try Losses.accuracy(logits: output.value, labels: y) * Float(shards.range(s).count) : 0
        let grads = replica.parameters.map { p -> Tensor? in
            defer { p.zeroGrad() }
            return p.grad
        }
        return (try value.value.item(), correct, grads)
    }
}
