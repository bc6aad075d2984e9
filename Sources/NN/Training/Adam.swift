// Adam (Kingma & Ba, 2015) and AdamW (Loshchilov & Hutter, 2019), as in torch.optim:
//   AdamW only:  p ← p − lr·λ·p                  (decoupled decay)
//   Adam only:   g ← g + λ·p                     (L2 penalty in the gradient)
//   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²
//   m̂ = m / (1−β₁ᵗ),     v̂ = v / (1−β₂ᵗ)
//   p ← p − lr · m̂ / (√v̂ + ε)
import Foundation
import TensorCore

/// Adam, or AdamW when `decoupledWeightDecay` is true.
public class Adam: Optimizer {
    public var learningRate: Float
    /// Threads for the update (a large parameter split over them; the result does not depend on it).
    public var threads = 1
    public let beta1: Float
    public let beta2: Float
    public let eps: Float
    public let weightDecay: Float
    /// True for AdamW: decay is applied to the weights directly, not added to the gradient.
    public let decoupledWeightDecay: Bool
    /// Number of steps taken (t in the bias corrections).
    public private(set) var stepCount = 0
    public var parameters: [Parameter] { slots.map(\.parameter) }
    private let slots: [ParameterSlot]

    /// - Throws: on betas outside [0, 1) or a negative rate, eps or decay.
    public init(_ parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                eps: Float = 1e-8, weightDecay: Float = 0, decoupledWeightDecay: Bool = false) throws {
        guard (0..<1).contains(beta1), (0..<1).contains(beta2), learningRate >= 0, eps >= 0, weightDecay >= 0 else {
            throw NNError.argument("adam: betas must be in [0, 1) and rate, eps, decay not negative")
        }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.eps = eps
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        slots = parameters.map { ParameterSlot(parameter: $0) }
    }

    public func step() throws {
        stepCount += 1
        let (lr, b1, b2, eps, wd) = (learningRate, beta1, beta2, eps, weightDecay)
        let correction1 = 1 - Float(Foundation.pow(Double(b1), Double(stepCount)))
        let correction2 = 1 - Float(Foundation.pow(Double(b2), Double(stepCount)))
        let decoupled = decoupledWeightDecay
        try applySlots(slots, stateSlots: 2, threads: threads) { b, range in
            let (m, v) = (b.state[0], b.state[1])
            for j in range {
                var p = b.old[j]
                var grad = b.grad[j]
                if decoupled { p -= lr * wd * p } else { grad += wd * p }
                m[j] = b1 * m[j] + (1 - b1) * grad
                v[j] = b2 * v[j] + (1 - b2) * grad * grad
                b.new[j] = p - lr * (m[j] / correction1) / ((v[j] / correction2).squareRoot() + eps)
            }
        }
    }
}

/// AdamW: Adam with decoupled weight decay (PyTorch's default decay 0.01).
public final class AdamW: Adam {
    /// - Throws: on betas outside [0, 1) or a negative rate, eps or decay.
    public init(_ parameters: [Parameter], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                eps: Float = 1e-8, weightDecay: Float = 0.01) throws {
        try super.init(parameters, learningRate: learningRate, beta1: beta1, beta2: beta2, eps: eps,
                       weightDecay: weightDecay, decoupledWeightDecay: true)
    }
}
