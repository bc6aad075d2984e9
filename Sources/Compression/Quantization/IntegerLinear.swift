// IntegerLinear: a Linear layer whose product runs on the integer kernels — INT8 weights with
// one scale per output channel (W8A8), or 4-bit weights in groups of 32 (W4A8) — with its input
// quantized per token at run time to 7-bit codes (dynamic quantization). Unlike QuantizedLinear,
// nothing is dequantized in the forward pass: the multiply-adds are integer.
//
// Training through it: the backward pass is the straight-through estimator of both roundings,
// dx = dy · Ŵ with Ŵ the dequantized weight (Bengio et al. 2013); the codes stay frozen.
import NN
import TensorCore

/// A Linear layer computed by `IntegerMatrix` kernels (see the file comment).
public final class IntegerLinear: IntegerMatrixLayer {
    /// The quantized weight [out, in] (int8 per channel, or int4 in groups of 32).
    public let quantized: QuantizedTensor
    public let integerMatrix: any IntegerMatrix
    public let bias: Parameter?
    public let inFeatures: Int
    public let outFeatures: Int
    public var isTraining = true
    let codes: Parameter
    let scale: Parameter

    /// The weight settings each width uses: PyTorch's symmetric signed codes, per output channel
    /// at 8 bits, per group of 32 (ggml's Q4_0 block) at 4 bits.
    public static func config(bits: Int) throws -> QuantConfig {
        switch bits {
        case 8: return try QuantConfig(bits: 8, scheme: .symmetric, granularity: .perChannel(axis: 0))
        case 4: return try QuantConfig(bits: 4, scheme: .symmetric, granularity: .perGroup(size: Int4Matrix.groupSize))
        default: throw CompressionError.argument("integer kernels: weights of 8 bits (W8A8) or 4 bits (W4A8), got \(bits)")
        }
    }

    /// Quantizes the weight of `linear` to `bits` (8 or 4); the bias is copied in Float32.
    /// - Throws: for other widths, or 4 bits with an input width that is not a multiple of 32.
    public convenience init(_ linear: Linear, bits: Int) throws {
        if bits == 4, linear.inFeatures % Int4Matrix.groupSize != 0 {
            throw CompressionError.shape("integer kernels: 4-bit weights need an input width that is a multiple of \(Int4Matrix.groupSize); this layer has \(linear.inFeatures)")
        }
        let q = try QuantizedTensor(linear.weight.value, config: try IntegerLinear.config(bits: bits))
        let (n, k) = (linear.outFeatures, linear.inFeatures)
        let codes = q.integerCodes.map { Int8($0) }
        let matrix: any IntegerMatrix = bits == 8
            ? try Int8Matrix(codes: codes, scales: q.scales, outFeatures: n, inFeatures: k)
            : try Int4Matrix(codes: codes, scales: q.scales, outFeatures: n, inFeatures: k)
        self.init(quantized: q, integerMatrix: matrix, bias: linear.bias.map { Parameter($0.value, requiresGrad: $0.requiresGrad) },
                  inFeatures: k, outFeatures: n)
    }

    private init(quantized: QuantizedTensor, integerMatrix: any IntegerMatrix, bias: Parameter?, inFeatures: Int, outFeatures: Int) {
        self.quantized = quantized
        self.integerMatrix = integerMatrix
        self.bias = bias
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        codes = Parameter(quantized.codes, requiresGrad: false)
        scale = Parameter(quantized.scale, requiresGrad: false)
    }

    public var localParameters: [(String, Parameter)] {
        var out = [("weight", codes), ("scale", scale)]
        if let bias { out.append(("bias", bias)) }
        return out
    }

    public var effectiveBias: Tensor? { bias?.value }

    /// The codes (and the kernels' packed copy of them) are frozen and shared; the bias gets a
    /// new cell.
    public func copy() throws -> any Module {
        IntegerLinear(quantized: quantized, integerMatrix: integerMatrix, bias: bias.map { Parameter($0.value, requiresGrad: $0.requiresGrad) },
                      inFeatures: inFeatures, outFeatures: outFeatures)
    }

    public var summaryName: String {
        "IntegerLinear(\(inFeatures) → \(outFeatures), W\(quantized.bits)A8: \(integerMatrix.kindName), activations 7-bit per token)"
    }

    /// x [..., in] → [..., out] through the integer kernel (see the file comment).
    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.count >= 1, x.shape.last == inFeatures else {
            throw CompressionError.shape("integer linear: input \(shapeText(x.shape)) needs last axis \(inFeatures)")
        }
        let rows = x.value.count / inFeatures
        FlopCounter.record(2 * rows * inFeatures * outFeatures, kind: "Linear")
        let y = try integerMatrix.apply(x.value, bias: bias?.value)
        let parents = [x] + (bias.map { [$0.variable] } ?? [])
        let quantized = self.quantized, inFeatures = self.inFeatures, outFeatures = self.outFeatures
        return Variable.custom(y, op: "integer_linear", parents: parents) { g in
            let flat = try g.reshaped([rows, outFeatures])
            let dx = try flat.matmul(try quantized.dequantize()).reshaped(Array(g.shape.dropLast()) + [inFeatures])
            return [dx, parents.count > 1 ? try flat.sum(axes: [0]) : nil]
        }
    }
}
