// Speculative decoding (Leviathan et al. 2023; Chen et al. 2023). Each round a small draft
// model proposes γ tokens x₁…x_γ from its distributions q; the target scores all γ + 1
// positions in ONE forward call, giving p₁…p_{γ+1}. Token xᵢ is accepted with probability
// min(1, pᵢ(xᵢ)/qᵢ(xᵢ)); at the first rejection a replacement is drawn from
// norm(max(0, pᵢ − qᵢ)) and the round ends; if all γ pass, a bonus token comes from p_{γ+1}.
// The output is distributed exactly as sampling from the target alone. With greedy options
// p and q are one-hot, so a draft token is kept iff it equals the target's argmax and the
// output equals greedy target decoding token for token.
//
// Stops (stop tokens, stop strings) end the text where `generate` would end it: a round stops
// accepting at the token that completes a stop, so tokens after it neither reach the output nor
// count as accepted, and with greedy options the output still equals the target's own.
//
// If each token is accepted independently with rate α, a target call yields on average
// E = (1 − α^(γ+1)) / (1 − α) tokens (Leviathan et al., eq. 1).
import Foundation
import NN
import TensorCore

/// Statistics and output of one speculative generation.
public struct SpeculativeGeneration: Equatable {
    /// New token ids (prompt excluded).
    public var tokens: [Int]
    /// Decoded text, cut before a stop string, when a tokenizer was given.
    public var text: String?
    /// Why generation stopped (`.callback` never happens here).
    public var finishReason: FinishReason
    /// Forward calls of the target (prefill included) and of the draft.
    public var targetCalls: Int
    public var draftCalls: Int
    /// Draft tokens proposed and accepted over all rounds.
    public var proposed: Int
    public var accepted: Int
    /// Verification rounds (target calls after the prefill).
    public var rounds: Int
    public var gamma: Int

    /// Measured acceptance rate α = accepted / proposed.
    public var acceptanceRate: Double { proposed == 0 ? 0 : Double(accepted) / Double(proposed) }
    /// Measured tokens per verification call.
    public var tokensPerTargetCall: Double { rounds == 0 ? 0 : Double(tokens.count) / Double(rounds) }
    /// E = (1 − α^(γ+1)) / (1 − α) for the measured α: the tokens per call theory predicts.
    public var expectedTokensPerTargetCall: Double {
        SpeculativeDecoding.expectedTokensPerCall(alpha: acceptanceRate, gamma: gamma)
    }
}

/// Speculative decoding with a draft model and a target model sharing one vocabulary.
public enum SpeculativeDecoding {
    /// (1 − α^(γ+1)) / (1 − α), the expected tokens per target call (γ + 1 when α = 1).
    public static func expectedTokensPerCall(alpha: Double, gamma: Int) -> Double {
        alpha >= 1 ? Double(gamma + 1) : (1 - pow(alpha, Double(gamma + 1))) / (1 - alpha)
    }

    /// Generates up to `options.maxTokens` tokens from `target`, drafting `gamma` at a time with `draft`.
    /// Supports temperature, top-k, top-p, repetition penalty, stop tokens, stop strings and seeds
    /// (callbacks belong to `GPTModel.generate`). Stops behave as in `GPTModel.generate`: the
    /// text ends with the token that completes a stop string and is cut before the string.
    /// - Parameter tokenizer: decodes the text for stop strings and `SpeculativeGeneration.text`.
    /// - Throws: if the vocabularies differ, γ < 1, the prompt is empty, a stop string is empty,
    ///   or there are stop strings without a tokenizer.
    public static func generate(target: GPTModel, draft: GPTModel, prompt: [Int], gamma: Int,
                                options: GenerationOptions = GenerationOptions(),
                                tokenizer: (any Tokenizer)? = nil) throws -> SpeculativeGeneration {
        try options.validate()
        guard gamma >= 1 else { throw LMError.argument("speculative: γ must be ≥ 1, got \(gamma)") }
        guard target.config.vocabularySize == draft.config.vocabularySize else {
            throw LMError.argument("speculative: draft vocabulary \(draft.config.vocabularySize) differs from the target's \(target.config.vocabularySize)")
        }
        guard !prompt.isEmpty else { throw LMError.argument("speculative: the prompt is empty; give at least one token") }
        let stops = try StopStrings(options.stop, tokenizer: tokenizer, for: "speculative")
        let sampler = Sampler(options: options)
        let greedy = options.temperature == 0
        var rng = WhittleRandom(seed: options.seed)
        var targetCache = target.makeCache(), draftCache = draft.makeCache()
        var seq = prompt
        var out = SpeculativeGeneration(tokens: [], text: nil, finishReason: .maxTokens, targetCalls: 0, draftCalls: 0, proposed: 0, accepted: 0, rounds: 0, gamma: gamma)
        // Invariant between rounds: each cache holds a prefix of seq without its last token.
        if prompt.count > 1 {
            _ = try target.forward(Array(prompt.dropLast()), cache: &targetCache); out.targetCalls += 1
            _ = try draft.forward(Array(prompt.dropLast()), cache: &draftCache); out.draftCalls += 1
        }
        func draw(_ p: [Float]) -> Int { greedy ? Sampler.argmax(p) : Sampler.sample(p, rng: &rng) }

        rounds: while out.tokens.count < options.maxTokens {
            try Cancellation.check()
            let g = min(gamma, options.maxTokens - out.tokens.count)
            // Draft γ tokens, one call each (the first call also catches up on missed tokens).
            draftCache.mark()
            var drafted: [Int] = [], q: [[Float]] = []
            var feed = Array(seq[draftCache.position...])
            for _ in 0..<g {
                let logits = try draft.forward(feed, cache: &draftCache); out.draftCalls += 1
                let qi = sampler.distribution(logits: logits, history: seq + drafted)
                let x = draw(qi)
                drafted.append(x); q.append(qi)
                feed = [x]
            }
            // Verify all γ + 1 positions in one target call.
            targetCache.mark()
            let pending = Array(seq[targetCache.position...]) + drafted
            let rows = try target.forward(pending, cache: &targetCache, allLogits: true)
            out.targetCalls += 1; out.rounds += 1
            let v = target.config.vocabularySize
            let firstRow = pending.count - (g + 1)
            func p(_ i: Int, history: [Int]) -> [Float] {
                let start = (firstRow + i) * v
                return sampler.distribution(logits: Array(rows[start..<(start + v)]), history: history)
            }
            var newTokens: [Int] = []
            var rejected = false
            // Set when a new token ends the text; it is then the last of newTokens.
            var ending: FinishReason?
            func ends() throws -> FinishReason? {
                try stops.finishReason(after: out.tokens + newTokens, stopTokens: options.stopTokens)
            }
            for i in 0..<g {
                let pi = p(i, history: seq + newTokens)
                let x = drafted[i]
                out.proposed += 1
                let ratio = q[i][x] > 0 ? pi[x] / q[i][x] : 0
                let u = greedy ? 0 : Float(rng.uniformDouble())
                if (greedy && pi[x] == 1) || (!greedy && u < min(1, ratio)) {
                    out.accepted += 1
                    newTokens.append(x)
                    ending = try ends()
                    if ending != nil { break }
                } else {
                    var residual = zip(pi, q[i]).map { max(0, $0 - $1) }
                    let mass = residual.reduce(0, +)
                    if mass > 0 { residual = residual.map { $0 / mass } } else { residual = pi }
                    newTokens.append(draw(residual))
                    ending = try ends()
                    rejected = true
                    break
                }
            }
            if !rejected, ending == nil, newTokens.count == g {
                newTokens.append(draw(p(g, history: seq + newTokens)))      // the bonus token
                // Past maxTokens the bonus is dropped below, so it cannot end the text.
                if out.tokens.count + newTokens.count <= options.maxTokens { ending = try ends() }
            }
            // Keep only what was accepted: caches roll back to "seq without its last token".
            seq += newTokens
            try targetCache.rollback(to: min(targetCache.position, seq.count - 1))
            try draftCache.rollback(to: min(draftCache.position, seq.count - 1))
            out.tokens += newTokens.prefix(options.maxTokens - out.tokens.count)
            if let ending {
                out.finishReason = ending
                break rounds
            }
        }
        out.text = try stops.text(of: out.tokens)
        return out
    }
}
