// A GPT-style language model: NN's `GPT` (the one transformer definition) plus the fast
// inference path that decodes with it. Its parameters live in the network as NN `Parameter`s,
// so training, quantization and pruning act on them directly; the decoder reads them through
// `DecoderWeights`, a packed (in, out) copy rebuilt whenever they change.
//
//   x += attn(LN1(x)) · Wo + bo ;  x += gelu_tanh(LN2(x) · W1 + b1) · W2 + b2   per block,
//   then LN_f and a tied or untied head.
//
//     let model = try GPTModel.random(config: GPTConfig(), seed: 0)
//     var cache = model.makeCache()
//     let logits = try model.forward([0], cache: &cache)      // [vocab]
//     let out = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 16))

import NN
import TensorCore

/// A GPT-style decoder with a fast inference path (KV cache, BLAS) over NN parameters.
public struct GPTModel {
    /// The model's hyper-parameters.
    public var config: GPTConfig { network.config }
    /// The network whose parameters this model runs (shared, not copied: changing them changes
    /// what `forward` computes).
    public let network: GPT
    let weights: DecoderWeights

    /// The inference view of `network`.
    public init(network: GPT) {
        self.network = network
        weights = DecoderWeights()
    }

    /// A model from checkpoint tensors (anchor names and shapes, as in `config.parameterShapes`).
    /// - Throws: `LMError.checkpoint` naming a missing tensor or one whose shape does not match.
    public init(config: GPTConfig, parameters: [String: Tensor]) throws {
        do { try config.validate() } catch let error as NNError { throw LMError.config(error.message) }
        let network = try GPT(config: config)
        for (name, shape) in config.parameterShapes {
            guard let t = parameters[name] else {
                throw LMError.checkpoint("checkpoint: tensor \"\(name)\" is missing (config expects shape \(shape))")
            }
            guard t.shape == shape else {
                throw LMError.checkpoint("checkpoint: tensor \"\(name)\" has shape \(t.shape) but the config expects \(shape)")
            }
            guard let (path, transposed) = CheckpointNames.networkPath(name), let p = network.parameter(named: path) else {
                throw LMError.checkpoint("checkpoint: tensor \"\(name)\" has no place in the network")
            }
            p.value = transposed ? t.transposed().contiguous() : t
        }
        self.init(network: network)
    }

    /// Every parameter as a tensor by checkpoint (anchor) name. A compressed layer (quantized,
    /// fake-quantized, factorised) contributes the Float32 matrix it computes with, so a saved
    /// checkpoint reloads as a dense model that decodes the same tokens.
    public var parameters: [String: Tensor] {
        get throws {
            var out: [String: Tensor] = [:]
            let matrices = Dictionary(network.matrixLayers().map { ($0.path, $0.layer) }, uniquingKeysWith: { a, _ in a })
            for (name, _) in config.parameterShapes {
                guard let (path, transposed) = CheckpointNames.networkPath(name) else { continue }
                let value: Tensor
                let owner = String(path[..<(path.lastIndex(of: ".") ?? path.endIndex)])
                if let layer = matrices[owner] {
                    // Whatever the layer stores, the checkpoint gets the Float32 matrix it computes with.
                    guard let v = path.hasSuffix(".weight") ? try layer.effectiveWeight() : layer.effectiveBias else { continue }
                    value = v
                } else if let p = network.parameter(named: path) {
                    value = p.value
                } else {
                    throw LMError.checkpoint("checkpoint: the network has no \"\(path)\" for tensor \"\(name)\"")
                }
                out[name] = transposed ? value.transposed().contiguous() : value
            }
            return out
        }
    }

    /// How random parameters are drawn.
    public enum Initialization {
        /// The numpy anchor's scheme: matrices N(0, 1/fan_in), embeddings N(0, 1), biases and
        /// LN betas N(0, 0.02²), LN gains 1 + N(0, 0.02²). Every tensor matters, which makes
        /// it a good correctness check.
        case anchor
        /// GPT-2's training init: weights N(0, 0.02²), output projections scaled by 1/√(2·layers),
        /// zero biases, unit LN gains.
        case gpt2
    }

    /// A model with random parameters drawn from `WhittleRandom(seed:)` in checkpoint order.
    public static func random(config: GPTConfig, seed: UInt64, initialization: Initialization = .anchor) throws -> GPTModel {
        do { try config.validate() } catch let error as NNError { throw LMError.config(error.message) }
        var rng = WhittleRandom(seed: seed)
        var params: [String: Tensor] = [:]
        let residualScale = 1 / Float(2 * config.layers).squareRoot()
        for (name, shape) in config.parameterShapes {
            let n = shape.reduce(1, *)
            let kind = name.split(separator: ".").last.map(String.init) ?? name
            var values = [Float](repeating: 0, count: n)
            switch initialization {
            case .anchor:
                if name == "wte" || name == "wpe" {
                    for i in 0..<n { values[i] = rng.normal() }
                } else if shape.count == 2 {
                    let s = 1 / Float(shape[0]).squareRoot()
                    for i in 0..<n { values[i] = rng.normal() * s }
                } else {
                    for i in 0..<n { values[i] = (kind == "g" ? 1 : 0) + 0.02 * rng.normal() }
                }
            case .gpt2:
                if shape.count == 2 {
                    let s: Float = (kind == "wo" || kind == "w2") ? 0.02 * residualScale : 0.02
                    for i in 0..<n { values[i] = rng.normal() * s }
                } else if kind == "g" {
                    values = [Float](repeating: 1, count: n)
                }
            }
            params[name] = try Tensor(shape: shape, scalars: values)
        }
        return try GPTModel(config: config, parameters: params)
    }

    /// An empty KV cache for this model (a ring buffer of `config.context` slots per layer).
    public func makeCache() -> KVCache {
        KVCache(layers: config.layers, heads: config.heads, slots: config.context, headDim: config.headDim)
    }
}
