// What one training step holds in memory, by kind: the weights, the activations the autodiff
// graph keeps for backward, the gradients, and the optimizer's state. Weights, gradients and
// state follow from the parameter counts (TrainingMemory); activations are measured by walking
// the step's graph after the forward pass, which is when they peak.
import TensorCore

/// The bytes of one measured training step.
public struct StepMemory: Equatable {
    public var weights: Int
    /// Intermediate values the graph kept for backward (measured by walking the graph; a view
    /// that shares its parent's buffer counts again).
    public var activations: Int
    /// Tensor memory the forward pass allocated and still held when it returned (measured by the
    /// tensor core's allocator, on this thread): the activations as the machine sees them, views
    /// counted once.
    public var allocated: Int
    public var gradients: Int
    public var optimizerState: Int
    /// Everything at once: the moment after the forward pass of a step whose optimizer state
    /// and gradients (from the previous step) are still allocated.
    public var peak: Int { weights + activations + gradients + optimizerState }
}

extension Module {
    /// Runs `loss()` (a forward pass building the graph) and measures the step's memory by kind,
    /// then back-propagates so the gradients are real. Clears the gradients before it starts.
    public func measureTrainingStep(optimizer: TrainingMemory.OptimizerKind = .adam,
                                    _ loss: () throws -> Variable) throws -> StepMemory {
        zeroGrad()
        let before = TensorCore.threadLiveBytes
        let value = try loss()
        let allocated = TensorCore.threadLiveBytes - before
        let activations = value.retainedActivationBytes
        try value.backward()
        let gradients = parameters.reduce(0) { $0 + ($1.grad.map { $0.bytes } ?? 0) }
        let budget = TrainingMemory(self, optimizer: optimizer)
        return StepMemory(weights: budget.parameterBytes, activations: activations, allocated: allocated, gradients: gradients,
                          optimizerState: budget.optimizerBytes)
    }
}
