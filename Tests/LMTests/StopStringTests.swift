import Foundation
import Testing
@testable import LM
import NN

/// A tokenizer whose ids decode to pieces of several characters, as BPE ids do, so stop strings
/// can lie across token boundaries or inside one token.
struct PieceTokenizer: Tokenizer {
    static let pieces = ["<", "a", "b", "ab", "c", "\n", "\n\n", "An", "swer", ":", " ", "##", "#", "x", "yz", "A"]
    var vocabularySize: Int { Self.pieces.count }
    func encode(_ text: String) throws -> [Int] { throw LMError.tokenizer("encode: not needed by these tests") }
    func decode(_ ids: [Int]) throws -> String { ids.map { Self.pieces[$0] }.joined() }
}

/// The anchor's 24 greedy tokens after [0] read "An:\n\n###An##An##An##An:bswerAnAn...".
/// Stops: a whole token, across two and three tokens, and inside one token ("we" in "swer").
private let stops = ["\n\n", "###", "n##A", "An:b", "we"]

@Test func stopStringsMatchTheEarliestOccurrenceAndCutBeforeIt() throws {
    #expect(StopStrings.firstMatch(["b", "ab"], in: "xxab")?.stop == "ab")
    #expect(StopStrings.firstMatch(["\n", "\n\n"], in: "a\n\nb")?.stop == "\n")      // same start: the first listed
    #expect(StopStrings.firstMatch(["q"], in: "xxab") == nil)
    #expect(StopStrings.cut("one\n\ntwo", at: ["\n\n"]) == "one")
    #expect(StopStrings.cut("one two", at: ["\n\n"]) == "one two")
    // Unicode scalars, not Characters: "\r\n" is one Character, yet "\n" stops inside it.
    #expect(StopStrings.cut("line\r\nnext", at: ["\n"]) == "line\r")
}

@Test func emptyStopStringsAreRefusedNamingTheDecoder() throws {
    let model = try anchorModel()
    let tok = PieceTokenizer()
    let g = #expect(throws: LMError.self) {
        try model.generate(prompt: [0], options: GenerationOptions(stop: [""]), tokenizer: tok)
    }
    #expect(g?.message == "generate: stop string 0 is empty; an empty stop string would end the text before it starts")
    let b = #expect(throws: LMError.self) {
        try model.beamSearch(prompt: [0], width: 2, maxTokens: 4, stop: ["\n", ""], tokenizer: tok)
    }
    #expect(b?.message.hasPrefix("beam search: stop string 1 is empty") == true)
    let s = #expect(throws: LMError.self) {
        try SpeculativeDecoding.generate(target: model, draft: model, prompt: [0], gamma: 2,
                                         options: GenerationOptions(stop: [""]), tokenizer: tok)
    }
    #expect(s?.message.hasPrefix("speculative: stop string 0 is empty") == true)
    // Stop strings need a tokenizer to be looked for, in every decoder.
    #expect(throws: LMError.argument("beam search: stop strings need a tokenizer to decode the text")) {
        try model.beamSearch(prompt: [0], width: 2, maxTokens: 4, stop: ["ab"])
    }
    #expect(throws: LMError.argument("speculative: stop strings need a tokenizer to decode the text")) {
        try SpeculativeDecoding.generate(target: model, draft: model, prompt: [0], gamma: 2, options: GenerationOptions(stop: ["ab"]))
    }
}

@Test func generateEndsAtAMultiTokenStopAndCutsTheText() throws {
    let model = try anchorModel()
    let tok = PieceTokenizer()
    let full = try tok.decode(AnchorFixture.tokens)
    for stop in stops {
        let out = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24, stop: [stop]), tokenizer: tok)
        let at = try #require(full.range(of: stop))
        let kept = String(full[..<at.lowerBound])
        #expect(out.text == kept, "stop \(stop.debugDescription)")
        #expect(out.finishReason == .stopString(stop))
        // The tokens end with the one that completed the stop, and not a token later.
        #expect(out.tokens == Array(AnchorFixture.tokens.prefix(out.tokens.count)))
        let decoded = try tok.decode(out.tokens), before = try tok.decode(Array(out.tokens.dropLast()))
        #expect(decoded.contains(stop) && !before.contains(stop))
    }
}

@Test func beamSearchEndsHypothesesAtMultiTokenStops() throws {
    let model = try anchorModel()
    let tok = PieceTokenizer()
    // Width 1 is greedy, stops included: same tokens, text and reason as generate.
    for stop in stops {
        let beam = try #require(try model.beamSearch(prompt: [0], width: 1, maxTokens: 24, stop: [stop], tokenizer: tok).first)
        let greedy = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24, stop: [stop]), tokenizer: tok)
        #expect(beam.tokens == greedy.tokens && beam.text == greedy.text && beam.finishReason == greedy.finishReason,
                "stop \(stop.debugDescription)")
    }
    // Wider: every hypothesis a stop ended holds the stop only in its last token's text, and
    // its text is cut before it; none of the texts returned contains a stop.
    let hypotheses = try model.beamSearch(prompt: [0], width: 4, maxTokens: 24, stop: ["##", "b"], tokenizer: tok)
    #expect(hypotheses.count == 4)
    var stopped = 0
    for h in hypotheses {
        let text = try #require(h.text)
        #expect(!text.contains("##") && !text.contains("b"))
        if case .stopString(let s) = h.finishReason {
            stopped += 1
            let decoded = try tok.decode(h.tokens), before = try tok.decode(Array(h.tokens.dropLast()))
            #expect(decoded.contains(s) && !before.contains(s))
            #expect(text == StopStrings.cut(decoded, at: ["##", "b"]))
        } else {
            #expect(h.finishReason == .maxTokens && h.tokens.count == 24)
        }
    }
    #expect(stopped > 0)
    // Single-character stops still end beams (the pre-existing case).
    let single = try model.beamSearch(prompt: [0], width: 3, maxTokens: 24, stop: [":"], tokenizer: tok)
    #expect(single.allSatisfy { !($0.text ?? ":").contains(":") })
}

@Test func greedySpeculativeWithStopStringsEqualsGreedyGenerateWithThem() throws {
    let target = try anchorModel()
    let tok = PieceTokenizer()
    for (seed, gamma) in [(UInt64(1), 2), (2, 4), (3, 7)] {
        let draft = try GPTModel.random(config: GPTConfig(vocabularySize: 16, context: 8, width: 8, heads: 2, layers: 1), seed: seed)
        for stop in stops + ["#"] {
            let options = GenerationOptions(maxTokens: 24, stop: [stop])
            let spec = try SpeculativeDecoding.generate(target: target, draft: draft, prompt: [0], gamma: gamma,
                                                        options: options, tokenizer: tok)
            let plain = try target.generate(prompt: [0], options: options, tokenizer: tok)
            #expect(spec.tokens == plain.tokens && spec.text == plain.text && spec.finishReason == plain.finishReason,
                    "γ \(gamma), stop \(stop.debugDescription)")
        }
    }
    // The target as its own draft accepts all γ = 7 proposals of the first round, but the stop
    // completes at the third token: the four accepted after it must not reach the output.
    let selfSpec = try SpeculativeDecoding.generate(target: target, draft: target, prompt: [0], gamma: 7,
                                                    options: GenerationOptions(maxTokens: 24, stop: ["\n\n"]), tokenizer: tok)
    #expect(selfSpec.tokens == Array(AnchorFixture.tokens.prefix(3)) && selfSpec.text == "An:")
    #expect(selfSpec.finishReason == .stopString("\n\n"))
    #expect(selfSpec.accepted == 3 && selfSpec.proposed == 3 && selfSpec.rounds == 1)
    // Without stops the text is the whole decoded output.
    let whole = try SpeculativeDecoding.generate(target: target, draft: target, prompt: [0], gamma: 3,
                                                 options: GenerationOptions(maxTokens: 24), tokenizer: tok)
    let full = try tok.decode(AnchorFixture.tokens)
    #expect(whole.text == full && whole.finishReason == .maxTokens)
}

@Test func sampledSpeculativeStopsAtTheTokenThatCompletesTheStop() throws {
    let target = try anchorModel()
    let draft = try GPTModel.random(config: GPTConfig(vocabularySize: 16, context: 8, width: 8, heads: 2, layers: 1), seed: 5)
    let tok = PieceTokenizer()
    var stopped = 0
    for seed in 0..<20 {
        let options = GenerationOptions(maxTokens: 30, temperature: 1, stop: ["\n\n", "ab"], seed: UInt64(seed))
        let out = try SpeculativeDecoding.generate(target: target, draft: draft, prompt: [0], gamma: 3, options: options, tokenizer: tok)
        let decoded = try tok.decode(out.tokens)
        #expect(out.text == StopStrings.cut(decoded, at: ["\n\n", "ab"]))
        switch out.finishReason {
        case .stopString(let s):
            stopped += 1
            let before = try tok.decode(Array(out.tokens.dropLast()))
            #expect(decoded.contains(s) && !before.contains(s))
        default:
            #expect(out.finishReason == .maxTokens && out.tokens.count == 30 && out.text == decoded)
        }
    }
    #expect(stopped > 0)
}

/// Bytes as tokens, decoded leniently as byte-level BPE decodes: a token sequence may end, or a
/// suffix of it begin, inside a multi-byte character.
private struct ByteTokenizer: Tokenizer {
    var vocabularySize: Int { 256 }
    func encode(_ text: String) throws -> [Int] { text.utf8.map(Int.init) }
    func decode(_ ids: [Int]) throws -> String { String(decoding: ids.map(UInt8.init), as: UTF8.self) }
}

/// Checked after every token, the stop search decodes only a suffix; it must stop at the same
/// token as searching the whole text each time, across multi-byte Hangul and mixed pieces.
@Test func theSuffixSearchStopsWhereTheWholeTextSearchStops() throws {
    let texts: [(String, [String])] = [
        ("안녕하세요, 세상!\n다음 줄", ["\n", "세상"]),
        ("가나다라마바사아자차카타파하 끝", ["하 끝", "없음"]),
        ("plain text then 答え: 42", ["答え:", "then 答"]),
        ("no stop in this one at all, 한글도 없음이 아니고", ["zz", "없음이 아닌"]),
    ]
    let tok = ByteTokenizer()
    for (text, stopList) in texts {
        let stops = try StopStrings(stopList, tokenizer: tok, for: "test")
        let ids = try tok.encode(text)
        var expected: String?
        var stoppedAt: Int?
        for n in 1...ids.count where stoppedAt == nil {
            let prefix = Array(ids.prefix(n))
            expected = StopStrings.firstMatch(stopList, in: try tok.decode(prefix))?.stop
            let got = try stops.hit(in: prefix)
            #expect(got == expected, "\(text) after \(n) bytes")
            if expected != nil { stoppedAt = n }
        }
    }
}
