// QuantizedLinear: a Linear layer whose stored weight really is the low-bit storage.
//
// Its parameters are the int8/uint8/int4 codes, the Float32 scales and the zero points (all
// frozen), so `model.byteSize` reports the real footprint. There is no integer GEMM here: every
// forward pass dequantizes the weight to a temporary Float32 matrix, x̂ = (q − z)·s, and calls
// sgemm — the accuracy is that of the quantized weights, the speed is not that of an int8 kernel.
import NN
import TensorCore

/// A Linear layer holding a `QuantizedTensor` weight (weight-only quantization).
public final class QuantizedLinear: MatrixLayer {
    /// The quantized weight [out, in].
    public let quantized: QuantizedTensor
    /// Float32 bias [out], or nil.
    public let bias: Parameter?
    public let inFeatures: Int
    public let outFeatures: Int
    public var isTraining = true
    let codes: Parameter
    let scale: Parameter
    let zeroPoint: Parameter

    /// Quantizes the weight of `linear` with `config`; the bias is copied in Float32.
    public init(_ linear: Linear, config: QuantConfig) throws {
        quantized = try QuantizedTensor(linear.weight.value, config: config)
        inFeatures = linear.inFeatures
        outFeatures = linear.outFeatures
        bias = linear.bias.map { Parameter($0.value) }
        codes = Parameter(quantized.codes, requiresGrad: false)
        scale = Parameter(quantized.scale, requiresGrad: false)
        zeroPoint = Parameter(quantized.zeroPoint, requiresGrad: false)
    }

    public var localParameters: [(String, Parameter)] {
        var out = [("weight", codes), ("scale", scale), ("zero_point", zeroPoint)]
        if let bias { out.append(("bias", bias)) }
        return out
    }

    public func effectiveWeight() throws -> Tensor { try quantized.dequantize() }
    public var effectiveBias: Tensor? { bias?.value }

    /// Codes, scales and zero points are frozen, so the copy shares them (requantizing a
    /// dequantized copy could move its scales); the bias gets a new cell.
    public func copy() throws -> any Module {
        QuantizedLinear(quantized: quantized, bias: bias.map { Parameter($0.value) }, inFeatures: inFeatures, outFeatures: outFeatures)
    }

    private init(quantized: QuantizedTensor, bias: Parameter?, inFeatures: Int, outFeatures: Int) {
        self.quantized = quantized
        self.bias = bias
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        codes = Parameter(quantized.codes, requiresGrad: false)
        scale = Parameter(quantized.scale, requiresGrad: false)
        zeroPoint = Parameter(quantized.zeroPoint, requiresGrad: false)
    }

    public var summaryName: String {
        "QuantizedLinear(\(inFeatures) → \(outFeatures), int\(quantized.bits) \(quantized.scheme.rawValue) \(quantized.config.granularity))"
    }

    /// x [..., in] → [..., out]: dequantize the weight, then one sgemm (see the file comment).
    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.count >= 1, x.shape.last == inFeatures else {
            throw CompressionError.shape("quantized linear: input \(shapeText(x.shape)) needs last axis \(inFeatures)")
        }
        return try matrixProduct(x, weight: Variable(try quantized.dequantize()), bias: bias?.variable)
    }
}
