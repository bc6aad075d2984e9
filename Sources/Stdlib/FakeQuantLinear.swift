import Compression
import NN
import TensorCore

/// A Linear layer trained through fake quantization (quantization-aware training, QAT).
///
/// The forward pass uses Ŵ = fake_quantize(W) with the scales of W's current min/max, so the
/// loss sees the rounding a quantized model will have; the backward pass is the straight-through
/// estimator of Compression's `Variable.fakeQuantized` (gradient 1 inside the range, 0 where
/// clamped), so the Float32 W keeps learning. `quantize_model` later stores W for real.
/// It lives here because the language needs it and Compression has no QAT layer yet.
final class FakeQuantLinear: Module {
    let linear: Linear
    let config: QuantConfig
    var isTraining = true

    init(_ linear: Linear, config: QuantConfig) {
        self.linear = linear
        self.config = config
    }

    // The Linear's own parameters, listed directly so paths stay "0.weight" as before QAT.
    var localParameters: [(String, Parameter)] { linear.localParameters }

    var summaryName: String {
        "FakeQuantLinear(\(linear.inFeatures) → \(linear.outFeatures), int\(config.bits) \(config.scheme.rawValue) \(config.granularity))"
    }

    func forward(_ x: Variable) throws -> Variable {
        guard x.shape.count == 2, x.shape[1] == linear.inFeatures else {
            throw CompressionError.shape("qat: input \(x.shape) needs shape [N, \(linear.inFeatures)]")
        }
        let w = try linear.weight.variable.fakeQuantized(config)
        var y = try x.matmul(w.transposed())
        if let bias = linear.bias { y = try y + bias.variable }
        return y
    }
}
