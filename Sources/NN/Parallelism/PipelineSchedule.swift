// Pipeline schedules: in which order each stage runs the forward (F) and backward (B) passes of
// the micro-batches (Huang et al. 2019, GPipe; Narayanan et al. 2021, PipeDream-Flush "1F1B").
//
// A model's layers are cut into p stages, one device each; a batch into m micro-batches. Stage s
// can run F(i) once stage s−1 has, and B(i) once stage s+1 has (the last stage once its own F(i)
// is done). With every F taking t_F and every B taking t_B on every stage, both schedules finish
// after (m + p − 1)(t_F + t_B), of which each stage is busy m(t_F + t_B): the idle share, the
// bubble, is
//
//     bubble = (p − 1) / (m + p − 1).
//
// GPipe runs all forwards, then all backwards, so a stage holds the activations of all m
// micro-batches at once; 1F1B starts backwards as early as it can and then alternates, so stage
// s never holds more than p − s: the same bubble, less memory.

/// One unit of pipeline work: a forward or backward pass of one micro-batch on one stage.
public struct PipelineOp: Equatable, Hashable, Sendable {
    public enum Pass: String, Sendable { case forward = "F", backward = "B" }
    public let pass: Pass
    public let microBatch: Int

    public static func forward(_ i: Int) -> PipelineOp { PipelineOp(pass: .forward, microBatch: i) }
    public static func backward(_ i: Int) -> PipelineOp { PipelineOp(pass: .backward, microBatch: i) }
}

/// The order in which every stage runs its passes.
public struct PipelineSchedule: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// All forwards, then all backwards (last micro-batch first).
        case gpipe
        /// p − s − 1 warm-up forwards, then one forward and one backward in turn, then the rest
        /// of the backwards (PipeDream-Flush).
        case oneFOneB = "1f1b"
    }

    public let kind: Kind
    public let stages: Int
    public let microBatches: Int
    /// Per stage, its passes in the order it runs them.
    public let ops: [[PipelineOp]]

    /// - Throws: unless 1 ≤ stages and 1 ≤ micro-batches.
    public init(_ kind: Kind, stages: Int, microBatches: Int) throws {
        guard stages >= 1, microBatches >= 1 else {
            throw NNError.argument("pipeline: needs at least 1 stage and 1 micro-batch, got \(stages) and \(microBatches)")
        }
        self.kind = kind
        self.stages = stages
        self.microBatches = microBatches
        let m = microBatches
        ops = (0..<stages).map { s in
            switch kind {
            case .gpipe:
                return (0..<m).map(PipelineOp.forward) + (0..<m).reversed().map(PipelineOp.backward)
            case .oneFOneB:
                let warmup = min(stages - s - 1, m)
                var order = (0..<warmup).map(PipelineOp.forward)
                for i in 0..<(m - warmup) { order += [.forward(warmup + i), .backward(i)] }
                return order + ((m - warmup)..<m).map(PipelineOp.backward)
            }
        }
    }

    /// The bubble of this shape of pipeline with equal stages: (p − 1) / (m + p − 1).
    public var idealBubble: Double { Double(stages - 1) / Double(microBatches + stages - 1) }

    /// The pass that must finish before `op` can start on `stage` (nil: none outside the stage).
    public func dependency(of op: PipelineOp, on stage: Int) -> (stage: Int, op: PipelineOp)? {
        switch op.pass {
        case .forward: return stage == 0 ? nil : (stage - 1, op)
        case .backward: return stage == stages - 1 ? nil : (stage + 1, op)
        }
    }

    /// Runs the schedule on an ideal machine where every forward takes `forwardCost` and every
    /// backward `backwardCost` time units: each pass starts as soon as its stage is free and its
    /// dependency has finished.
    public func simulate(forwardCost: Double = 1, backwardCost: Double = 2) -> PipelineTimeline {
        simulate { _, pass in pass == .forward ? forwardCost : backwardCost }
    }

    /// The same with a cost per stage and pass — a pipeline whose stages are not equal, such as
    /// one timed on a real machine (`PipelineTimeline.meanDurations`).
    public func simulate(cost: (_ stage: Int, _ pass: PipelineOp.Pass) -> Double) -> PipelineTimeline {
        var finished: [Int: [PipelineOp: Double]] = [:]
        var next = [Int](repeating: 0, count: stages)
        var free = [Double](repeating: 0, count: stages)
        var events: [PipelineTimeline.Event] = []
        // Sweep until every stage has run all of its passes; a valid schedule never deadlocks.
        while events.count < stages * 2 * microBatches {
            var progressed = false
            for s in 0..<stages where next[s] < ops[s].count {
                let op = ops[s][next[s]]
                var ready = free[s]
                if let (d, dop) = dependency(of: op, on: s) {
                    guard let done = finished[d]?[dop] else { continue }
                    ready = max(ready, done)
                }
                let end = ready + cost(s, op.pass)
                events.append(.init(stage: s, op: op, start: ready, end: end))
                finished[s, default: [:]][op] = end
                free[s] = end
                next[s] += 1
                progressed = true
            }
            precondition(progressed, "pipeline schedule deadlocked")
        }
        return PipelineTimeline(stages: stages, events: events)
    }
}

/// When each pass of a pipeline ran, simulated or measured.
public struct PipelineTimeline: Equatable, Sendable {
    public struct Event: Equatable, Sendable {
        public let stage: Int
        public let op: PipelineOp
        /// Start and end, in time units (simulated) or seconds from the batch's start (measured).
        public let start: Double
        public let end: Double
    }

    public let stages: Int
    public let events: [Event]

    public init(stages: Int, events: [Event]) {
        self.stages = stages
        self.events = events
    }

    /// From the first start to the last end.
    public var makespan: Double {
        guard let first = events.map(\.start).min(), let last = events.map(\.end).max() else { return 0 }
        return last - first
    }

    /// The busy time of each stage.
    public var busy: [Double] {
        var out = [Double](repeating: 0, count: stages)
        for e in events { out[e.stage] += e.end - e.start }
        return out
    }

    /// The idle share of all stages' time: 1 − Σ busy / (p · makespan).
    public var bubble: Double {
        let span = makespan
        return span > 0 ? 1 - busy.reduce(0, +) / (Double(stages) * span) : 0
    }

    /// Each stage's mean forward and backward time.
    public var meanDurations: [(forward: Double, backward: Double)] {
        (0..<stages).map { s in
            func mean(_ pass: PipelineOp.Pass) -> Double {
                let times = events.filter { $0.stage == s && $0.op.pass == pass }.map { $0.end - $0.start }
                return times.isEmpty ? 0 : times.reduce(0, +) / Double(times.count)
            }
            return (mean(.forward), mean(.backward))
        }
    }

    /// The most micro-batches whose activations a stage holds at once (forwarded, not yet
    /// backwarded), per stage: GPipe m everywhere, 1F1B p − s on stage s.
    public var activationsInFlight: [Int] {
        (0..<stages).map { s in
            var held = 0, peak = 0
            for e in events.filter({ $0.stage == s }).sorted(by: { $0.start < $1.start }) {
                held += e.op.pass == .forward ? 1 : -1
                peak = max(peak, held)
            }
            return peak
        }
    }

    /// One text row per stage, `columns` characters wide: each pass is drawn as its letter and
    /// micro-batch number ("F0---", "B3===") over the cells it covers, idle time as "·".
    public func chart(columns: Int = 72) -> String {
        let origin = events.map(\.start).min() ?? 0
        let span = max(makespan, .leastNonzeroMagnitude)
        let label = "stage \(stages - 1)".count
        return (0..<stages).map { s in
            var row = [Character](repeating: "·", count: columns)
            for e in events where e.stage == s {
                let a = Int(((e.start - origin) / span * Double(columns)).rounded())
                let b = max(a + 1, Int(((e.end - origin) / span * Double(columns)).rounded()))
                let text = Array(e.op.pass.rawValue + String(e.op.microBatch))
                for c in a..<min(b, columns) {
                    let k = c - a
                    row[c] = k < text.count && b - a >= text.count ? text[k] : (e.op.pass == .forward ? "-" : "=")
                }
            }
            let name = "stage \(s)"
            return name + String(repeating: " ", count: label - name.count) + " |" + String(row) + "|"
        }.joined(separator: "\n")
    }
}
