// Turns logits into the distribution a decoding strategy samples from:
// repetition penalty → temperature → top-k → top-p, in that order (as Hugging Face applies them).
import Foundation
import TensorCore

/// Logit processing and sampling shared by plain, beam and speculative decoding.
struct Sampler {
    let options: GenerationOptions

    /// The processed distribution over the vocabulary given the tokens so far. Greedy
    /// (temperature 0) gives a one-hot on the argmax of the penalised logits, which lets
    /// speculative decoding treat greedy and sampled decoding with one rule.
    func distribution(logits: [Float], history: [Int]) -> [Float] {
        var z = logits
        if options.repetitionPenalty != 1 {
            for tok in Set(history) where tok >= 0 && tok < z.count {
                z[tok] = z[tok] > 0 ? z[tok] / options.repetitionPenalty : z[tok] * options.repetitionPenalty
            }
        }
        var p = [Float](repeating: 0, count: z.count)
        if options.temperature == 0 {
            p[Self.argmax(z)] = 1
            return p
        }
        let scaled = z.map { $0 / options.temperature }
        let m = scaled.max() ?? 0
        var total: Float = 0
        for i in p.indices { p[i] = Foundation.exp(scaled[i] - m); total += p[i] }
        for i in p.indices { p[i] /= total }
        if options.topK > 0 && options.topK < p.count || options.topP < 1 {
            let order = p.indices.sorted { p[$0] != p[$1] ? p[$0] > p[$1] : $0 < $1 }
            var keep = options.topK > 0 ? min(options.topK, p.count) : p.count
            if options.topP < 1 {
                // Hugging Face's order: top-k first, renormalised, then the nucleus over what is
                // left (measuring the nucleus on the unrenormalised p keeps too many tokens).
                let topKMass = order.prefix(keep).reduce(Float(0)) { $0 + p[$1] }
                var cumulative: Float = 0
                for (rank, i) in order.prefix(keep).enumerated() {
                    cumulative += p[i] / topKMass
                    if cumulative >= options.topP { keep = rank + 1; break }
                }
            }
            var kept = [Float](repeating: 0, count: p.count)
            var sum: Float = 0
            for i in order.prefix(keep) { kept[i] = p[i]; sum += p[i] }
            for i in kept.indices { kept[i] /= sum }
            p = kept
        }
        return p
    }

    /// Draws an index with probability `p[i]` (inverse CDF on one uniform).
    static func sample(_ p: [Float], rng: inout WhittleRandom) -> Int {
        let u = Float(rng.uniformDouble())
        var cumulative: Float = 0
        var last = 0
        for (i, v) in p.enumerated() where v > 0 {
            cumulative += v
            last = i
            if u < cumulative { return i }
        }
        return last     // rounding left u above the final sum: the last possible token
    }

    /// Index of the largest value (first on ties, as numpy's argmax).
    static func argmax(_ z: [Float]) -> Int {
        var best = 0
        for i in z.indices where z[i] > z[best] { best = i }
        return best
    }

    /// log softmax(z)[i] at temperature 1.
    static func logProb(_ z: [Float], _ i: Int) -> Float {
        let m = z.max() ?? 0
        var total: Double = 0
        for v in z { total += Foundation.exp(Double(v - m)) }
        return Float(Double(z[i] - m) - Foundation.log(total))
    }
}
