import Foundation
import Testing
import TensorCore
@testable import LM
import NN

@Test func greedyGenerateMatchesTheAnchorPastTheContext() throws {
    let model = try anchorModel()
    let out = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24))
    #expect(out.tokens == AnchorFixture.tokens)
    #expect(out.finishReason == .maxTokens)
    // Log-probabilities are the raw softmax of the step's logits.
    let first = Array(AnchorFixture.logits[0..<16])
    let m = first.max() ?? 0
    let expected = first[out.tokens[0]] - m - Float(log(first.map { exp(Double($0 - m)) }.reduce(0, +)))
    #expect(abs(out.logProbs[0] - expected) < 1e-5)
}

@Test func samplingIsDeterministicPerSeed() throws {
    let model = try anchorModel()
    let a = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 20, temperature: 1, seed: 5))
    let b = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 20, temperature: 1, seed: 5))
    let c = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 20, temperature: 1, seed: 6))
    #expect(a == b)
    #expect(a.tokens != c.tokens)
    // top-k 1 and a tiny top-p both reduce sampling to greedy.
    let k1 = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24, temperature: 1.5, topK: 1, seed: 9))
    let p0 = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24, temperature: 1.5, topP: 1e-6, seed: 9))
    #expect(k1.tokens == AnchorFixture.tokens && p0.tokens == AnchorFixture.tokens)
}

@Test func samplerFiltersAndPenalties() {
    let logits: [Float] = [2, 1, 0, -1]
    let topK = Sampler(options: GenerationOptions(temperature: 1, topK: 2)).distribution(logits: logits, history: [])
    #expect(topK[2] == 0 && topK[3] == 0 && abs(topK[0] + topK[1] - 1) < 1e-6)
    #expect(abs(topK[0] - 1 / (1 + Float(exp(-1.0)))) < 1e-6)
    // softmax([2,1,0,-1]) = [.644, .237, .087, .032]: p = 0.85 keeps the first two (.881 ≥ .85).
    let topP = Sampler(options: GenerationOptions(temperature: 1, topP: 0.85)).distribution(logits: logits, history: [])
    #expect(topP[2] == 0 && topP[1] > 0)
    // Penalty 2: logit 2 → 1 (positive: divided), −1 → −2 (negative: multiplied).
    let pen = Sampler(options: GenerationOptions(repetitionPenalty: 2)).distribution(logits: [2, 1.5, 0, -1], history: [0])
    #expect(pen == [0, 1, 0, 0])
}

@Test func stopsAndStreaming() throws {
    let chars = CharTokenizer(corpus: "abcdefghijklmnop")     // 16 characters = the fixture's vocabulary
    let model = try anchorModel()
    let text = try chars.decode(AnchorFixture.tokens)           // "hjgml..." for the greedy run
    let stop = String(text.dropFirst(3).prefix(2))
    let out = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24, stop: [stop]), tokenizer: chars)
    #expect(out.finishReason == .stopString(stop))
    #expect(out.text == String(text.prefix(3)))
    let byToken = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24, stopTokens: [AnchorFixture.tokens[2]]))
    #expect(byToken.tokens == Array(AnchorFixture.tokens.prefix(3)) && byToken.finishReason == .stopToken(AnchorFixture.tokens[2]))
    var streamed: [Int] = []
    let cut = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 24)) { tok, _ in
        streamed.append(tok)
        return streamed.count < 5
    }
    #expect(streamed == Array(AnchorFixture.tokens.prefix(5)) && cut.tokens == streamed && cut.finishReason == .callback)
    #expect(throws: LMError.self) { try model.generate(prompt: [0], options: GenerationOptions(stop: ["x"])) }
    #expect(throws: LMError.self) { try model.generate(prompt: [], options: GenerationOptions()) }
}

/// Log-probability of `continuation` after `prompt`, by one full forward.
func sequenceLogProb(_ model: GPTModel, prompt: [Int], continuation: [Int]) throws -> Float {
    var cache = model.makeCache()
    let rows = try model.forward(prompt + continuation.dropLast(), cache: &cache, allLogits: true)
    let v = model.config.vocabularySize
    var total: Float = 0
    for (i, tok) in continuation.enumerated() {
        let r = prompt.count - 1 + i
        total += Sampler.logProb(Array(rows[(r * v)..<((r + 1) * v)]), tok)
    }
    return total
}

@Test func beamSearchWidthOneIsGreedyAndWideBeamIsExact() throws {
    let model = try anchorModel()
    let one = try model.beamSearch(prompt: [0], width: 1, maxTokens: 10)
    #expect(one.first?.tokens == Array(AnchorFixture.tokens.prefix(10)))
    // V = 4, 3 tokens: width 16 keeps every 2-token prefix, so the search is exhaustive.
    let tiny = try GPTModel.random(config: GPTConfig(vocabularySize: 4, context: 8, width: 8, heads: 2, layers: 1), seed: 3)
    let beams = try tiny.beamSearch(prompt: [0], width: 16, maxTokens: 3, lengthPenalty: 0)
    var best: (Float, [Int]) = (-.infinity, [])
    for code in 0..<64 {
        let seq = [code / 16, (code / 4) % 4, code % 4]
        let lp = try sequenceLogProb(tiny, prompt: [0], continuation: seq)
        if lp > best.0 { best = (lp, seq) }
    }
    #expect(beams.first?.tokens == best.1)
    #expect(abs((beams.first?.logProb ?? 0) - best.0) < 1e-4)
}
