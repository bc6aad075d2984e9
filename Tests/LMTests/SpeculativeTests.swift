import Foundation
import Testing
import TensorCore
@testable import LM
import NN

@Test func greedySpeculativeEqualsGreedyTarget() throws {
    let target = try anchorModel()
    for (seed, gamma) in [(UInt64(1), 2), (2, 4), (3, 7)] {
        // A draft with another shape and its own random weights: mostly wrong, so both the
        // accept and the reject paths run, and 40 tokens wrap the 8-slot ring five times.
        let draft = try GPTModel.random(config: GPTConfig(vocabularySize: 16, context: 8, width: 8, heads: 2, layers: 1), seed: seed)
        let spec = try SpeculativeDecoding.generate(target: target, draft: draft, prompt: [0, 3, 5], gamma: gamma,
                                                    options: GenerationOptions(maxTokens: 40))
        let plain = try target.generate(prompt: [0, 3, 5], options: GenerationOptions(maxTokens: 40))
        #expect(spec.tokens == plain.tokens)
        #expect(spec.accepted <= spec.proposed && spec.rounds > 0)
    }
    // The target as its own draft accepts everything: γ + 1 tokens per call.
    let selfSpec = try SpeculativeDecoding.generate(target: target, draft: target, prompt: [0], gamma: 3,
                                                    options: GenerationOptions(maxTokens: 24))
    #expect(selfSpec.tokens == AnchorFixture.tokens)
    #expect(selfSpec.acceptanceRate == 1 && selfSpec.tokensPerTargetCall == 4)
    #expect(abs(SpeculativeDecoding.expectedTokensPerCall(alpha: 0.5, gamma: 3) - 1.875) < 1e-12)
}

/// Upper α-quantile of χ²(df) by the Wilson–Hilferty approximation (z = the normal quantile).
func chiSquareCritical(df: Int, z: Double) -> Double {
    let k = Double(df)
    return k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
}

/// Pearson's χ² of observed counts against expected probabilities, merging cells whose
/// expected count is below 5 into one; returns the statistic and the degrees of freedom.
func chiSquare(counts: [Int], probabilities: [Double]) -> (statistic: Double, df: Int) {
    let n = Double(counts.reduce(0, +))
    var stat = 0.0, cells = 0, smallObserved = 0, smallExpected = 0.0
    for (c, p) in zip(counts, probabilities) {
        if p * n < 5 { smallObserved += c; smallExpected += p * n; continue }
        stat += pow(Double(c) - p * n, 2) / (p * n); cells += 1
    }
    if smallExpected > 0 { stat += pow(Double(smallObserved) - smallExpected, 2) / smallExpected; cells += 1 }
    return (stat, cells - 1)
}

@Test func sampledSpeculativeOutputHasTheTargetDistribution() throws {
    // Vocabulary 4, three sampled tokens after [0], γ = 2: 64 possible outputs. The exact target
    // probability of each is p(a)·p(b|a)·p(c|ab). 3000 seeded runs; Pearson's χ² must stay below
    // the 0.999 quantile of χ²(df) (≈ 103 for df = 63): a false alarm once in a thousand seeds.
    let config = GPTConfig(vocabularySize: 4, context: 8, width: 8, heads: 2, layers: 1)
    let target = try GPTModel.random(config: config, seed: 11)
    let draft = try GPTModel.random(config: GPTConfig(vocabularySize: 4, context: 8, width: 4, heads: 1, layers: 1), seed: 12)
    var exact = [Double](repeating: 0, count: 64)
    for code in 0..<64 {
        exact[code] = Double(exp(try sequenceLogProb(target, prompt: [0], continuation: [code / 16, (code / 4) % 4, code % 4])))
    }
    #expect(abs(exact.reduce(0, +) - 1) < 1e-4)
    let runs = 3000
    var counts = [Int](repeating: 0, count: 64), draftCounts = counts
    var accepted = 0, proposed = 0
    for seed in 0..<runs {
        let options = GenerationOptions(maxTokens: 3, temperature: 1, seed: UInt64(seed))
        let out = try SpeculativeDecoding.generate(target: target, draft: draft, prompt: [0], gamma: 2, options: options)
        counts[out.tokens[0] * 16 + out.tokens[1] * 4 + out.tokens[2]] += 1
        accepted += out.accepted; proposed += out.proposed
        let d = try draft.generate(prompt: [0], options: options).tokens
        draftCounts[d[0] * 16 + d[1] * 4 + d[2]] += 1
    }
    let (stat, df) = chiSquare(counts: counts, probabilities: exact)
    let critical = chiSquareCritical(df: df, z: 3.0902)
    #expect(stat < critical, "χ² = \(stat) with df = \(df), threshold \(critical)")
    // Control: the draft's own samples must fail the same test, or the test has no power.
    let (draftStat, draftDf) = chiSquare(counts: draftCounts, probabilities: exact)
    #expect(draftStat > chiSquareCritical(df: draftDf, z: 3.0902))
    // Both accept and reject paths ran.
    #expect(accepted > 0 && accepted < proposed)
}

@Test func truncatedDraftKeepsTheFirstBlocks() throws {
    let target = try GPTModel.random(config: GPTConfig(vocabularySize: 16, context: 8, width: 16, heads: 2, layers: 3), seed: 4)
    let draft = try target.truncated(layers: 1)
    #expect(try draft.config.layers == 1 && draft.parameters["h0.mlp.w1"]?.scalars == target.parameters["h0.mlp.w1"]?.scalars)
    #expect(try draft.parameters["h1.mlp.w1"] == nil)
    let spec = try SpeculativeDecoding.generate(target: target, draft: draft, prompt: [1], gamma: 3, options: GenerationOptions(maxTokens: 20))
    #expect(spec.tokens == (try target.generate(prompt: [1], options: GenerationOptions(maxTokens: 20))).tokens)
    #expect(throws: LMError.self) { try target.truncated(layers: 4) }
}
