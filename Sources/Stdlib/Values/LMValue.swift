import Foundation
import NN
import Interpreter
import LM

/// A language model inside the language: a GPT-style decoder, the tokenizer it was trained
/// with, and the manifest that says how it was made.
///
///     let m = load_lm("models/add-cot")
///     print(m.config.layers, m.params, m.vocab)
public final class LMValue: NativeObject, Freezable {
    /// Set by the grader on the key's language models: distilling into them in place is refused.
    public var isFrozen = false
    public let model: GPTModel
    public let tokenizer: CharTokenizer
    /// Short name (the checkpoint's file name without extension).
    public let name: String
    /// What the checkpoint's manifest records (config, data, seed, steps, command, loss, accuracy).
    public let manifest: Value
    /// Answer format for arithmetic models ("direct", "scratchpad" or "reversed"); nil for other
    /// models. Fine-tuning to another format changes it.
    public internal(set) var format: Arithmetic.Format?
    /// Mean training loss every 50 steps, when the model was trained in this session.
    public let lossCurve: [Float]

    public init(model: GPTModel, tokenizer: CharTokenizer, name: String, manifest: Value = .nil,
                format: Arithmetic.Format? = nil, lossCurve: [Float] = []) {
        self.model = model
        self.tokenizer = tokenizer
        self.name = name
        self.manifest = manifest
        self.format = format
        self.lossCurve = lossCurve
    }

    public var typeName: String { "lm" }

    /// The same language model running `network` (a compressed copy of this one's).
    func replacing(network: GPT) -> LMValue {
        LMValue(model: GPTModel(network: network), tokenizer: tokenizer, name: name, manifest: manifest,
                format: format, lossCurve: lossCurve)
    }

    public var fieldNames: [String] {
        ["name", "config", "params", "trainable", "vocab", "vocab_size", "format", "manifest", "bytes", "loss_curve", "layers", "linears",
         "names", "sparsity", "summary"]
    }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "name": return .string(self.name)
        case "config": return LMValue.configValue(model.config)
        case "params": return .number(Double(model.network.parameterCount))
        case "trainable": return .number(Double(model.network.trainableParameterCount))
        case "vocab": return .string(String(tokenizer.characters))
        case "vocab_size": return .number(Double(tokenizer.vocabularySize))
        case "format": return format.map { .string($0.rawValue) } ?? .nil
        case "manifest": return manifest
        case "bytes": return .number(Double(model.network.byteSize))
        case "layers", "linears", "names", "sparsity", "summary": return try ModelValue(model.network).field(name)
        case "loss_curve": return .list(ListBox(lossCurve.map { .number(Double($0)) }))
        default: return nil
        }
    }

    /// The config as a record with the language's snake_case names.
    static func configValue(_ c: GPTConfig) -> Value {
        .dict(DictBox([
            ("vocab", .number(Double(c.vocabularySize))), ("context", .number(Double(c.context))),
            ("width", .number(Double(c.width))), ("heads", .number(Double(c.heads))),
            ("layers", .number(Double(c.layers))), ("mlp_ratio", .number(Double(c.mlpRatio))),
            ("positions", .string(c.positions.rawValue)), ("tied_head", .bool(c.tiedHead)),
        ]))
    }

    public func describe(maxWidth: Int) -> String {
        let c = model.config
        let kind = format.map { ", \($0.rawValue) answers" } ?? ""
        return "<lm \(name): \(c.layers) layers × width \(c.width), \(c.heads) heads, context \(c.context), "
            + "\(c.parameterCount) parameters, \(tokenizer.vocabularySize)-character vocabulary\(kind)>"
    }
}
