// The memory a training step needs besides activations: the weights, one gradient per trainable
// weight, and the optimizer's state per trainable weight (Adam keeps two moments, m and v; SGD
// with momentum one velocity; plain SGD none). Freezing most of a model — LoRA, adapters, a
// head alone — shrinks the last two, which is where fine-tuning's memory goes at scale.

/// Bytes of weights, gradients and optimizer state for training a model.
public struct TrainingMemory: Equatable {
    /// Optimizer state tensors kept per trainable weight.
    public enum OptimizerKind: String, CaseIterable {
        case adam, adamw, sgd, momentum

        /// Float32 values of state per trainable weight.
        public var stateSlots: Int {
            switch self {
            case .adam, .adamw: return 2
            case .momentum: return 1
            case .sgd: return 0
            }
        }
    }

    public var parameters: Int
    public var trainableParameters: Int
    /// Storage of every weight (quantized ones at their real size).
    public var parameterBytes: Int
    /// One Float32 gradient per trainable weight.
    public var gradientBytes: Int
    public var optimizerBytes: Int
    public var totalBytes: Int { parameterBytes + gradientBytes + optimizerBytes }

    public init(_ model: any Module, optimizer: OptimizerKind = .adam) {
        parameters = model.parameterCount
        trainableParameters = model.trainableParameterCount
        parameterBytes = model.byteSize
        gradientBytes = 4 * trainableParameters
        optimizerBytes = 4 * optimizer.stateSlots * trainableParameters
    }
}
