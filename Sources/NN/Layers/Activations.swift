// Activation layers: parameter-free modules, so they can sit in a Sequential.
import TensorCore

/// max(x, 0).
public final class ReLU: Module {
    public var isTraining = true
    public init() {}
    public func forward(_ x: Variable) throws -> Variable { x.relu() }
}

/// GELU, tanh approximation (as GPT-2 uses): 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³))).
public final class GELU: Module {
    public var isTraining = true
    public init() {}
    public func forward(_ x: Variable) throws -> Variable { try x.gelu() }
}

/// tanh(x).
public final class Tanh: Module {
    public var isTraining = true
    public init() {}
    public func forward(_ x: Variable) throws -> Variable { x.tanh() }
}

/// 1 / (1 + e^-x).
public final class Sigmoid: Module {
    public var isTraining = true
    public init() {}
    public func forward(_ x: Variable) throws -> Variable { try x.sigmoid() }
}

/// Makes the activation layer named `name` ("relu", "gelu", "tanh", "sigmoid").
/// - Throws: on an unknown name.
public func activation(named name: String) throws -> any Module {
    switch name.lowercased() {
    case "relu": return ReLU()
    case "gelu": return GELU()
    case "tanh": return Tanh()
    case "sigmoid": return Sigmoid()
    default: throw NNError.argument("activation: unknown name \"\(name)\"; use relu, gelu, tanh or sigmoid")
    }
}
