// Activation checkpointing (gradient checkpointing; Chen et al. 2016, "Training Deep Nets with
// Sublinear Memory Cost"): run a segment of the network without keeping its intermediate values,
// and recompute them during backward. Memory for activations falls from every layer's to one
// segment's at a time plus the segment boundaries; the price is a second forward pass of each
// segment. The recomputation is deterministic (no dropout inside a segment), so the gradients
// are the same as without checkpointing.
import TensorCore

/// `body(x)` whose intermediate values are not kept: the forward pass runs without a graph, and
/// backward re-runs `body` on the saved input to get the gradients of x and of `parameters`
/// (the weights `body` reads, which receive their gradients during that recomputation).
public func checkpointed(_ x: Variable, parameters: [Parameter],
                         _ body: @escaping (Variable) throws -> Variable) throws -> Variable {
    let output = try GradMode.withoutGrad { try body(x.detached()) }
    // The weights are parents so that the node is part of the graph even when x needs no
    // gradient; their gradients arrive through the recomputation, not through this rule.
    let weights = parameters.filter(\.requiresGrad).map(\.variable)
    let input = x.value
    return Variable.custom(output.value, op: "checkpoint", parents: [x] + weights) { g in
        let replay = Variable(input, requiresGrad: true)
        let y = try body(replay)
        try y.backward(seed: g)
        return [replay.grad] + weights.map { _ in nil }
    }
}
