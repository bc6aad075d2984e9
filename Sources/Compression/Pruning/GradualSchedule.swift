// Zhu & Gupta (2017), "To prune, or not to prune": the gradual (cubic) sparsity schedule
//
//   s_t = s_f + (s_i − s_f)·(1 − (t − t0)/(n·Δt))³   for t0 ≤ t ≤ t0 + n·Δt,
//
// s_i before t0 and s_f after. It prunes fast while the network has many redundant weights and
// slowly as it approaches the target; pruning happens every Δt steps.

/// The cubic sparsity schedule of Zhu & Gupta.
public struct GradualSchedule: Equatable, Sendable {
    public let initialSparsity: Float
    public let finalSparsity: Float
    /// First pruning step t0.
    public let startStep: Int
    /// Number of pruning events n.
    public let pruningSteps: Int
    /// Steps between pruning events Δt.
    public let frequency: Int

    /// - Throws: on sparsities outside [0, 1) ... [0, 1] or non-positive n, Δt.
    public init(initialSparsity: Float = 0, finalSparsity: Float, startStep: Int = 0,
                pruningSteps: Int, frequency: Int = 1) throws {
        guard (0...1).contains(initialSparsity), (0...1).contains(finalSparsity) else {
            throw CompressionError.argument("schedule: sparsities must be in [0, 1]")
        }
        guard pruningSteps > 0, frequency > 0, startStep >= 0 else {
            throw CompressionError.argument("schedule: needs n > 0, Δt > 0 and t0 ≥ 0")
        }
        self.initialSparsity = initialSparsity
        self.finalSparsity = finalSparsity
        self.startStep = startStep
        self.pruningSteps = pruningSteps
        self.frequency = frequency
    }

    /// Target sparsity at step t.
    public func sparsity(at step: Int) -> Float {
        let span = Float(pruningSteps * frequency)
        let progress = Swift.min(Swift.max(Float(step - startStep) / span, 0), 1)
        let remaining = 1 - progress
        return finalSparsity + (initialSparsity - finalSparsity) * remaining * remaining * remaining
    }

    /// Whether step t is a pruning event (t = t0 + kΔt, 0 ≤ k ≤ n).
    public func isPruningStep(_ step: Int) -> Bool {
        step >= startStep && step <= startStep + pruningSteps * frequency && (step - startStep) % frequency == 0
    }
}
