// Learning-rate schedules: pure functions of the step number, set on the optimizer by the loop.
import Foundation

/// How the learning rate changes with the step (or epoch) number.
public enum LearningRateSchedule {
    /// The base rate throughout.
    case constant
    /// Cosine annealing (Loshchilov & Hutter, 2017): min + (base − min)·(1 + cos(π·t/T))/2, t clamped to T.
    case cosine(totalSteps: Int, minimum: Float)
    /// Step decay: base · γ^⌊t / every⌋ (PyTorch's StepLR).
    case step(every: Int, gamma: Float)

    /// The rate at step `t` (0-based) for base rate `base`.
    public func rate(base: Float, at t: Int) -> Float {
        switch self {
        case .constant:
            return base
        case .cosine(let total, let minimum):
            guard total > 0 else { return base }
            let progress = Double(min(max(t, 0), total)) / Double(total)
            return minimum + (base - minimum) * Float((1 + cos(Double.pi * progress)) / 2)
        case .step(let every, let gamma):
            guard every > 0 else { return base }
            return base * Float(pow(Double(gamma), Double(max(t, 0) / every)))
        }
    }
}
