// Stochastic gradient descent with momentum and weight decay, PyTorch's formulation:
//   g ← g + λ·p                      (weight decay, coupled)
//   b ← μ·b + g   (b = g on the first step)
//   p ← p − lr·b  (p ← p − lr·g without momentum)
import TensorCore

/// SGD with optional momentum (Polyak heavy ball; Nesterov not used) and L2 weight decay.
public final class SGD: Optimizer {
    public var learningRate: Float
    /// Threads for the update (a large parameter split over them; the result does not depend on it).
    public var threads = 1
    public let momentum: Float
    public let weightDecay: Float
    public var parameters: [Parameter] { slots.map(\.parameter) }
    private let slots: [ParameterSlot]

    /// - Throws: on a negative learning rate, momentum or weight decay.
    public init(_ parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) throws {
        guard learningRate >= 0, momentum >= 0, weightDecay >= 0 else {
            throw NNError.argument("sgd: learning rate, momentum and weight decay must not be negative")
        }
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        slots = parameters.map { ParameterSlot(parameter: $0) }
    }

    public func step() throws {
        let (lr, mu, wd) = (learningRate, momentum, weightDecay)
        try applySlots(slots, stateSlots: mu != 0 ? 1 : 0, threads: threads) { b, range in
            for j in range {
                var d = b.grad[j] + wd * b.old[j]
                if mu != 0 {
                    let velocity = b.state[0]
                    velocity[j] = b.first ? d : mu * velocity[j] + d
                    d = velocity[j]
                }
                b.new[j] = b.old[j] - lr * d
            }
        }
    }
}
