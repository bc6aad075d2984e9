// Variable: a tensor in a reverse-mode autodiff graph (micrograd/tinygrad style).
//
//     let w = Variable(try Tensor.randn([3, 2], seed: 0), requiresGrad: true)
//     let x = Variable(try Tensor.ones([4, 3]))
//     let loss = try x.matmul(w).tanh().sum()
//     try loss.backward()            // w.grad now holds d loss / d w
//
// Each primitive (Variable+Primitives.swift) records its parents and exactly one backward rule
// mapping the output gradient to parent gradients. Composite ops and losses are built from
// primitives, so their gradients need no rules of their own. Evaluation without a graph
// ("no_grad") is simply working on plain Tensors, or on Variables that do not require grad.

/// A node of the autodiff graph: a value, its accumulated gradient and how to pass gradients back.
public final class Variable {
    /// The forward value.
    public internal(set) var value: Tensor
    /// d(output)/d(self) accumulated by `backward()`; nil until then.
    public var grad: Tensor?
    /// Whether gradients flow to (and are stored for) this node.
    public let requiresGrad: Bool
    /// Name of the op that produced this node ("leaf" for inputs), for debugging and printing.
    public let op: String

    let parents: [Variable]
    /// Output gradient → one gradient per parent (nil where a parent needs none).
    let backwardRule: ((Tensor) throws -> [Tensor?])?

    /// A leaf holding `value`.
    public init(_ value: Tensor, requiresGrad: Bool = false) {
        self.value = value.dtype == .float32 ? value : value.astype(.float32)
        self.requiresGrad = requiresGrad
        self.op = "leaf"
        self.parents = []
        self.backwardRule = nil
    }

    /// An op result; the graph is recorded only when some parent requires grad.
    init(_ value: Tensor, op: String, parents: [Variable], backward: @escaping (Tensor) throws -> [Tensor?]) {
        self.value = value
        self.op = op
        let tracked = parents.contains { $0.requiresGrad }
        self.requiresGrad = tracked
        self.parents = tracked ? parents : []
        self.backwardRule = tracked ? backward : nil
    }

    /// A node with a hand-written backward rule, for operations built outside TensorCore (the
    /// activation checkpoint re-runs its segment inside `backward`). The rule returns one
    /// gradient per parent, nil where a parent needs none.
    public static func custom(_ value: Tensor, op: String, parents: [Variable],
                              backward: @escaping (Tensor) throws -> [Tensor?]) -> Variable {
        Variable(value, op: op, parents: parents, backward: backward)
    }

    /// Bytes of the intermediate values this node's graph keeps alive for backward (every node
    /// reachable from here except the leaves): the activation memory of a training step. Each
    /// buffer counts once, however many views of it the graph holds, and buffers the leaves own
    /// (weights, inputs) do not count.
    public var retainedActivationBytes: Int {
        let nodes = topologicalOrder()
        var seen = Set(nodes.filter { $0.backwardRule == nil }.map { ObjectIdentifier($0.value.storage) })
        return nodes.reduce(0) { total, node in
            guard node.backwardRule != nil, seen.insert(ObjectIdentifier(node.value.storage)).inserted else { return total }
            return total + node.value.storage.byteCount
        }
    }

    /// Shape of the value.
    public var shape: [Int] { value.shape }

    /// The same value cut off from the graph (gradients stop here).
    public func detached() -> Variable { Variable(value) }

    /// Clears the stored gradient.
    public func zeroGrad() { grad = nil }

    /// Replaces the value of a leaf in place (for optimizers), keeping its identity in models.
    public func update(_ newValue: Tensor) throws {
        guard newValue.shape == value.shape else {
            throw TensorError.shape("update: new value of shape \(shapeText(newValue.shape)) does not match \(shapeText(value.shape))")
        }
        value = newValue
    }

    /// Back-propagates from this node: every node that requires grad gets `grad` += d self / d node.
    /// - Parameter seed: d loss / d self; defaults to 1 for a one-element output.
    /// - Throws: when there is no seed and the output has more than one element.
    public func backward(seed: Tensor? = nil) throws {
        guard requiresGrad else { throw TensorError.autodiff("backward: output does not depend on any variable that requires grad") }
        let start: Tensor
        if let seed {
            guard seed.shape == value.shape else {
                throw TensorError.shape("backward: seed of shape \(shapeText(seed.shape)) does not match output \(shapeText(value.shape))")
            }
            start = seed
        } else {
            guard value.count == 1 else {
                throw TensorError.autodiff("backward: output of shape \(shapeText(value.shape)) is not a scalar; pass a seed gradient")
            }
            start = try Tensor.ones(value.shape)
        }
        let order = topologicalOrder()
        // Gradients of intermediate nodes live only for this pass; leaves accumulate across passes.
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): start]
        for node in order.reversed() {
            guard let g = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
            guard let rule = node.backwardRule else {
                node.grad = try node.grad.map { try $0 + g } ?? g
                continue
            }
            let parentGrads = try rule(g)
            for (parent, pg) in zip(node.parents, parentGrads) where parent.requiresGrad {
                guard let pg else { continue }
                let key = ObjectIdentifier(parent)
                pending[key] = try pending[key].map { try $0 + pg } ?? pg
            }
        }
    }

    /// Nodes reachable from self, parents before children (iterative DFS: deep graphs do not overflow).
    func topologicalOrder() -> [Variable] {
        var order: [Variable] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Variable, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded {
                order.append(node)
                continue
            }
            if !visited.insert(ObjectIdentifier(node)).inserted { continue }
            stack.append((node, true))
            for parent in node.parents where parent.requiresGrad && !visited.contains(ObjectIdentifier(parent)) {
                stack.append((parent, false))
            }
        }
        return order
    }
}

extension Variable: CustomStringConvertible {
    public var description: String {
        "variable(\(value.description.dropFirst("tensor(".count).dropLast())\(requiresGrad ? ", requires grad" : ""))"
    }
}
