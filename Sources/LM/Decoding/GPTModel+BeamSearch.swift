// Beam search: keep the `width` best partial sequences by total log-probability; each step
// expands every live beam by its `width` best next tokens and keeps the best `width` overall.
// A beam that emits a stop token, or whose decoded text comes to contain a stop string, is
// finished and leaves the search (as `generate` stops). Final ranking divides the log-probability
// by length^α (α = lengthPenalty; 0 ranks by raw log-probability, which favours short outputs).
import Foundation
import NN

/// One finished beam-search hypothesis.
public struct BeamHypothesis: Equatable {
    /// New tokens (prompt excluded).
    public var tokens: [Int]
    /// Sum of the tokens' log-probabilities.
    public var logProb: Float
    /// logProb / length^α, the ranking key.
    public var score: Float
    /// Decoded text, cut before a stop string, when a tokenizer was given.
    public var text: String?
    /// A stop token or stop string ended it, or it ran to `maxTokens` (or was still live then).
    public var finishReason: FinishReason
}

extension GPTModel {
    /// Beam search from `prompt`.
    ///
    /// Stops mean what they mean in `generate`: a hypothesis ends with the token that completes a
    /// stop string in its decoded text (the token is kept, the text is cut before the string).
    /// - Parameters:
    ///   - width: beams kept per step (1 is greedy).
    ///   - maxTokens: most new tokens per hypothesis.
    ///   - lengthPenalty: α in score = logProb / length^α.
    ///   - stopTokens: ids that end a hypothesis (kept in it).
    ///   - stop: strings that end a hypothesis once its decoded text contains one (needs `tokenizer`).
    ///   - tokenizer: decodes hypotheses for stop strings and `BeamHypothesis.text`.
    /// - Returns: up to `width` hypotheses, best score first.
    /// - Throws: for width < 1, an empty prompt, an empty stop string, or stop strings without a tokenizer.
    public func beamSearch(prompt: [Int], width: Int, maxTokens: Int, lengthPenalty: Float = 1,
                           stopTokens: [Int] = [], stop: [String] = [],
                           tokenizer: (any Tokenizer)? = nil) throws -> [BeamHypothesis] {
        guard width >= 1 else { throw LMError.argument("beam search: width must be ≥ 1, got \(width)") }
        guard !prompt.isEmpty else { throw LMError.argument("beam search: the prompt is empty; give at least one token") }
        let stops = try StopStrings(stop, tokenizer: tokenizer, for: "beam search")
        struct Beam { var tokens: [Int]; var logProb: Float; var cache: KVCache; var logits: [Float] }
        func hypothesis(_ tokens: [Int], _ logProb: Float, _ reason: FinishReason) throws -> BeamHypothesis {
            BeamHypothesis(tokens: tokens, logProb: logProb, score: logProb / Float(Swift.max(tokens.count, 1)).pow(lengthPenalty),
                           text: try stops.text(of: tokens), finishReason: reason)
        }
        var cache = makeCache()
        let first = try forward(prompt, cache: &cache)
        var beams = [Beam(tokens: [], logProb: 0, cache: cache, logits: first)]
        var finished: [BeamHypothesis] = []
        for _ in 0..<maxTokens where !beams.isEmpty {
            var candidates: [(beam: Int, token: Int, logProb: Float)] = []
            for (b, beam) in beams.enumerated() {
                let logZ = Sampler.logProb(beam.logits, 0) - beam.logits[0]      // −log Σ exp, shifted
                let ranked = beam.logits.indices.sorted { beam.logits[$0] != beam.logits[$1] ? beam.logits[$0] > beam.logits[$1] : $0 < $1 }
                for tok in ranked.prefix(width) {
                    candidates.append((b, tok, beam.logProb + beam.logits[tok] + logZ))
                }
            }
            candidates.sort { $0.logProb != $1.logProb ? $0.logProb > $1.logProb : ($0.beam, $0.token) < ($1.beam, $1.token) }
            var next: [Beam] = []
            for cand in candidates {
                if next.count == width { break }
                let parent = beams[cand.beam]
                let tokens = parent.tokens + [cand.token]
                if let reason = try stops.finishReason(after: tokens, stopTokens: stopTokens) {
                    finished.append(try hypothesis(tokens, cand.logProb, reason))
                    continue
                }
                var child = Beam(tokens: tokens, logProb: cand.logProb, cache: parent.cache, logits: [])
                if tokens.count < maxTokens { child.logits = try forward([cand.token], cache: &child.cache) }
                next.append(child)
            }
            beams = next
        }
        finished += try beams.map { try hypothesis($0.tokens, $0.logProb, .maxTokens) }
        finished.sort { $0.score != $1.score ? $0.score > $1.score : $0.tokens.lexicographicallyPrecedes($1.tokens) }
        return Array(finished.prefix(width))
    }
}

private extension Float {
    func pow(_ e: Float) -> Float { e == 0 ? 1 : Float(Foundation.pow(Double(self), Double(e))) }
}
