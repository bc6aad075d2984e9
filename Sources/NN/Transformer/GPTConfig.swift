// The shape of a GPT-style decoder: what `GPT` builds and the LM decoder runs. Defaults are the
// numpy anchor's tiny model (bench/lm).

/// Hyper-parameters of a GPT-style decoder (pre-LayerNorm blocks, GELU-tanh MLP).
public struct GPTConfig: Equatable, Codable {
    /// How positions enter the model.
    public enum Positions: String, Codable, Equatable {
        /// Rotary embeddings on q and k (rotate-half / NeoX convention).
        case rotary
        /// A learned table `wpe` [context, width] added to the token embedding.
        case learned
    }

    public var vocabularySize: Int = 64
    /// Attention window: the KV cache keeps this many positions (a ring buffer beyond it).
    public var context: Int = 128
    public var width: Int = 128
    public var heads: Int = 4
    public var layers: Int = 4
    /// Hidden width of the MLP = `mlpRatio * width`.
    public var mlpRatio: Int = 4
    public var positions: Positions = .rotary
    /// Tied head: logits = LN_f(x) · wteᵀ; untied: a separate `lm_head` [width, vocab].
    public var tiedHead: Bool = false
    public var ropeBase: Float = 10000
    public var layerNormEps: Float = 1e-5

    /// A configuration; every field has the anchor's default.
    public init(vocabularySize: Int = 64, context: Int = 128, width: Int = 128, heads: Int = 4, layers: Int = 4,
                mlpRatio: Int = 4, positions: Positions = .rotary, tiedHead: Bool = false) {
        self.vocabularySize = vocabularySize
        self.context = context
        self.width = width
        self.heads = heads
        self.layers = layers
        self.mlpRatio = mlpRatio
        self.positions = positions
        self.tiedHead = tiedHead
    }

    public var headDim: Int { width / max(heads, 1) }
    public var mlpWidth: Int { width * mlpRatio }

    /// Throws unless every size is positive and the width splits into heads of even size.
    public func validate() throws {
        for (name, v) in [("vocabulary", vocabularySize), ("context", context), ("width", width), ("heads", heads),
                          ("layers", layers), ("mlp ratio", mlpRatio)] where v <= 0 {
            throw NNError.argument("gpt: \(name) must be positive, got \(v)")
        }
        guard width % heads == 0 else {
            throw NNError.argument("gpt: width \(width) is not divisible by \(heads) heads")
        }
        if positions == .rotary, headDim % 2 != 0 {
            throw NNError.argument("gpt: rotary positions need an even head size, got \(headDim)")
        }
    }

    /// Every parameter name with its shape, in the anchor's (and checkpoints') naming and order;
    /// `GPT` names them by module path instead (see the LM checkpoint mapping).
    public var parameterShapes: [(name: String, shape: [Int])] {
        var out: [(String, [Int])] = [("wte", [vocabularySize, width])]
        if positions == .learned { out.append(("wpe", [context, width])) }
        for l in 0..<layers {
            out += [("h\(l).ln1.g", [width]), ("h\(l).ln1.b", [width]),
                    ("h\(l).attn.wqkv", [width, 3 * width]), ("h\(l).attn.bqkv", [3 * width]),
                    ("h\(l).attn.wo", [width, width]), ("h\(l).attn.bo", [width]),
                    ("h\(l).ln2.g", [width]), ("h\(l).ln2.b", [width]),
                    ("h\(l).mlp.w1", [width, mlpWidth]), ("h\(l).mlp.b1", [mlpWidth]),
                    ("h\(l).mlp.w2", [mlpWidth, width]), ("h\(l).mlp.b2", [width])]
        }
        out += [("lnf.g", [width]), ("lnf.b", [width])]
        if !tiedHead { out.append(("lm_head", [width, vocabularySize])) }
        return out
    }

    /// Total number of parameters.
    public var parameterCount: Int { parameterShapes.reduce(0) { $0 + $1.shape.reduce(1, *) } }
}
