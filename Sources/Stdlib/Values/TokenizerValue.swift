import Interpreter
import LM

/// A tokenizer inside the language: character-level or byte-level BPE.
///
///     let tok = bpe_train("low lower lowest", merges: 10)
///     tokenize(tok, "lowest")        # ["low", "est"]
public final class TokenizerValue: NativeObject {
    public let tokenizer: any Tokenizer

    public init(_ tokenizer: any Tokenizer) { self.tokenizer = tokenizer }

    public var typeName: String { "tokenizer" }

    public var fieldNames: [String] { ["kind", "vocab_size", "merges"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "kind": return .string(tokenizer is BPETokenizer ? "bpe" : "char")
        case "vocab_size": return .number(Double(tokenizer.vocabularySize))
        case "merges":
            guard let bpe = tokenizer as? BPETokenizer else { return .list(ListBox()) }
            // Each merge as the two pieces it joins, so a learner can read the merge order.
            return .list(ListBox(bpe.merges.map { pair in
                .list(ListBox([.string((try? bpe.piece(pair.first)) ?? "?"), .string((try? bpe.piece(pair.second)) ?? "?")]))
            }))
        default: return nil
        }
    }

    public func describe(maxWidth: Int) -> String {
        if let bpe = tokenizer as? BPETokenizer { return "<tokenizer bpe: 256 bytes + \(bpe.merges.count) merges>" }
        return "<tokenizer char: \(tokenizer.vocabularySize) characters>"
    }
}
