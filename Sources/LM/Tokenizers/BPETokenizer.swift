// Byte-level BPE (Sennrich et al. 2016; byte-level as in GPT-2): the base vocabulary is the
// 256 byte values, so any text encodes; training repeatedly merges the most frequent adjacent
// pair into a new id. Text is first split into chunks — a word with its leading space, or a
// run of other characters — and merges never cross a chunk edge, as in GPT-2.
//
//     let bpe = try BPETokenizer.train(corpus: "aaabdaaabac", vocabularySize: 259)
//     bpe.merges        // [(97, 97), (97, 98), (256, 257)]  — "aa", "ab", "aa"+"ab"
//     try bpe.encode("aaabdaaabac")   // [258, 100, 258, 97, 99]

/// A byte-level byte-pair-encoding tokenizer.
public struct BPETokenizer: Tokenizer, Equatable {
    /// Pair merges in the order they were learned; merge `i` creates id `256 + i`.
    public let merges: [Pair]
    /// Bytes of every id (index = id): 256 single bytes, then one entry per merge.
    public let vocabulary: [[UInt8]]
    private let ranks: [Pair: Int]

    /// Two adjacent ids.
    public struct Pair: Hashable, Comparable {
        public var first: Int
        public var second: Int
        public init(_ first: Int, _ second: Int) { self.first = first; self.second = second }
        public static func < (a: Pair, b: Pair) -> Bool { (a.first, a.second) < (b.first, b.second) }
    }

    /// A tokenizer from a merge list (as produced by `train`).
    /// - Throws: if a merge refers to an id that does not exist yet.
    public init(merges: [Pair]) throws {
        var vocabulary = (0..<256).map { [UInt8($0)] }
        var ranks: [Pair: Int] = [:]
        for (rank, pair) in merges.enumerated() {
            guard pair.first >= 0, pair.second >= 0, pair.first < vocabulary.count, pair.second < vocabulary.count else {
                throw LMError.tokenizer("bpe: merge \(rank) (\(pair.first), \(pair.second)) uses an id not defined before it")
            }
            ranks[pair] = rank
            vocabulary.append(vocabulary[pair.first] + vocabulary[pair.second])
        }
        self.merges = merges
        self.vocabulary = vocabulary
        self.ranks = ranks
    }

    public var vocabularySize: Int { vocabulary.count }

    /// Learns merges from `corpus` until the vocabulary has `vocabularySize` ids (or no pair
    /// occurs twice). Ties between equally frequent pairs go to the smallest pair (first id,
    /// then second), so training is deterministic.
    /// - Throws: if `vocabularySize` < 256.
    public static func train(corpus: String, vocabularySize: Int) throws -> BPETokenizer {
        guard vocabularySize >= 256 else {
            throw LMError.tokenizer("bpe: vocabulary size must be at least 256 (the byte alphabet), got \(vocabularySize)")
        }
        // Distinct chunks with their counts: merging works on these, not on the whole text.
        var chunkCounts: [[UInt8]: Int] = [:]
        for chunk in chunks(of: corpus) { chunkCounts[chunk, default: 0] += 1 }
        var words: [(ids: [Int], count: Int)] = chunkCounts.keys.sorted { $0.lexicographicallyPrecedes($1) }
            .map { (ids: $0.map(Int.init), count: chunkCounts[$0] ?? 0) }
        var merges: [Pair] = []
        while 256 + merges.count < vocabularySize {
            var counts: [Pair: Int] = [:]
            for word in words where word.ids.count > 1 {
                for i in 0..<(word.ids.count - 1) {
                    counts[Pair(word.ids[i], word.ids[i + 1]), default: 0] += word.count
                }
            }
            guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $1.key < $0.key }),
                  best.value >= 2 else { break }
            let newId = 256 + merges.count
            merges.append(best.key)
            for w in words.indices { words[w].ids = merged(words[w].ids, best.key, into: newId) }
        }
        return try BPETokenizer(merges: merges)
    }

    public func encode(_ text: String) throws -> [Int] {
        var out: [Int] = []
        for chunk in Self.chunks(of: text) {
            var ids = chunk.map(Int.init)
            // Apply the earliest-learned merge present, as training did, until none applies.
            while ids.count > 1 {
                var bestRank = Int.max, bestPair = Pair(0, 0)
                for i in 0..<(ids.count - 1) {
                    if let rank = ranks[Pair(ids[i], ids[i + 1])], rank < bestRank {
                        bestRank = rank
                        bestPair = Pair(ids[i], ids[i + 1])
                    }
                }
                if bestRank == Int.max { break }
                ids = Self.merged(ids, bestPair, into: 256 + bestRank)
            }
            out += ids
        }
        return out
    }

    public func decode(_ ids: [Int]) throws -> String {
        var bytes: [UInt8] = []
        for id in ids {
            guard id >= 0, id < vocabulary.count else {
                throw LMError.tokenizer("decode: id \(id) is outside the vocabulary 0..<\(vocabulary.count)")
            }
            bytes += vocabulary[id]
        }
        // A cut inside a multi-byte character decodes to U+FFFD, as every byte-level BPE does.
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text of one id (bytes decoded leniently), for showing a vocabulary.
    public func piece(_ id: Int) throws -> String { try decode([id]) }

    /// Replaces every non-overlapping occurrence of `pair`, left to right, with `newId`.
    static func merged(_ ids: [Int], _ pair: Pair, into newId: Int) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(ids.count)
        var i = 0
        while i < ids.count {
            if i + 1 < ids.count, ids[i] == pair.first, ids[i + 1] == pair.second {
                out.append(newId)
                i += 2
            } else {
                out.append(ids[i])
                i += 1
            }
        }
        return out
    }

    /// Splits text into chunks: a space followed by letters/digits, a run of letters/digits,
    /// or a run of anything else (punctuation, newlines, extra spaces).
    static func chunks(of text: String) -> [[UInt8]] {
        func isWordByte(_ c: Character) -> Bool { c.isLetter || c.isNumber }
        var chunks: [[UInt8]] = []
        var current = ""
        var currentIsWord = false
        for c in text {
            let word = isWordByte(c)
            if current.isEmpty {
                current.append(c); currentIsWord = word
            } else if word == currentIsWord {
                current.append(c)
            } else if word, current == " " {
                current.append(c); currentIsWord = true     // " word": the space joins the word
            } else if word, current.last == " " {
                current.removeLast()
                chunks.append(Array(current.utf8))
                current = " " + String(c); currentIsWord = true
            } else {
                chunks.append(Array(current.utf8))
                current = String(c); currentIsWord = word
            }
        }
        if !current.isEmpty { chunks.append(Array(current.utf8)) }
        return chunks
    }
}
