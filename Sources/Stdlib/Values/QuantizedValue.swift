import Compression
import Interpreter
import Render
import TensorCore

/// A quantized tensor inside the language: `q.q` (integer codes), `q.scale`, `q.zero_point`,
/// `q.bits`, `q.bytes` (real storage, packed for ≤ 4 bits), `q.equation` (the live mapping).
public final class QuantizedValue: NativeObject {
    public let quantized: QuantizedTensor

    public init(_ quantized: QuantizedTensor) { self.quantized = quantized }

    public var typeName: String { "quantized" }

    public var fieldNames: [String] {
        ["q", "scale", "zero_point", "bits", "bytes", "fp32_bytes", "bits_per_weight", "scheme", "signed",
         "granularity", "qmin", "qmax", "shape", "equation"]
    }

    public func field(_ name: String) throws -> Value? {
        let q = quantized
        switch name {
        case "q":
            return .native(TensorValue(try Tensor(shape: q.shape, scalars: q.integerCodes.map(Float.init))))
        case "scale":
            return q.scales.count == 1 ? .number(Double(q.scales[0])) : .native(TensorValue(q.scale))
        case "zero_point":
            let z = q.zeroPoints
            if z.count == 1 { return .number(Double(z[0])) }
            return .native(TensorValue(try Tensor(shape: q.scale.shape, scalars: z.map(Float.init))))
        case "bits": return .number(Double(q.bits))
        case "bytes": return .number(Double(q.bytes))
        case "fp32_bytes": return .number(Double(q.shape.reduce(1, *) * 4))
        case "bits_per_weight": return .number(q.bitsPerElement)
        case "scheme": return .string(q.scheme.rawValue)
        case "signed": return .bool(q.config.signed)
        case "granularity": return .string(q.config.granularity.description)
        case "qmin": return .number(Double(q.config.qmin))
        case "qmax": return .number(Double(q.config.qmax))
        case "shape": return Bridge.list(q.shape)
        case "equation": return .native(DisplayValue(Equation(tex: q.equation), typeName: "equation"))
        default: return nil
        }
    }

    public func describe(maxWidth: Int) -> String {
        let q = quantized
        var text = "quantized int\(q.bits) \(q.scheme.rawValue) \(q.config.granularity) \(q.shape): \(q.bytes) bytes (FP32: \(q.shape.reduce(1, *) * 4))"
        if q.scales.count == 1 { text += ", scale \(Value.format(number: Double(q.scales[0]))), zero point \(q.zeroPoints[0])" }
        return text
    }
}

/// Weights in a ggml block format (Q8_0 or Q4_0): `g.bytes`, `g.bits_per_weight`, `dequantize(g)`.
public final class GGMLValue: NativeObject {
    public let encoded: GGMLTensor

    public init(_ encoded: GGMLTensor) { self.encoded = encoded }

    public var typeName: String { "ggml" }
    public var fieldNames: [String] { ["format", "bytes", "bits_per_weight", "shape"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "format": return .string(encoded.format.rawValue)
        case "bytes": return .number(Double(encoded.bytes))
        case "bits_per_weight": return .number(encoded.bitsPerWeight)
        case "shape": return Bridge.list(encoded.shape)
        default: return nil
        }
    }

    public func describe(maxWidth: Int) -> String {
        "ggml \(encoded.format.rawValue) \(encoded.shape): \(encoded.bytes) bytes, \(Value.format(number: encoded.bitsPerWeight)) bits/weight"
    }
}

/// A sparse matrix in CSR form: `c.nnz`, `c.density`, `c.bytes`; `spmm(c, x)` multiplies.
public final class CSRValue: NativeObject {
    public let matrix: CSRMatrix

    public init(_ matrix: CSRMatrix) { self.matrix = matrix }

    public var typeName: String { "csr" }
    public var fieldNames: [String] { ["nnz", "density", "bytes", "dense_bytes", "shape"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "nnz": return .number(Double(matrix.nonzeroCount))
        case "density": return Bridge.number(matrix.density)
        case "bytes": return .number(Double(matrix.bytes))
        case "dense_bytes": return .number(Double(matrix.rows * matrix.columns * 4))
        case "shape": return Bridge.list([matrix.rows, matrix.columns])
        default: return nil
        }
    }

    public func describe(maxWidth: Int) -> String {
        "csr [\(matrix.rows), \(matrix.columns)]: \(matrix.nonzeroCount) non-zeros, \(matrix.bytes) bytes (dense: \(matrix.rows * matrix.columns * 4))"
    }
}
