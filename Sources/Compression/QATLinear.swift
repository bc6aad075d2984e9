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
public final class QATLinear: Module {
    /// The wrapped layer; its Float32 parameters are the ones trained.
    public let linear: Linear
    public let config: QuantConfig
    public var isTraining = true

    public init(_ linear: Linear, config: QuantConfig) {
        self.linear = linear
        self.config = config
    }

    public var namedChildren: [(String, any Module)] { [("linear", linear)] }
    public var summaryName: String { "QATLinear(\(linear.inFeatures) → \(linear.outFeatures), int\(config.bits))" }

    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.count == 2, x.shape[1] == linear.inFeatures else {
            throw CompressionError.shape("qat linear: input \(shapeText(x.shape)) needs shape [N, \(linear.inFeatures)]")
        }
        let w = try linear.weight.variable.fakeQuantized(config)
        var y = try x.matmul(w.transposed())
        if let bias = linear.bias { y = try y + bias.variable }
        return y
    }
}

/// A Sequential whose Linear layers (those passing `filter`) are wrapped in `QATLinear`, sharing
/// the original parameters: training it trains `model`.
/// - Throws: when `model` is not a Sequential of layers.
public func prepareQAT(_ model: Sequential, config: QuantConfig,
                       filter: (String, any Module) -> Bool = { _, _ in true }) throws -> Sequential {
    let layers: [any Module] = model.namedChildren.map { name, layer in
        guard let linear = layer as? Linear, filter(name, layer) else { return layer }
        return QATLinear(linear, config: config)
    }
    return Sequential(layers)
}
