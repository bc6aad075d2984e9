// Character-level tokenizer: one id per distinct character of a corpus, sorted by code point,
// so the same corpus always gives the same ids.
//
//     let tok = CharTokenizer(corpus: "hello world")
//     let ids = try tok.encode("hold")     // [3, 6, 4, 1]
//     try tok.decode(ids)                  // "hold"

/// A tokenizer whose vocabulary is the set of characters (grapheme clusters) of a corpus.
public struct CharTokenizer: Tokenizer, Equatable {
    /// The characters, index = id.
    public let characters: [Character]
    private let ids: [Character: Int]

    /// Builds the vocabulary from every distinct character of `corpus`, sorted.
    public init(corpus: String) {
        self.init(characters: Array(Set(corpus)).sorted())
    }

    /// Uses `characters` as given (index = id); duplicates keep their first id.
    public init(characters: [Character]) {
        var seen: [Character: Int] = [:]
        var unique: [Character] = []
        for c in characters where seen[c] == nil {
            seen[c] = unique.count
            unique.append(c)
        }
        self.characters = unique
        self.ids = seen
    }

    public var vocabularySize: Int { characters.count }

    public func encode(_ text: String) throws -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(text.count)
        for (position, c) in text.enumerated() {
            guard let id = ids[c] else {
                throw LMError.tokenizer("encode: character \(Self.quoted(c)) at position \(position) is not in the vocabulary")
            }
            out.append(id)
        }
        return out
    }

    public func decode(_ ids: [Int]) throws -> String {
        var out = ""
        for id in ids {
            guard id >= 0, id < characters.count else {
                throw LMError.tokenizer("decode: id \(id) is outside the vocabulary 0..<\(characters.count)")
            }
            out.append(characters[id])
        }
        return out
    }

    /// A character as a message shows it: printable ones in quotes, others as U+XXXX.
    static func quoted(_ c: Character) -> String {
        let scalars = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }
        let printable = c.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
        return printable ? "'\(c)' (\(scalars.joined(separator: " ")))" : scalars.joined(separator: " ")
    }
}
