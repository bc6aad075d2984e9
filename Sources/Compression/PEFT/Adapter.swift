// Bottleneck adapters (Houlsby et al. 2019): a small module inserted after a layer,
//
//     adapter(h) = h + W_up · GELU(W_down · h + b_down) + b_up,   W_down [m, d], W_up [d, m], m ≪ d
//
// trained while the rest of the network stays frozen: 2·m·d + m + d parameters per insertion.
// Houlsby initialises both projections near zero, so each adapter starts near the identity and
// the pre-trained network's function is (almost) unchanged at step 0; here both weights are
// N(0, 0.01²) and the biases zero. Placement follows the paper: after the attention's output
// projection and after the MLP's second layer in a transformer block, before the residual sum;
// in a plain MLP, after each hidden layer.
import NN
import TensorCore

/// d → m → d with GELU and a skip connection.
public final class Adapter: Module {
    public private(set) var down: Linear
    public private(set) var up: Linear
    private let activation = GELU()
    public var isTraining = true

    /// An adapter of width `features` and bottleneck `size`, weights N(0, 0.01²) from `seed`.
    /// - Throws: unless 1 ≤ size.
    public init(features: Int, size: Int, seed: UInt64) throws {
        guard size >= 1, features >= 1 else {
            throw NNError.argument("adapter: the bottleneck size must be ≥ 1, got \(size)")
        }
        var rng = WhittleRandom(seed: seed)
        down = try Linear(weight: try Tensor.randn([size, features], std: 0.01, using: &rng), bias: try Tensor.zeros([size]))
        up = try Linear(weight: try Tensor.randn([features, size], std: 0.01, using: &rng), bias: try Tensor.zeros([features]))
    }

    private init(down: Linear, up: Linear) {
        self.down = down
        self.up = up
    }

    public var features: Int { down.inFeatures }
    public var size: Int { down.outFeatures }

    public var namedChildren: [(String, any Module)] { [("down", down), ("up", up)] }
    public var summaryName: String { "Adapter(\(features) → \(size) → \(features))" }

    public func copy() throws -> any Module {
        let copy = Adapter(down: try down.copy() as! Linear, up: try up.copy() as! Linear)
        copy.isTraining = isTraining
        return copy
    }

    public func forward(_ x: Variable) throws -> Variable {
        try x + up.forward(try activation.forward(try down.forward(x)))
    }
}

/// What `addAdapters` did.
public struct AdapterReport: Equatable {
    /// Paths of the layers each adapter follows.
    public var layers: [String]
    public var totalParameters: Int
    public var trainableParameters: Int
}

/// Freezes `model` and inserts an adapter of bottleneck `size` after every matrix layer that
/// `filter(path, layer)` accepts (the layer becomes Sequential(layer, adapter)), in place.
/// - Throws: when no layer passes the filter.
@discardableResult
public func addAdapters(to model: any Module, size: Int, seed: UInt64 = 0,
                        where filter: (String, any MatrixLayer) -> Bool) throws -> AdapterReport {
    model.freeze()
    var placed: [String] = []
    try model.replaceModules { path, module in
        guard let layer = module as? any MatrixLayer, filter(path, layer) else { return nil }
        let adapter = try Adapter(features: layer.outFeatures, size: size, seed: seed &+ UInt64(placed.count))
        placed.append(path)
        return Sequential([layer, adapter])
    }
    guard !placed.isEmpty else {
        throw CompressionError.argument("adapters: no layer to put an adapter after (they follow a GPT block's attention and MLP, or an MLP's hidden layers); the model's matrix layers are \(model.matrixLayers().map(\.path).joined(separator: ", "))")
    }
    return AdapterReport(layers: placed, totalParameters: model.parameterCount, trainableParameters: model.trainableParameterCount)
}

/// Houlsby's placement for a model: in a GPT, after each block's attention output projection and
/// MLP output layer; in any other model, after every matrix layer but the last (the hidden ones).
public func houlsbyPlacement(for model: any Module) -> (String, any MatrixLayer) -> Bool {
    if model is GPT {
        return { path, _ in path.hasSuffix("attn.proj") || path.hasSuffix("mlp.fc2") }
    }
    let last = model.matrixLayers().last?.path
    return { path, _ in path != last }
}
