// Group Relative Policy Optimization (GRPO; Shao et al. 2024, DeepSeekMath), the objective.
//
// For each prompt q, G completions o₁…o_G are sampled from the current policy π_old and scored
// by a reward. Each completion's advantage is its reward relative to its group,
//
//     Âᵢ = (rᵢ − mean(r)) / (std(r) + ε)          (Dr. GRPO, Liu et al. 2025: no division)
//
// so no value network is needed. Every token t of oᵢ then gets PPO's clipped surrogate and a
// KL penalty towards a frozen reference policy π_ref, with the k3 estimator (Schulman 2020):
//
//     ρ = π_θ(o_t | q, o_<t) / π_old(o_t | q, o_<t)
//     ℓ_t = −[ min(ρ·Âᵢ, clip(ρ, 1 − ε, 1 + ε)·Âᵢ) − β·(π_ref/π_θ − log(π_ref/π_θ) − 1) ]
//
// and the loss averages ℓ_t either per sequence then over the G·B sequences (the paper:
// (1/G)Σᵢ (1/|oᵢ|)Σ_t) or over every token of the batch (DAPO's token-level mean, which does not
// let long completions count less per token). A group whose rewards all tie has Â = 0: it
// contributes nothing but the KL term.
import TensorCore

/// How GRPO normalises the per-token loss.
public enum GRPONormalization: String, CaseIterable {
    /// (1/G) Σᵢ (1/|oᵢ|) Σ_t — the paper's.
    case sequence
    /// (1 / Σᵢ|oᵢ|) Σᵢ Σ_t — every token of the batch weighs the same.
    case token
}

/// The pieces of the GRPO objective, each a plain function of its inputs.
public enum GRPO {
    /// Group-relative advantages: rewards are consecutive groups of `groupSize`; each reward
    /// minus its group's mean, divided by the group's standard deviation (n − 1 in the
    /// denominator, as TRL computes it) plus `epsilon` when `scaleByStd`.
    /// - Throws: unless the count is a positive multiple of groupSize ≥ 2.
    public static func advantages(_ rewards: [Float], groupSize: Int, scaleByStd: Bool = true,
                                  epsilon: Float = 1e-4) throws -> [Float] {
        guard groupSize >= 2, !rewards.isEmpty, rewards.count % groupSize == 0 else {
            throw LMError.argument("grpo: expect groups of ≥ 2 completions; \(rewards.count) rewards do not split into groups of \(groupSize)")
        }
        var out = [Float](repeating: 0, count: rewards.count)
        for start in stride(from: 0, to: rewards.count, by: groupSize) {
            let group = rewards[start..<(start + groupSize)].map(Double.init)
            let mean = group.reduce(0, +) / Double(groupSize)
            let variance = group.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(groupSize - 1)
            let scale = scaleByStd ? variance.squareRoot() + Double(epsilon) : 1
            for (i, r) in group.enumerated() { out[start + i] = Float((r - mean) / scale) }
        }
        return out
    }

    /// The fraction of groups whose rewards all tie (they give the policy no signal).
    public static func tiedGroupFraction(_ rewards: [Float], groupSize: Int) -> Double {
        let groups = rewards.count / max(groupSize, 1)
        guard groups > 0 else { return 0 }
        let tied = (0..<groups).filter { g in
            let group = rewards[(g * groupSize)..<((g + 1) * groupSize)]
            return group.allSatisfy { $0 == group.first }
        }.count
        return Double(tied) / Double(groups)
    }

    /// What one evaluation of the loss measured.
    public struct Statistics: Equatable {
        /// Mean of the k3 KL estimate over the completion tokens.
        public var kl: Double
        /// Fraction of completion tokens where clipping took the gradient away (ρ outside
        /// [1 − ε, 1 + ε] on the side the advantage pushes towards).
        public var clipFraction: Double
    }

    /// The GRPO loss (to minimise) over completion tokens.
    /// - Parameters:
    ///   - logProbs: log π_θ of each token, [n] (differentiable).
    ///   - oldLogProbs: log π_old of the same tokens (constants).
    ///   - refLogProbs: log π_ref (constants).
    ///   - advantages: the advantage of each token's sequence, [n].
    ///   - sequence: each token's sequence index, [n] (for the per-sequence normalization).
    public static func loss(logProbs: Variable, oldLogProbs: [Float], refLogProbs: [Float], advantages: [Float],
                            sequence: [Int], clip epsilon: Float = 0.2, beta: Float = 0.04,
                            normalization: GRPONormalization = .sequence) throws -> (loss: Variable, statistics: Statistics) {
        let n = oldLogProbs.count
        guard logProbs.value.count == n, refLogProbs.count == n, advantages.count == n, sequence.count == n, n > 0 else {
            throw LMError.argument("grpo: every per-token input needs the same non-zero length")
        }
        let logp = try logProbs.reshaped([n])
        let ratio = try (logp - Tensor(oldLogProbs)).exp()
        let a = Tensor(advantages)
        let unclipped = try ratio * a
        // clip(ρ, 1 − ε, 1 + ε) = min(max(ρ, 1 − ε), 1 + ε).
        let low = try Tensor.full([n], value: 1 - epsilon), high = try Tensor.full([n], value: 1 + epsilon)
        let clipped = try ratio.maximum(Variable(low)).minimum(Variable(high)) * a
        let surrogate = try unclipped.minimum(clipped)      // min(ρÂ, clip(ρ)Â)
        // k3: π_ref/π − log(π_ref/π) − 1, with log(π_ref/π) = log π_ref − log π.
        let logRatioRef = try (logp * -1) + Tensor(refLogProbs)
        let kl = try logRatioRef.exp() - logRatioRef - 1
        let perToken = try (surrogate - kl * beta) * -1
        // Per-token weights of the chosen normalization.
        var weights = [Float](repeating: 0, count: n)
        switch normalization {
        case .token:
            weights = [Float](repeating: 1 / Float(n), count: n)
        case .sequence:
            var lengths: [Int: Int] = [:]
            for s in sequence { lengths[s, default: 0] += 1 }
            let sequences = Float(lengths.count)
            weights = sequence.map { 1 / (Float(lengths[$0]!) * sequences) }
        }
        let total = try (perToken * Tensor(weights)).sum()
        let r = ratio.value.scalars
        var clippedCount = 0
        for i in 0..<n where (advantages[i] > 0 && r[i] > 1 + epsilon) || (advantages[i] < 0 && r[i] < 1 - epsilon) { clippedCount += 1 }
        let klMean = kl.value.scalars.reduce(0.0) { $0 + Double($1) } / Double(n)
        return (total, Statistics(kl: klMean, clipFraction: Double(clippedCount) / Double(n)))
    }
}
