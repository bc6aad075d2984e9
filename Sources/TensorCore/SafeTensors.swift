// safetensors reader and writer (https://huggingface.co/docs/safetensors).
//
// Layout: 8-byte little-endian header length N, then N bytes of JSON
// {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, "__metadata__": {...}},
// then the raw little-endian data; offsets are relative to the start of the data block.
import Foundation

/// Reads and writes the safetensors format.
public enum SafeTensors {
    /// A loaded file: tensors by name, names in data order, and the string metadata.
    public struct File {
        public var tensors: [String: Tensor]
        public var names: [String]
        public var metadata: [String: String]
    }

    static func encoding(_ name: String) -> FileElement? {
        switch name {
        case "F32": return .f32
        case "F16": return .f16
        case "BF16": return .bf16
        case "F64": return .f64
        case "I8": return .i8
        case "U8": return .u8
        case "I32": return .i32
        case "I64": return .i64
        default: return nil
        }
    }

    static func dtypeName(_ dtype: DType) -> String {
        switch dtype {
        case .float32: return "F32"
        case .int8, .int4: return "I8"
        case .uint8: return "U8"
        case .int32: return "I32"
        }
    }

    /// Parses safetensors bytes. F16/BF16/F64/I64 convert to Float32; I8, U8, I32 keep their dtype.
    public static func decode(_ data: Data) throws -> File {
        guard data.count >= 8 else { throw TensorError.io("safetensors: file is shorter than its 8-byte header length") }
        let headerLength = data.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(data.count - 8) else {
            throw TensorError.io("safetensors: header length \(headerLength) exceeds the file size \(data.count)")
        }
        let headerEnd = 8 + Int(headerLength)
        let json = try? JSONSerialization.jsonObject(with: data.subdata(in: 8..<headerEnd))
        guard let header = json as? [String: Any] else { throw TensorError.io("safetensors: header is not a JSON object") }
        let body = data.subdata(in: headerEnd..<data.count)
        var file = File(tensors: [:], names: [], metadata: [:])
        var order: [(Int, String)] = []
        for (name, entry) in header {
            if name == "__metadata__" {
                for (key, value) in entry as? [String: Any] ?? [:] { file.metadata[key] = "\(value)" }
                continue
            }
            guard let info = entry as? [String: Any], let dtypeName = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2 else {
                throw TensorError.io("safetensors: entry \"\(name)\" lacks dtype, shape or data_offsets")
            }
            guard let enc = encoding(dtypeName) else {
                throw TensorError.io("safetensors: tensor \"\(name)\" has unsupported dtype \(dtypeName)")
            }
            guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= body.count else {
                throw TensorError.io("safetensors: tensor \"\(name)\" data_offsets \(offsets) fall outside the data (\(body.count) bytes)")
            }
            let bytes = body.subdata(in: offsets[0]..<offsets[1])
            file.tensors[name] = try Tensor.fromBytes(bytes, encoding: enc, shape: shape, op: "safetensors \"\(name)\"")
            order.append((offsets[0], name))
        }
        file.names = order.sorted { $0 < $1 }.map(\.1)
        return file
    }

    /// Reads a .safetensors file.
    public static func read(from url: URL) throws -> File {
        guard let data = try? Data(contentsOf: url) else { throw TensorError.io("safetensors: cannot read \(url.path)") }
        return try decode(data)
    }

    /// Encodes tensors (in name order) with optional string metadata. int4 is stored widened as I8.
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String] = [:]) throws -> Data {
        var entries: [String] = []
        var body = Data()
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for name in tensors.keys.sorted() {
            guard let tensor = tensors[name] else { continue }
            let (bytes, dtype) = tensor.elementBytes()
            let begin = body.count
            body.append(bytes)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            entries.append("\(jsonString(name)):{\"dtype\":\"\(dtypeName(dtype))\",\"shape\":[\(shape)],\"data_offsets\":[\(begin),\(body.count)]}")
        }
        var header = Data(("{" + entries.joined(separator: ",") + "}").utf8)
        // Pad with spaces so the data block starts 8-byte aligned (the format's recommendation).
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        var out = Data()
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { out.append(contentsOf: $0) }
        out.append(header)
        out.append(body)
        return out
    }

    /// Writes tensors to a .safetensors file (atomically).
    public static func write(_ tensors: [String: Tensor], metadata: [String: String] = [:], to url: URL) throws {
        let data = try encode(tensors, metadata: metadata)
        do { try data.write(to: url, options: .atomic) } catch {
            throw TensorError.io("safetensors: cannot write \(url.path)")
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
