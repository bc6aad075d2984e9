// Quantization-aware training (Jacob et al., 2018; PyTorch's QAT flow): the forward pass sees
// fake-quantized weights, the backward pass updates the Float32 weights through the
// straight-through estimator, so training learns weights that survive rounding.
//
//     let qat = try prepareQAT(model, config: QuantConfig(bits: 4, scheme: .symmetric, granularity: .perChannel(axis: 0)))
//     _ = try fit(qat, ...)                                   // trains the shared Float32 weights
//     let (q, _) = try quantize(model, bits: 4, ...)          // then convert for real
import NN
import TensorCore

/// Wraps a Linear: forward uses the fake-quantized weight (scale and zero point recomputed from
/// the current weight each step, i.e. a MinMax observer that is always on).
public final class QATLinear: MatrixLayer {
    /// The wrapped layer; its Float32 parameters are the ones trained.
    public let linear: Linear
    public let config: QuantConfig
    public var isTraining = true

    public init(_ linear: Linear, config: QuantConfig) {
        self.linear = linear
        self.config = config
    }

    public var namedChildren: [(String, any Module)] { [("linear", linear)] }
    public var inFeatures: Int { linear.inFeatures }
    public var outFeatures: Int { linear.outFeatures }
    public func effectiveWeight() throws -> Tensor { try linear.weight.value.fakeQuantized(config) }
    public var effectiveBias: Tensor? { linear.bias?.value }

    public func copy() throws -> any Module { QATLinear(try linear.copy() as! Linear, config: config) }

    public var summaryName: String { "QATLinear(\(linear.inFeatures) → \(linear.outFeatures), int\(config.bits))" }

    /// x [..., in] → [..., out] with the fake-quantized weight.
    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.count >= 1, x.shape.last == linear.inFeatures else {
            throw CompressionError.shape("qat linear: input \(shapeText(x.shape)) needs last axis \(linear.inFeatures)")
        }
        return try matrixProduct(x, weight: try linear.weight.variable.fakeQuantized(config), bias: linear.bias?.variable)
    }
}

/// `model` without fake quantization: every QATLinear replaced by the Float32 Linear it trains
/// (shared, not copied — the caller copies).
public func removingFakeQuantization(_ model: any Module) throws -> any Module {
    if let fake = model as? QATLinear { return fake.linear }
    try model.replaceModules { _, layer in (layer as? QATLinear)?.linear }
    return model
}

/// A copy of `model` whose Linear layers (those passing `filter`) are wrapped in `QATLinear`:
/// training the copy learns weights that survive rounding; quantize it afterwards.
public func prepareQAT(_ model: any Module, config: QuantConfig,
                       filter: (String, any Module) -> Bool = { _, _ in true }) throws -> any Module {
    try mapLinears(model, filter: filter) { _, linear in QATLinear(linear, config: config) }
}
