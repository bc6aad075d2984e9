import Foundation
import NN
import Interpreter
import LM
import TensorCore

/// Checkpoint files of language models: `NAME.safetensors` (parameters; config, answer format
/// and vocabulary in its metadata) beside `NAME.json` (the manifest: how the model was made).
///
/// Paths are relative and may not leave the folders `FileAccess` allows: notebooks are shared
/// and graded, and a notebook that reads `/etc/...` or `../../` is not one to run on a grader.
enum LMFiles {
    /// Checks that `path` is relative and stays inside the project; returns its components.
    static func checkRelative(_ path: String, for function: String) throws {
        guard !path.isEmpty else { throw RuntimeError("\(function): give a path such as \"models/add-cot\"") }
        guard !path.hasPrefix("/"), !path.hasPrefix("~") else {
            throw RuntimeError("\(function): use a path inside the project folder (like \"models/add-cot\"), not \"\(path)\"")
        }
        guard !path.split(separator: "/").contains("..") else {
            throw RuntimeError("\(function): \"..\" would leave the project folder; use a path like \"models/add-cot\"")
        }
    }

    /// `path` with `.safetensors` added unless present.
    static func checkpointPath(_ path: String) -> String {
        path.hasSuffix(".safetensors") ? path : path + ".safetensors"
    }

    /// The checkpoint file `path` names, found under one of the read roots.
    static func locate(_ path: String, in files: FileAccess, for function: String) throws -> URL {
        try checkRelative(path, for: function)
        let file = checkpointPath(path)
        if let url = try files.locate(file, for: function) { return url }
        throw RuntimeError("\(function): no checkpoint \"\(file)\" in the project folder (looked in \(files.readRoots.map(\.path).joined(separator: ", ")))")
    }

    /// Loads `NAME.safetensors` and, when present, `NAME.json`.
    static func load(_ path: String, from files: FileAccess, for function: String) throws -> LMValue {
        let url = try locate(path, in: files, for: function)
        let metadata: [String: String]
        do { metadata = try SafeTensors.read(from: url).metadata } catch let error as TensorError {
            throw RuntimeError("\(function): cannot read \(url.lastPathComponent): \(error.message)")
        }
        let model = try GPTModel.load(from: url)
        // The vocabulary travels in the metadata; older arithmetic checkpoints use the arithmetic alphabet.
        let characters = metadata["characters"] ?? Arithmetic.alphabet
        let tokenizer = CharTokenizer(characters: Array(characters))
        guard tokenizer.vocabularySize == model.config.vocabularySize else {
            throw RuntimeError("\(function): the checkpoint's vocabulary has \(tokenizer.vocabularySize) characters but its embedding has \(model.config.vocabularySize) rows")
        }
        let manifestURL = url.deletingPathExtension().appendingPathExtension("json")
        var manifest: Value = .nil
        if let data = try? Data(contentsOf: manifestURL) {
            do { manifest = jsonValue(try JSONDecoder().decode(JSON.self, from: data)) } catch {
                throw RuntimeError("\(function): \(manifestURL.lastPathComponent) is not valid JSON")
            }
        }
        let name = url.deletingPathExtension().lastPathComponent
        return LMValue(model: model, tokenizer: tokenizer, name: name, manifest: manifest,
                       format: metadata["format"].flatMap(Arithmetic.Format.init(rawValue:)))
    }

    /// Writes `path.safetensors` and `path.json` (the manifest, keys sorted) under the write root.
    static func save(_ lm: LMValue, to path: String, in files: FileAccess, manifest: Value, for function: String) throws {
        try checkRelative(path, for: function)
        let url = try files.writable(checkpointPath(path), for: function)
        let manifestURL = try files.writable((checkpointPath(path) as NSString).deletingPathExtension + ".json", for: function)
        var metadata = ["characters": String(lm.tokenizer.characters)]
        if let format = lm.format { metadata["format"] = format.rawValue }
        try lm.model.save(to: url, metadata: metadata)
        let object = try jsonObject(manifest, for: function)
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try (data + Data("\n".utf8)).write(to: manifestURL, options: .atomic)
    }

    /// A JSON document as a language value (object keys sorted, so printing is deterministic).
    static func jsonValue(_ json: JSON) -> Value {
        switch json {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .null: return .nil
        case .array(let a): return .list(ListBox(a.map(jsonValue)))
        case .object(let d): return .dict(DictBox(d.keys.sorted().map { ($0, jsonValue(d[$0] ?? .null)) }))
        }
    }

    /// A language value as a JSON object (numbers, strings, booleans, nil, lists, records).
    static func jsonObject(_ value: Value, for function: String) throws -> Any {
        switch value {
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? NSNumber(value: Int(n)) : NSNumber(value: n)
        case .string(let s): return s
        case .bool(let b): return NSNumber(value: b)
        case .nil: return NSNull()
        case .list(let box): return try box.items.map { try jsonObject($0, for: function) }
        case .range(let r): return (0..<r.count).map { NSNumber(value: r.element($0)) }
        case .dict(let box):
            var out: [String: Any] = [:]
            for (key, item) in zip(box.keys, box.values) {
                guard case .string(let k) = key.value else { throw RuntimeError("\(function): manifest keys must be strings") }
                out[k] = try jsonObject(item, for: function)
            }
            return out
        case .function, .native:
            throw RuntimeError("\(function): a manifest holds numbers, strings, lists and records, not a \(value.typeName)")
        }
    }
}

/// A JSON value. Decoding tries Bool before Double: Foundation's decoder refuses to read a
/// number as a Bool, so `true` and `1` stay apart (NSNumber would blur them on Linux).
enum JSON: Decodable {
    case string(String), number(Double), bool(Bool), null, array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }
}
