// LayerNorm over the last axis (Ba et al., 2016): (x - mean) / sqrt(var + eps) · γ + β.
import TensorCore

/// Layer normalisation with a learned scale and shift.
public final class LayerNorm: Module {
    /// γ, shape [dim], initialised to ones.
    public let weight: Parameter
    /// β, shape [dim], initialised to zeros.
    public let bias: Parameter
    public let dim: Int
    /// Added to the variance before the square root (PyTorch's default 1e-5).
    public let eps: Float
    public var isTraining = true

    public init(_ dim: Int, eps: Float = 1e-5) throws {
        guard dim > 0 else { throw NNError.argument("layer_norm: size must be positive, got \(dim)") }
        self.dim = dim
        self.eps = eps
        weight = Parameter(try Tensor.ones([dim]))
        bias = Parameter(try Tensor.zeros([dim]))
    }

    public var localParameters: [(String, Parameter)] { [("weight", weight), ("bias", bias)] }
    public var summaryName: String { "LayerNorm(\(dim))" }

    public func copy() throws -> any Module {
        let copy = try LayerNorm(dim, eps: eps)
        copy.weight.value = weight.value
        copy.bias.value = bias.value
        copy.isTraining = isTraining
        return copy
    }

    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.last == dim else {
            throw NNError.shape("layer_norm: input \(shapeText(x.shape)) needs last axis \(dim)")
        }
        return try x.layerNorm(weight: weight.variable, bias: bias.variable, eps: eps)
    }
}
