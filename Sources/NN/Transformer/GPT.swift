// The one transformer: a GPT-style decoder built from NN layers, so that training (autodiff),
// compression (quantize, prune, factorize, QAT: they see ordinary Linear layers at dotted paths)
// and the LM's fast KV-cache decoder (which packs these same parameters) share one definition.
//
//   x = wte[ids] (+ wpe[positions])
//   x += attn(ln1(x)) ; x += mlp(ln2(x))          for each block h.0 … h.(L−1)
//   logits = ln_f(x) · wteᵀ  (tied head)  or  lm_head(ln_f(x))
//
//     let gpt = try GPT(config: GPTConfig(vocabularySize: 20, width: 32, heads: 4, layers: 2))
//     let logits = try gpt(Tensor(shape: [1, 3], scalars: [0, 5, 7]))     // [1, 3, 20]
//     gpt.namedParameters().map(\.0)    // "wte.weight", "h.0.attn.qkv.weight", …
import TensorCore

/// A GPT-style decoder: embeddings, pre-LN blocks, final layer norm and head.
public final class GPT: Module {
    /// The hyper-parameters it was built with.
    public let config: GPTConfig
    /// Token embedding [vocab, width] ("wte"); the tied head reads it transposed.
    public let tokenEmbedding: Embedding
    /// Learned positions [context, width] ("wpe"), or nil with rotary positions.
    public let positionEmbedding: Embedding?
    /// The blocks, children "0" … "L−1" ("h").
    public let blocks: Sequential
    /// Final layer norm ("ln_f").
    public private(set) var finalNorm: any Module
    /// Untied head width → vocab ("lm_head", no bias), or nil when tied to the embedding.
    public private(set) var head: (any Module)?
    public var isTraining = true
    /// Recompute each block's activations during backward instead of keeping them
    /// (`checkpointed`): less activation memory for a second forward pass per block.
    public var checkpointActivations = false

    /// A decoder with PyTorch-style random initial values drawn from `seed` (the LM module's
    /// `GPTModel.random` draws the anchor's initialisations instead).
    /// - Throws: when the config is invalid.
    public init(config: GPTConfig, seed: UInt64 = 0) throws {
        try config.validate()
        self.config = config
        var rng = WhittleRandom(seed: seed)
        tokenEmbedding = try Embedding(config.vocabularySize, config.width, using: &rng)
        positionEmbedding = config.positions == .learned ? try Embedding(config.context, config.width, using: &rng) : nil
        let rotary: Float? = config.positions == .rotary ? config.ropeBase : nil
        blocks = Sequential(try (0..<config.layers).map { _ in
            try Block(dim: config.width, heads: config.heads, mlpRatio: config.mlpRatio, rotaryBase: rotary,
                      window: config.context, eps: config.layerNormEps, using: &rng)
        })
        finalNorm = try LayerNorm(config.width, eps: config.layerNormEps)
        head = config.tiedHead ? nil : try Linear(config.width, config.vocabularySize, bias: false, using: &rng)
    }

    private init(config: GPTConfig, parts: GPT) throws {
        self.config = config
        tokenEmbedding = try parts.tokenEmbedding.copy() as! Embedding
        positionEmbedding = try parts.positionEmbedding.map { try $0.copy() as! Embedding }
        blocks = try parts.blocks.copy() as! Sequential
        finalNorm = try parts.finalNorm.copy()
        head = try parts.head?.copy()
        isTraining = parts.isTraining
        checkpointActivations = parts.checkpointActivations
    }

    public var namedChildren: [(String, any Module)] {
        var out: [(String, any Module)] = [("wte", tokenEmbedding)]
        if let positionEmbedding { out.append(("wpe", positionEmbedding)) }
        out += [("h", blocks), ("ln_f", finalNorm)]
        if let head { out.append(("lm_head", head)) }
        return out
    }

    public func setChild(_ name: String, to module: any Module) throws {
        switch name {
        case "ln_f": finalNorm = module
        case "lm_head" where head != nil: head = module
        default: throw NNError.argument("gpt: layer \"\(name)\" cannot be replaced (replace layers inside h, ln_f or lm_head)")
        }
    }

    public func copy() throws -> any Module { try GPT(config: config, parts: self) }

    public var summaryName: String {
        "GPT(\(config.layers) layers × width \(config.width), \(config.heads) heads, vocab \(config.vocabularySize))"
    }

    /// The block at index `layer`.
    public func block(_ layer: Int) -> Block { blocks.layers[layer] as! Block }

    /// Token ids [B, T] (or [T]; whole numbers stored as floats) at positions 0 ..< T → logits
    /// [B, T, vocab] (or [T, vocab]), with a causal mask.
    /// - Throws: for ids outside the vocabulary or more positions than learned ones.
    public func forward(_ ids: Variable) throws -> Variable {
        let unbatched = ids.shape.count == 1
        guard ids.shape.count == 1 || ids.shape.count == 2, ids.shape.last ?? 0 > 0 else {
            throw NNError.shape("gpt: token ids \(shapeText(ids.shape)) need shape [B, T] or [T] with T ≥ 1")
        }
        let rows = unbatched ? try ids.reshaped([1] + ids.shape) : ids
        let t = rows.shape[1]
        if positionEmbedding != nil, t > config.context {
            throw NNError.argument("gpt: \(t) positions exceed the \(config.context) learned ones")
        }
        var x = try tokenEmbedding.forward(rows.detached())
        if let positionEmbedding { x = try x + positionEmbedding.weight.variable.slice(axis: 0, start: 0, end: t) }
        if checkpointActivations, GradMode.enabled {
            for layer in blocks.layers {
                x = try checkpointed(x, parameters: layer.parameters) { try layer.forward($0) }
            }
            x = try finalNorm.forward(x)
        } else {
            x = try finalNorm.forward(try blocks.forward(x))
        }
        let logits: Variable
        if let head {
            logits = try head.forward(x)
        } else {
            let b = x.shape[0]
            logits = try x.reshaped([b * t, config.width]).matmul(tokenEmbedding.weight.variable.transposed())
                .reshaped([b, t, config.vocabularySize])
        }
        return unbatched ? try logits.reshaped([t, config.vocabularySize]) : logits
    }
}
