// Optimizers update parameters in place from their gradients (PyTorch's torch.optim).
// The update rules work on plain Float arrays: one pass per parameter, no autodiff graph.
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
    /// Threads the update may use, one parameter per thread at a time (1: serial).
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

/// Runs each slot's update on one of `threads` threads (largest parameters spread first). Every
/// parameter is updated by exactly one thread with its own state, so the result is the same for
/// any thread count — data-parallel training uses its workers here too.
func applySlots(_ slots: inout [ParameterSlot], threads: Int,
                _ update: (inout [Float], [Float], inout [[Float]]) -> Void) throws {
    guard threads > 1, slots.count > 1 else {
        for i in slots.indices { try slots[i].apply(update) }
        return
    }
    let count = min(threads, slots.count)
    var load = [Int](repeating: 0, count: count)
    var owner = [Int](repeating: 0, count: slots.count)
    for i in slots.indices.sorted(by: { slots[$0].parameter.count > slots[$1].parameter.count }) {
        let t = load.indices.min { load[$0] < load[$1] }!
        owner[i] = t
        load[t] += slots[i].parameter.count
    }
    var errors = [Error?](repeating: nil, count: count)
    slots.withUnsafeMutableBufferPointer { buffer in
        errors.withUnsafeMutableBufferPointer { failures in
            DispatchQueue.concurrentPerform(iterations: count) { t in
                for i in buffer.indices where owner[i] == t {
                    do { try buffer[i].apply(update) } catch { failures[t] = error; return }
                }
            }
        }
    }
    if let error = errors.compactMap({ $0 }).first { throw error }
}

/// Parameters, their gradients and per-parameter state as flat arrays, for update rules.
struct ParameterSlot {
    let parameter: Parameter
    var state: [[Float]] = []

    /// Runs `update(values, grads, &state)` and writes the values back, then re-applies the mask.
    mutating func apply(_ update: (inout [Float], [Float], inout [[Float]]) -> Void) throws {
        guard parameter.requiresGrad, let grad = parameter.grad else { return }
        guard grad.shape == parameter.shape else {
            throw NNError.shape("optimizer: gradient \(shapeText(grad.shape)) does not match parameter \(shapeText(parameter.shape))")
        }
        var values = parameter.value.scalars
        update(&values, grad.scalars, &state)
        parameter.value = try Tensor(shape: parameter.shape, scalars: values)
        try parameter.applyMask()
    }
}
