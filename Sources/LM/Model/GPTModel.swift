// A GPT-style decoder: token embedding (+ learned positions or RoPE), `layers` pre-LN blocks
//   x += attn(LN1(x)) · Wo + bo ;  x += gelu_tanh(LN2(x) · W1 + b1) · W2 + b2
// then LN_f and a tied or untied head. Linear weights are stored (in, out): y = x · W + b,
// the layout of the numpy anchor (bench/lm) whose parameter names this type shares.
//
//     let model = try GPTModel.random(config: GPTConfig(), seed: 0)
//     var cache = model.makeCache()
//     let logits = try model.forward([0], cache: &cache)      // [vocab]
//     let out = try model.generate(prompt: [0], options: GenerationOptions(maxTokens: 16))

import TensorCore

/// A GPT-style decoder with a fast inference path (KV cache, BLAS) and named parameters.
public struct GPTModel {
    /// The model's hyper-parameters.
    public let config: GPTConfig
    let weights: WeightBuffer

    /// A model from named parameters (names and shapes as in `config.parameterShapes`).
    /// - Throws: `LMError.checkpoint` naming a missing tensor or one whose shape does not match.
    public init(config: GPTConfig, parameters: [String: Tensor]) throws {
        try config.validate()
        var values: [String: [Float]] = [:]
        for (name, shape) in config.parameterShapes {
            guard let t = parameters[name] else {
                throw LMError.checkpoint("checkpoint: tensor \"\(name)\" is missing (config expects shape \(shape))")
            }
            guard t.shape == shape else {
                throw LMError.checkpoint("checkpoint: tensor \"\(name)\" has shape \(t.shape) but the config expects \(shape)")
            }
            values[name] = t.scalars
        }
        self.config = config
        self.weights = WeightBuffer(config: config, tensors: values)
    }

    /// Every parameter as a tensor, by name.
    public var parameters: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (name, shape) in config.parameterShapes {
            let n = shape.reduce(1, *)
            let p = weights.pointer(name)
            out[name] = try? Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: p, count: n)))
        }
        return out
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

    /// A model with random parameters drawn from `WhittleRandom(seed:)` in parameter order.
    public static func random(config: GPTConfig, seed: UInt64, initialization: Initialization = .anchor) throws -> GPTModel {
        try config.validate()
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
