// The memory a training step needs besides activations: the weights, one gradient per trainable
// weight, and the optimizer's state per trainable weight (Adam keeps two moments, m and v; SGD
// with momentum one velocity; plain SGD none). Freezing most of a model — LoRA, adapters, a
// head alone — shrinks the last two, which is where fine-tuning's memory goes at scale.
// Mixed precision stores weights and gradients in 16 bits and keeps an FP32 master copy with the
// optimizer's state: 2 + 2 + 4·(slots + 1) bytes per weight, 16 with Adam (ZeRO's 2Ψ + 2Ψ + 12Ψ).

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

    /// - Parameter mixedPrecision: 16-bit weights and gradients, the FP32 masters counted with
    ///   the optimizer's state (`MixedPrecision`).
    public init(_ model: any Module, optimizer: OptimizerKind = .adam, mixedPrecision: Bool = false) {
        parameters = model.parameterCount
        trainableParameters = model.trainableParameterCount
        if mixedPrecision {
            let float32 = model.parameters.filter { $0.value.dtype == .float32 }.reduce(0) { $0 + $1.count }
            parameterBytes = model.byteSize - 2 * float32
            gradientBytes = 2 * trainableParameters
            optimizerBytes = 4 * (optimizer.stateSlots + 1) * trainableParameters
        } else {
            parameterBytes = model.byteSize
            gradientBytes = 4 * trainableParameters
            optimizerBytes = 4 * optimizer.stateSlots * trainableParameters
        }
    }
}
