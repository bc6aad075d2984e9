import Testing
@testable import LM
import NN

@Test func charTokenizerRoundTrips() throws {
    let tok = CharTokenizer(corpus: "hello world, 안녕")
    let text = "hold 안녕 world"
    #expect(try tok.decode(tok.encode(text)) == text)
    #expect(tok.vocabularySize == Set("hello world, 안녕").count)
    #expect(try tok.encode(" ") == [0])   // sorted by code point: space first
}

@Test func charTokenizerNamesTheUnknownCharacter() {
    let tok = CharTokenizer(corpus: "abc")
    #expect(throws: LMError.tokenizer("encode: character 'z' (U+7A) at position 2 is not in the vocabulary")) {
        try tok.encode("abz")
    }
    #expect(throws: LMError.self) { try tok.decode([3]) }
}

@Test func bpeLearnsTheTextbookMerges() throws {
    // "aaabdaaabac": aa (4×) → Z, then ab and Za tie at 2 and the smaller pair (a, b) wins,
    // then ZY (2×); encoding gives X d X a c — the classic hand-worked example.
    let bpe = try BPETokenizer.train(corpus: "aaabdaaabac", vocabularySize: 259)
    #expect(bpe.merges == [.init(97, 97), .init(97, 98), .init(256, 257)])
    #expect(try bpe.encode("aaabdaaabac") == [258, 100, 258, 97, 99])
    #expect(bpe.vocabulary[258] == Array("aaab".utf8))
}

@Test func bpeRoundTripsAnyText() throws {
    let corpus = String(repeating: "the cat sat on the mat. the cat ate. 고양이가 앉았다.\n", count: 20)
    let bpe = try BPETokenizer.train(corpus: corpus, vocabularySize: 300)
    // Training stops early (291 ids) once every distinct chunk is a single token: no pair repeats.
    #expect(bpe.vocabularySize == 291)
    #expect(try bpe.encode("the cat sat on the mat.").count == 7)
    for text in [corpus, "unseen words: zebra 🦓!", "", "  two  spaces"] {
        #expect(try bpe.decode(bpe.encode(text)) == text)
    }
    #expect(try bpe.encode("the cat").count < 4)            // merged well below 7 bytes
    let rebuilt = try BPETokenizer(merges: bpe.merges)
    #expect(rebuilt == bpe)
}

@Test func bpeChunksKeepTheLeadingSpace() {
    let chunks = BPETokenizer.chunks(of: "hi  there, you").map { String(decoding: $0, as: UTF8.self) }
    #expect(chunks == ["hi", " ", " there", ",", " you"])
}
