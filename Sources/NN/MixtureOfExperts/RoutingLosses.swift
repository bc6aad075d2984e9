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
    /// fᵢ.
    let fraction: [Float]
    /// Pᵢ.
    let meanProbability: [Float]

    /// - Parameter assigned: the routing choices that named each expert (N·k in all).
    init(logits: Variable, probs: Variable, assigned: [Int]) throws {
        let e = assigned.count, choices = assigned.reduce(0, +)
        fraction = assigned.map { Float($0) / Float(choices) }
        let mean = try probs.mean(axes: [0])                                           // [E]
        meanProbability = mean.value.scalars
        balance = try (mean * Tensor(fraction)).sum() * Float(e)
        // logsumexp with the row maximum taken out (a constant: the result does not depend on it).
        let m = try logits.value.max(axes: [1], keepDims: true)
        let lse = try (try (logits - m).exp().sum(axes: [1], keepDims: true)).log() + m
        z = try (lse * lse).mean()
    }
}
