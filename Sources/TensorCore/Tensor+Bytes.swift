// Raw little-endian element bytes in and out, shared by the safetensors and .npy readers/writers.
import Foundation

/// On-disk element encodings the file formats use.
enum FileElement {
    case f32, f16, bf16, f64, i8, u8, i32, i64

    var size: Int {
        switch self {
        case .f32, .i32: return 4
        case .f16, .bf16: return 2
        case .f64, .i64: return 8
        case .i8, .u8: return 1
        }
    }

    /// The dtype a tensor read from this encoding gets (wider types convert to Float32).
    var dtype: DType {
        switch self {
        case .f32, .f16, .bf16, .f64, .i64: return .float32
        case .i8: return .int8
        case .u8: return .uint8
        case .i32: return .int32
        }
    }
}

/// IEEE half → Float (subnormals, infinities and NaN included).
func halfToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h >> 15) << 31
    let exponent = Int((h >> 10) & 0x1F)
    let mantissa = UInt32(h & 0x3FF)
    if exponent == 0 {
        let value = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
        return sign == 0 ? value : -value
    }
    if exponent == 31 { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
    return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
}

extension Tensor {
    /// Builds a tensor of `shape` from little-endian bytes in `encoding`.
    static func fromBytes(_ data: Data, encoding: FileElement, shape: [Int], op: String) throws -> Tensor {
        let count = try checkedCount(shape, op: op)
        guard data.count == count * encoding.size else {
            throw TensorError.io("\(op): \(shapeText(shape)) needs \(count * encoding.size) bytes, found \(data.count)")
        }
        let out = try Tensor(uninitialized: shape, dtype: encoding.dtype, op: op)
        data.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            let o = out.storage.raw
            switch encoding {
            case .f32, .i32, .i8, .u8:
                // Little-endian host (x86-64, arm64): the bytes are the values.
                if let base = src.baseAddress { o.copyMemory(from: base, byteCount: data.count) }
            case .f16:
                for i in 0..<count { out.storage.floats[i] = halfToFloat(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) }
            case .bf16:
                for i in 0..<count {
                    out.storage.floats[i] = Float(bitPattern: UInt32(src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16)
                }
            case .f64:
                for i in 0..<count { out.storage.floats[i] = Float(src.loadUnaligned(fromByteOffset: 8 * i, as: Double.self)) }
            case .i64:
                for i in 0..<count { out.storage.floats[i] = Float(src.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self)) }
            }
        }
        return out
    }

    /// The elements as little-endian bytes in their own dtype (int4 is widened to one int8 per element,
    /// since neither file format has a 4-bit type).
    func elementBytes() -> (data: Data, dtype: DType) {
        let source = dtype == .int4 ? astype(.int8) : contiguous()
        let plain = source.offset == 0 ? source : source.materialized(as: source.dtype)
        let data = withExtendedLifetime(plain) {
            Data(bytes: plain.storage.raw, count: plain.dtype.byteSize(count: plain.count))
        }
        return (data, plain.dtype)
    }
}
