// Linear: y = x Wᵀ + b, with W of shape [out, in] as in PyTorch.
import TensorCore

/// A fully connected layer.
public final class Linear: MatrixLayer {
    /// Weight of shape [out, in].
    public let weight: Parameter
    /// Bias of shape [out], or nil.
    public let bias: Parameter?
    public let inFeatures: Int
    public let outFeatures: Int
    public var isTraining = true

    /// A layer initialised like PyTorch's `nn.Linear`: weight and bias uniform in ±1/√in
    /// (kaiming_uniform with a = √5 reduces to this bound).
    /// - Throws: when a size is not positive.
    public init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, using rng: inout WhittleRandom) throws {
        guard inFeatures > 0, outFeatures > 0 else {
            throw NNError.argument("linear: sizes must be positive, got \(inFeatures) → \(outFeatures)")
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        let bound = 1 / Float(inFeatures).squareRoot()
        weight = Parameter(try Tensor.rand([outFeatures, inFeatures], low: -bound, high: bound, using: &rng))
        self.bias = bias ? Parameter(try Tensor.rand([outFeatures], low: -bound, high: bound, using: &rng)) : nil
    }

    /// The same, from a fresh generator seeded with `seed`.
    public convenience init(_ inFeatures: Int, _ outFeatures: Int, bias: Bool = true, seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        try self.init(inFeatures, outFeatures, bias: bias, using: &rng)
    }

    /// A layer with the given weight [out, in] and bias [out] (for compression code that builds a
    /// smaller or factorised layer from an existing one).
    /// - Throws: when the weight is not 2-D or the bias does not have `out` elements.
    public init(weight: Tensor, bias: Tensor?) throws {
        guard weight.rank == 2, weight.shape[0] > 0, weight.shape[1] > 0 else {
            throw NNError.shape("linear: weight \(shapeText(weight.shape)) must be a non-empty [out, in] matrix")
        }
        if let bias, bias.shape != [weight.shape[0]] {
            throw NNError.shape("linear: bias \(shapeText(bias.shape)) must have shape [\(weight.shape[0])]")
        }
        outFeatures = weight.shape[0]
        inFeatures = weight.shape[1]
        self.weight = Parameter(weight)
        self.bias = bias.map { Parameter($0) }
    }

    public var localParameters: [(String, Parameter)] {
        if let bias { return [("weight", weight), ("bias", bias)] }
        return [("weight", weight)]
    }

    public var summaryName: String { "Linear(\(inFeatures) → \(outFeatures))" }

    public func effectiveWeight() -> Tensor { weight.value }
    public var effectiveBias: Tensor? { bias?.value }

    /// New parameter cells with the same values and masks.
    public func copy() throws -> any Module {
        let copy = try Linear(weight: weight.value, bias: bias?.value)
        copy.weight.mask = weight.mask
        copy.bias?.mask = bias?.mask
        copy.isTraining = isTraining
        return copy
    }

    /// x [..., in] → [..., out].
    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.count >= 1, x.shape.last == inFeatures else {
            throw NNError.shape("linear: input \(shapeText(x.shape)) needs last axis \(inFeatures)")
        }
        return try matrixProduct(x, weight: weight.variable, bias: bias?.variable)
    }
}

extension MatrixLayer {
    /// x [..., in] · Wᵀ + b → [..., out], the product every matrix layer computes once it has its
    /// weight (plain, dequantized, fake-quantized): vectors and batches of any rank go through one
    /// 2-D product, counted as 2·rows·in·out FLOPs. The caller has checked x's last axis.
    public func matrixProduct(_ x: Variable, weight: Variable, bias: Variable?) throws -> Variable {
        let rows = x.value.count / inFeatures
        FlopCounter.record(2 * rows * inFeatures * outFeatures, kind: "Linear")
        let flat = x.shape.count == 2 ? x : try x.reshaped([rows, inFeatures])
        var y = try flat.matmul(weight.transposed())
        if let bias { y = try y + bias }
        if x.shape.count == 2 { return y }
        return try y.reshaped(Array(x.shape.dropLast()) + [outFeatures])
    }
}
