// FLOP counting by tracing one forward pass (the approach of fvcore / ptflops): the layers that
// do matrix products report their work while a counter is active.
//
// Convention: one multiply-add = 2 FLOPs, and only matrix products are counted:
//   Linear        2 · in · out per input row (+ nothing for the bias)
//   attention     2 · T · T · d for QKᵀ and again for (softmax) V, per head and batch element
// Elementwise ops, softmax, normalisation and activations are not counted (they are O(n), small
// next to the products, and conventions for them differ between tools).
import TensorCore

/// Counts the FLOPs of matrix products while active.
public final class FlopCounter: @unchecked Sendable {
    // Task-local so that a trace in one task never counts work done by another. A counter is
    // only mutated by the task that traces with it, hence @unchecked Sendable.
    @TaskLocal static var active: FlopCounter?

    /// FLOPs counted so far.
    public private(set) var total = 0
    /// FLOPs per module kind ("Linear", "attention").
    public private(set) var byKind: [String: Int] = [:]

    init() {}

    /// Adds `flops` of work of `kind` to the active trace, if any (matrix layers do so through
    /// `MatrixLayer.matrixProduct`, attention in its own forward pass).
    public static func record(_ flops: Int, kind: String) {
        guard let counter = active else { return }
        counter.total += flops
        counter.byKind[kind, default: 0] += flops
    }
}

extension Module {
    /// FLOPs of one forward pass on an input of `inputShape` (batch included), counted by running
    /// the model once on zeros in evaluation mode without gradients. See `FlopCounter` for the
    /// counting convention. Token models take an input of token ids; zeros are a valid id.
    public func flops(inputShape: [Int]) throws -> FlopCounter {
        let counter = FlopCounter()
        let wasTraining = isTraining
        eval()
        defer { if wasTraining { train() } }
        let input = try Tensor.zeros(inputShape)
        _ = try FlopCounter.$active.withValue(counter) {
            try GradMode.withoutGrad { try forward(Variable(input)) }
        }
        return counter
    }
}
