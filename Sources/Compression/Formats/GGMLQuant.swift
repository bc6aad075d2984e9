// ggml's block quantization formats Q8_0 and Q4_0 (llama.cpp, ggml-quants.c), bit-compatible.
//
// Both cut the flat weights into blocks of 32 and store one fp16 scale d per block:
// - Q8_0: d = amax/127, q = round(x/d) as int8 (round half away from zero, C's roundf);
//   34 bytes per 32 weights = 8.5 bits/weight; x̂ = q·d.
// - Q4_0: m = the signed value of largest magnitude, d = m/−8, q = clamp(⌊x/d + 8.5⌋, 0, 15)
//   (ggml adds 8.5 and truncates: round half up after the +8 shift), two 4-bit codes per byte:
//   element j in the low nibble and element j+16 in the high nibble of byte j;
//   18 bytes per 32 weights = 4.5 bits/weight; x̂ = (q − 8)·d.
// Scales are rounded to fp16 before they are stored, and decoding uses the stored fp16 value;
// encoding divides by the unrounded d, as ggml's reference quantizer does.
import TensorCore

/// A ggml block format.
public enum GGMLFormat: String, Sendable, CaseIterable {
    case q8_0, q4_0

    /// Weights per block.
    public static let blockSize = 32

    /// Bytes of one block: fp16 scale + codes.
    public var blockBytes: Int {
        switch self {
        case .q8_0: return 2 + 32
        case .q4_0: return 2 + 16
        }
    }

    /// Storage bits per weight (8.5 and 4.5).
    public var bitsPerWeight: Double { Double(blockBytes * 8) / Double(GGMLFormat.blockSize) }
}

/// Weights encoded in a ggml block format: the exact bytes ggml would write.
public struct GGMLTensor {
    public let format: GGMLFormat
    public let shape: [Int]
    /// Blocks back to back: 2 bytes little-endian fp16 scale, then the codes.
    public let data: [UInt8]

    /// Encodes a tensor whose element count is a multiple of 32 (ggml's requirement).
    public init(_ x: Tensor, format: GGMLFormat) throws {
        let values = x.scalars
        guard values.count % GGMLFormat.blockSize == 0 else {
            throw CompressionError.shape("ggml: \(values.count) elements is not a multiple of 32")
        }
        var data: [UInt8] = []
        data.reserveCapacity(values.count / 32 * format.blockBytes)
        for start in stride(from: 0, to: values.count, by: 32) {
            let block = Array(values[start..<start + 32])
            switch format {
            case .q8_0: GGMLTensor.encodeQ8(block, into: &data)
            case .q4_0: GGMLTensor.encodeQ4(block, into: &data)
            }
        }
        self.format = format
        self.shape = x.shape
        self.data = data
    }

    static func appendHalf(_ d: Float, to data: inout [UInt8]) {
        let h = HalfFormat.fp16Bits(d)
        data.append(UInt8(h & 0xFF))
        data.append(UInt8(h >> 8))
    }

    static func encodeQ8(_ block: [Float], into data: inout [UInt8]) {
        let amax = block.reduce(Float(0)) { Swift.max($0, Swift.abs($1)) }
        let d = amax / 127
        let inverse: Float = d != 0 ? 1 / d : 0
        appendHalf(d, to: &data)
        for x in block {
            let q = Int8((x * inverse).rounded(.toNearestOrAwayFromZero))
            data.append(UInt8(bitPattern: q))
        }
    }

    static func encodeQ4(_ block: [Float], into data: inout [UInt8]) {
        var amax: Float = 0, signedMax: Float = 0
        for x in block where Swift.abs(x) > amax {
            amax = Swift.abs(x)
            signedMax = x
        }
        let d = signedMax / -8
        let inverse: Float = d != 0 ? 1 / d : 0
        appendHalf(d, to: &data)
        func code(_ x: Float) -> UInt8 { UInt8(Swift.min(15, Int8(x * inverse + 8.5))) }
        for j in 0..<16 { data.append(code(block[j]) | (code(block[j + 16]) << 4)) }
    }

    /// Decodes back to Float32: x̂ = q·d (Q8_0) or (q − 8)·d (Q4_0).
    public func dequantize() throws -> Tensor {
        var out: [Float] = []
        out.reserveCapacity(data.count / format.blockBytes * 32)
        for start in stride(from: 0, to: data.count, by: format.blockBytes) {
            let d = Float(halfBits: UInt16(data[start]) | UInt16(data[start + 1]) << 8)
            switch format {
            case .q8_0:
                for j in 0..<32 { out.append(Float(Int8(bitPattern: data[start + 2 + j])) * d) }
            case .q4_0:
                var block = [Float](repeating: 0, count: 32)
                for j in 0..<16 {
                    let byte = data[start + 2 + j]
                    block[j] = Float(Int(byte & 0x0F) - 8) * d
                    block[j + 16] = Float(Int(byte >> 4) - 8) * d
                }
                out.append(contentsOf: block)
            }
        }
        return try Tensor(shape: shape, scalars: out)
    }

    /// Bytes held (all blocks).
    public var bytes: Int { data.count }
    /// Measured bits per weight.
    public var bitsPerWeight: Double { Double(data.count * 8) / Double(Swift.max(1, shape.reduce(1, *))) }
}
