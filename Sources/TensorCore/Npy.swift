// numpy .npy reader and writer (format versions 1.0 and 2.0).
//
// Layout: magic "\x93NUMPY", major and minor version bytes, header length (UInt16 LE in 1.0,
// UInt32 LE in 2.0), an ASCII Python dict {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a final '\n' so the data starts 64-byte aligned, then the raw data.
import Foundation

/// Reads and writes numpy's .npy format.
public enum Npy {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    static func encoding(_ descr: String) -> FileElement? {
        switch descr {
        case "<f4": return .f32
        case "<f2": return .f16
        case "<f8": return .f64
        case "|i1", "<i1": return .i8
        case "|u1", "<u1": return .u8
        case "<i4": return .i32
        case "<i8": return .i64
        default: return nil
        }
    }

    /// Parses .npy bytes. '<f8', '<i8' and '<f2' convert to Float32; '|i1', '|u1', '<i4' keep their
    /// dtype. Fortran-ordered arrays are read and transposed into row-major order.
    public static func decode(_ data: Data) throws -> Tensor {
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw TensorError.io("npy: not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw TensorError.io("npy: truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw TensorError.io("npy: unsupported format version \(major)")
        }
        guard headerStart + headerLength <= data.count,
              let header = String(data: data.subdata(in: headerStart..<(headerStart + headerLength)), encoding: .utf8) else {
            throw TensorError.io("npy: truncated header")
        }
        guard let descr = field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }) else {
            throw TensorError.io("npy: header lacks 'descr'")
        }
        guard let enc = encoding(descr) else { throw TensorError.io("npy: unsupported dtype '\(descr)'") }
        let fortran = field("fortran_order", in: header) == "True"
        guard let shapeText = field("shape", in: header) else { throw TensorError.io("npy: header lacks 'shape'") }
        let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = try dims.map { d -> Int in
            guard let n = Int(d), n >= 0 else { throw TensorError.io("npy: bad shape \(shapeText)") }
            return n
        }
        let body = data.subdata(in: (headerStart + headerLength)..<data.count)
        if fortran {
            let reversed = try Tensor.fromBytes(body, encoding: enc, shape: shape.reversed(), op: "npy")
            return reversed.transposed().contiguous()
        }
        return try Tensor.fromBytes(body, encoding: enc, shape: shape, op: "npy")
    }

    /// The raw text of `key`'s value in the header dict, e.g. "(2, 3)" for 'shape'.
    static func field(_ key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[keyRange.upperBound...].drop { $0 == " " || $0 == ":" }
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        rest = rest.prefix { $0 != "," && $0 != "}" }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    /// Reads a .npy file.
    public static func read(from url: URL) throws -> Tensor {
        guard let data = try? Data(contentsOf: url) else { throw TensorError.io("npy: cannot read \(url.path)") }
        return try decode(data)
    }

    /// Encodes a tensor as .npy version 1.0 (int4 is widened to '|i1').
    public static func encode(_ tensor: Tensor) -> Data {
        let (bytes, dtype) = tensor.elementBytes()
        let descr: String
        switch dtype {
        case .float32: descr = "<f4"
        case .int8, .int4: descr = "|i1"
        case .uint8: descr = "|u1"
        case .int32: descr = "<i4"
        }
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = Data(magic + [1, 0])
        let length = UInt16(header.utf8.count)
        out.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        out.append(Data(header.utf8))
        out.append(bytes)
        return out
    }

    /// Writes a tensor to a .npy file (atomically).
    public static func write(_ tensor: Tensor, to url: URL) throws {
        do { try encode(tensor).write(to: url, options: .atomic) } catch {
            throw TensorError.io("npy: cannot write \(url.path)")
        }
    }
}
