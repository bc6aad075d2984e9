// Stop strings: a decoder ends as soon as the decoded text contains one, and the text it returns
// is cut before it. Greedy/sampled generation, beam search and speculative decoding all ask this
// one type, so "stop" means the same in each. Matching looks at decoded text, not token ids: a
// stop string may span several tokens (BPE pieces) or be only part of one.
//
// Matching compares Unicode scalars, as Python's `in` compares code points, so "\n" also stops
// at the "\n" of "\r\n" (which Swift's `String` treats as one character).

/// Stop strings with the tokenizer that turns token ids into the text they are looked for in.
struct StopStrings {
    /// The stop strings, none empty.
    let strings: [String]
    private let tokenizer: (any Tokenizer)?

    /// - Parameters:
    ///   - strings: the stop strings; an empty list never stops.
    ///   - tokenizer: decodes tokens into text; needed when `strings` is not empty.
    ///   - function: the decoder's name, for error messages ("generate", "beam search", ...).
    /// - Throws: for an empty stop string (it would match before any text was written), or stop
    ///   strings without a tokenizer.
    init(_ strings: [String], tokenizer: (any Tokenizer)?, for function: String) throws {
        if let empty = strings.firstIndex(where: \.isEmpty) {
            throw LMError.argument("\(function): stop string \(empty) is empty; an empty stop string would end the text before it starts")
        }
        guard strings.isEmpty || tokenizer != nil else {
            throw LMError.argument("\(function): stop strings need a tokenizer to decode the text")
        }
        self.strings = strings
        self.tokenizer = tokenizer
        longest = strings.map(\.unicodeScalars.count).max() ?? 0
    }

    /// Scalars in the longest stop string.
    private let longest: Int

    /// The stop string that occurs earliest in `text` (of two starting at the same place, the one
    /// listed first) and the index the kept text ends at; nil when `text` contains none.
    static func firstMatch(_ stops: [String], in text: String) -> (stop: String, cut: String.Index)? {
        // A plain search over scalar arrays: the decoders ask after every token, and the
        // standard library's generic `firstRange(of:)` was an eighth of a speculative run.
        let scalars = Array(text.unicodeScalars)
        var best: (stop: String, offset: Int)?
        for stop in stops {
            let pattern = Array(stop.unicodeScalars)
            guard pattern.count <= scalars.count else { continue }
            let limit = min(scalars.count - pattern.count, (best?.offset ?? Int.max) - 1)
            guard limit >= 0 else { continue }
            for start in 0...limit where scalars[start] == pattern[0] {
                if (1..<pattern.count).allSatisfy({ scalars[start + $0] == pattern[$0] }) {
                    best = (stop, start)
                    break
                }
            }
        }
        return best.map { ($0.stop, text.unicodeScalars.index(text.unicodeScalars.startIndex, offsetBy: $0.offset)) }
    }

    /// `text` cut before the earliest stop string it contains (all of it when it contains none).
    static func cut(_ text: String, at stops: [String]) -> String {
        guard let match = firstMatch(stops, in: text) else { return text }
        return String(Substring(text.unicodeScalars[..<match.cut]))
    }

    /// The stop string the text of `tokens` ends in, if any, for a text checked after every
    /// token (so the text without its last token held none). Decodes only when there are stop
    /// strings, so a decoder without them pays nothing, and then only enough of the last tokens
    /// to hold the longest stop string: checking after every token costs the same at token 5
    /// and at token 5000. A suffix that starts inside a multi-byte character decodes that
    /// character's tail to at most three U+FFFD, which no stop string contains, and leaves the
    /// scalars after it as in the whole text.
    func hit(in tokens: [Int]) throws -> String? {
        guard !strings.isEmpty, let tokenizer else { return nil }
        var take = min(tokens.count, longest + 4)
        while true {
            let text = try tokenizer.decode(Array(tokens.suffix(take)))
            if take == tokens.count || text.unicodeScalars.count >= longest + 3 {
                return Self.firstMatch(strings, in: text)?.stop
            }
            take = min(tokens.count, take * 2)
        }
    }

    /// The text of `tokens` cut before the earliest stop string; nil without a tokenizer.
    func text(of tokens: [Int]) throws -> String? {
        guard let tokenizer else { return nil }
        return Self.cut(try tokenizer.decode(tokens), at: strings)
    }

    /// Why a text that has produced `tokens` (prompt excluded) must end now, or nil if it goes on:
    /// a stop token as its last id, then a stop string at the end of its text — the order
    /// `generate` checks. Asked after every new token (see `hit(in:)`).
    func finishReason(after tokens: [Int], stopTokens: [Int]) throws -> FinishReason? {
        if let last = tokens.last, stopTokens.contains(last) { return .stopToken(last) }
        return try hit(in: tokens).map { .stopString($0) }
    }
}
