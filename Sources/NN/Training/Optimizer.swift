// Optimizers update parameters in place from their gradients (PyTorch's torch.optim).
// The update rules are elementwise loops over raw buffers (no autodiff graph, no copies), so a
// large parameter splits over threads without changing a bit.
import Dispatch
import Foundation
import TensorCore

/// Something that updates parameters from their gradients.
public protocol Optimizer: AnyObject {
    /// Step size; schedules change it between steps.
    var learningRate: Float { get set }
    /// The parameters being optimised.
    var parameters: [Parameter] { get }
    /// Applies one update to every parameter that has a gradient, then re-applies pruning masks.
    func step() throws
    /// Threads the update may use (1: serial); the result is the same for any count.
    var threads: Int { get set }
}

extension Optimizer {
    /// Clears every parameter's gradient.
    public func zeroGrad() {
        for parameter in parameters { parameter.zeroGrad() }
    }
}

/// Scales all gradients so that their global L2 norm is at most `maxNorm` (PyTorch's
/// `clip_grad_norm_`): total = √Σ‖g‖², and when total > maxNorm every g *= maxNorm / (total + 1e-6).
/// - Returns: the total norm before clipping.
@discardableResult
public func clipGradNorm(_ parameters: [Parameter], maxNorm: Float) throws -> Float {
    guard maxNorm > 0 else { throw NNError.argument("clip_grad_norm: max norm must be positive, got \(maxNorm)") }
    var squares: Double = 0
    for parameter in parameters {
        guard let g = parameter.grad else { continue }
        for x in g.scalars { squares += Double(x) * Double(x) }
    }
    let total = Float(squares.squareRoot())
    let coefficient = maxNorm / (total + 1e-6)
    if coefficient < 1 {
        for parameter in parameters {
            if let g = parameter.grad { parameter.grad = g * coefficient }
        }
    }
    return total
}

/// One parameter's buffers for an update rule, all the parameter's length: the values before the
/// step, the gradient, the values after it (the rule writes every one in its range) and the
/// rule's state (read and written in place).
struct SlotBuffers {
    let old: UnsafePointer<Float>
    let grad: UnsafePointer<Float>
    let new: UnsafeMutablePointer<Float>
    let state: [UnsafeMutablePointer<Float>]
    /// True on the parameter's first update: the state was just allocated (zeroed).
    let first: Bool
}

/// Applies an elementwise update rule to every parameter that has a gradient, then re-applies
/// pruning masks. A large parameter's elements are split over `threads` threads; each element's
/// update reads only its own value, gradient and state, so the result is the same bits for any
/// split — data-parallel training uses its workers here too.
func applySlots(_ slots: [ParameterSlot], stateSlots: Int, threads: Int,
                _ rule: (SlotBuffers, Range<Int>) -> Void) throws {
    for slot in slots {
        let parameter = slot.parameter
        guard parameter.requiresGrad, let grad = parameter.grad else { continue }
        guard grad.shape == parameter.shape else {
            throw NNError.shape("optimizer: gradient \(shapeText(grad.shape)) does not match parameter \(shapeText(parameter.shape))")
        }
        let count = parameter.count
        guard count > 0 else { continue }
        let first = slot.allocateState(slots: stateSlots, count: count)
        let updated = try parameter.value.withUnsafeFloats { old in
            try grad.withUnsafeFloats { g in
                try Tensor(shape: parameter.shape) { new in
                    let buffers = SlotBuffers(old: old.baseAddress!, grad: g.baseAddress!, new: new.baseAddress!,
                                              state: slot.state, first: first)
                    // Edges on multiples of 16 floats: no two threads write one cache line.
                    parallelChunks(count, threads: threads, minimum: 1 << 16) { rule(buffers, $0) }
                }
            }
        }
        parameter.value = updated
        try parameter.applyMask()
    }
}

/// A parameter and the optimizer's state for it (zeroed buffers, allocated on the first update).
final class ParameterSlot {
    let parameter: Parameter
    private(set) var state: [UnsafeMutablePointer<Float>] = []
    private var stateCount = 0

    init(parameter: Parameter) { self.parameter = parameter }

    /// Allocates `slots` zeroed buffers of `count` floats unless they exist; true when it did.
    func allocateState(slots: Int, count: Int) -> Bool {
        guard state.count != slots || stateCount != count else { return false }
        release()
        state = (0..<slots).map { _ in
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
            buffer.initialize(repeating: 0, count: count)
            return buffer
        }
        stateCount = count
        return true
    }

    private func release() {
        for buffer in state { buffer.deallocate() }
        state = []
    }

    deinit { release() }
}
