// Sequential: runs its layers in order; children are named "0", "1", ... as in PyTorch.
import TensorCore

/// A chain of modules.
public final class Sequential: Module {
    /// The layers, in order.
    public private(set) var layers: [any Module]
    public var isTraining = true

    public init(_ layers: [any Module]) { self.layers = layers }

    public var namedChildren: [(String, any Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public var summaryName: String { "Sequential(" + layers.map(\.summaryName).joined(separator: ", ") + ")" }

    public func forward(_ x: Variable) throws -> Variable {
        try layers.reduce(x) { try $1.forward($0) }
    }

    /// Replaces layer `index` (for compression: swap a Linear for a factorised or LoRA one).
    /// - Throws: on an index out of range.
    public func replaceLayer(at index: Int, with layer: any Module) throws {
        guard layers.indices.contains(index) else {
            throw NNError.argument("sequential: layer \(index) out of range 0..<\(layers.count)")
        }
        layers[index] = layer
        ModelEdits.record()
    }

    public func setChild(_ name: String, to module: any Module) throws {
        guard let index = Int(name) else { throw NNError.argument("sequential: no layer \"\(name)\"") }
        try replaceLayer(at: index, with: module)
    }

    public func copy() throws -> any Module {
        let copy = Sequential(try layers.map { try $0.copy() })
        copy.isTraining = isTraining
        return copy
    }
}

/// A multilayer perceptron: Linear layers of the given sizes with `activation` between them
/// (none after the last), e.g. `mlp([64, 128, 10])` = Linear(64→128), ReLU, Linear(128→10).
/// - Parameters:
///   - sizes: input size, hidden sizes, output size (at least two entries).
///   - activation: "relu", "gelu", "tanh" or "sigmoid".
///   - seed: seeds the initialisation of all layers, in order.
/// - Throws: on fewer than two sizes, a non-positive size or an unknown activation.
public func mlp(_ sizes: [Int], activation name: String = "relu", seed: UInt64 = 0) throws -> Sequential {
    guard sizes.count >= 2 else { throw NNError.argument("mlp: needs at least an input and an output size, got \(sizes)") }
    _ = try activation(named: name)  // reject an unknown name even when there is no hidden layer
    var rng = WhittleRandom(seed: seed)
    var layers: [any Module] = []
    for i in 0..<(sizes.count - 1) {
        if i > 0 { layers.append(try activation(named: name)) }
        layers.append(try Linear(sizes[i], sizes[i + 1], using: &rng))
    }
    return Sequential(layers)
}
