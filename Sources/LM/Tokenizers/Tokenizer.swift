// Tokenizers turn text into integer ids and back. Two are provided: a character-level one
// (the vocabulary is the set of characters of a corpus) and a byte-level BPE one.

/// Maps text to token ids and back.
public protocol Tokenizer {
    /// Number of distinct ids; every id is in `0..<vocabularySize`.
    var vocabularySize: Int { get }
    /// The ids of `text`.
    /// - Throws: `LMError.tokenizer` naming the first character the vocabulary cannot represent.
    func encode(_ text: String) throws -> [Int]
    /// The text of `ids`.
    /// - Throws: `LMError.tokenizer` for an id outside the vocabulary.
    func decode(_ ids: [Int]) throws -> String
}
