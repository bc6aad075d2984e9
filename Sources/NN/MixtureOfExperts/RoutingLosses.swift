// The router's auxiliary losses, unweighted:
//
//   balance (Switch Transformer, eq. 4):  E · Σᵢ fᵢ · Pᵢ
//       fᵢ = fraction of the N·k routing choices that name expert i (a count: no gradient)
//       Pᵢ = (1/N) Σₓ pᵢ(x), the mean router probability (differentiable)
//     It is 1 when both are uniform (1/E each) and grows as load concentrates; its gradient
//     pushes down the probability of the experts that get the most tokens.
//   z-loss (ST-MoE, Zoph et al. 2022, eq. 5):  (1/N) Σₓ (log Σⱼ exp zⱼ(x))²
//     It keeps the router's logits small, which keeps its softmax numerically well-behaved.
import TensorCore

struct RoutingLosses {
    let balance: Variable
    let z: Variable
    let fraction: [Float]

    init(logits: Variable, probs: Variable, choice: [[Int]], experts e: Int) throws {
        let n = choice.count, k = choice.first?.count ?? 1
        var counts = [Float](repeating: 0, count: e)
        for row in choice { for i in row { counts[i] += 1 } }
        fraction = counts.map { $0 / Float(n * k) }
        let meanProbability = try probs.mean(axes: [0])                               // [E]
        balance = try (meanProbability * Tensor(fraction)).sum() * Float(e)
        // logsumexp with the row maximum taken out (a constant: the result does not depend on it).
        let m = try logits.value.max(axes: [1], keepDims: true)
        let lse = try (try (logits - m).exp().sum(axes: [1], keepDims: true)).log() + m
        z = try (lse * lse).mean()
    }
}
