// Beam search: keep the `width` best partial sequences by total log-probability; each step
// expands every live beam by its `width` best next tokens and keeps the best `width` overall.
// A beam that emits a stop token is finished. Final ranking divides the log-probability by
// length^α (α = lengthPenalty; 0 ranks by raw log-probability, which favours short outputs).
import Foundation

/// One finished beam-search hypothesis.
public struct BeamHypothesis: Equatable {
    /// New tokens (prompt excluded).
    public var tokens: [Int]
    /// Sum of the tokens' log-probabilities.
    public var logProb: Float
    /// logProb / length^α, the ranking key.
    public var score: Float
}

extension GPTModel {
    /// Beam search from `prompt`.
    /// - Parameters:
    ///   - width: beams kept per step (1 is greedy).
    ///   - maxTokens: most new tokens per hypothesis.
    ///   - lengthPenalty: α in score = logProb / length^α.
    ///   - stopTokens: ids that end a hypothesis (kept in it).
    /// - Returns: up to `width` hypotheses, best score first.
    public func beamSearch(prompt: [Int], width: Int, maxTokens: Int, lengthPenalty: Float = 1,
                           stopTokens: [Int] = []) throws -> [BeamHypothesis] {
        guard width >= 1 else { throw LMError.argument("beam search: width must be ≥ 1, got \(width)") }
        guard !prompt.isEmpty else { throw LMError.argument("beam search: the prompt is empty; give at least one token") }
        struct Beam { var tokens: [Int]; var logProb: Float; var cache: KVCache; var logits: [Float] }
        func score(_ logProb: Float, _ length: Int) -> Float {
            logProb / Float(Swift.max(length, 1)).pow(lengthPenalty)
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
                if stopTokens.contains(cand.token) {
                    finished.append(BeamHypothesis(tokens: tokens, logProb: cand.logProb, score: score(cand.logProb, tokens.count)))
                    continue
                }
                var child = Beam(tokens: tokens, logProb: cand.logProb, cache: parent.cache, logits: [])
                if tokens.count < maxTokens { child.logits = try forward([cand.token], cache: &child.cache) }
                next.append(child)
            }
            beams = next
        }
        finished += beams.map { BeamHypothesis(tokens: $0.tokens, logProb: $0.logProb, score: score($0.logProb, $0.tokens.count)) }
        finished.sort { $0.score != $1.score ? $0.score > $1.score : $0.tokens.lexicographicallyPrecedes($1.tokens) }
        return Array(finished.prefix(width))
    }
}

private extension Float {
    func pow(_ e: Float) -> Float { e == 0 ? 1 : Float(Foundation.pow(Double(self), Double(e))) }
}
