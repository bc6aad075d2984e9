// A pre-LN transformer block (GPT-2): x + attn(ln1(x)), then x + mlp(ln2(x)).
import TensorCore

/// Transformer decoder block with pre-layer-norm residual branches. Its four parts can be
/// replaced (`setChild`): a mixture of experts for `mlp`, another attention for `attn`.
public final class Block: Module {
    public private(set) var ln1: any Module
    public private(set) var attn: any Module
    public private(set) var ln2: any Module
    public private(set) var mlp: any Module
    public let dim: Int
    public let heads: Int
    public var isTraining = true

    /// - Parameters:
    ///   - dim: model width; `heads` must divide it.
    ///   - mlpRatio: feed-forward width multiple.
    ///   - dropout: residual dropout probability.
    ///   - rotaryBase: rotary positions on q and k with this base (nil: none).
    ///   - window: sliding attention window (nil: every earlier position).
    ///   - eps: the layer norms' epsilon.
    public init(dim: Int, heads: Int, mlpRatio: Int = 4, dropout: Float = 0, rotaryBase: Float? = nil,
                window: Int? = nil, eps: Float = 1e-5, using rng: inout WhittleRandom) throws {
        self.dim = dim
        self.heads = heads
        ln1 = try LayerNorm(dim, eps: eps)
        attn = try CausalSelfAttention(dim: dim, heads: heads, dropout: dropout, rotaryBase: rotaryBase,
                                       window: window, using: &rng)
        ln2 = try LayerNorm(dim, eps: eps)
        mlp = try MLPBlock(dim: dim, ratio: mlpRatio, dropout: dropout, using: &rng)
    }

    /// The same, from a fresh generator seeded with `seed`.
    public convenience init(dim: Int, heads: Int, mlpRatio: Int = 4, dropout: Float = 0, seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        try self.init(dim: dim, heads: heads, mlpRatio: mlpRatio, dropout: dropout, using: &rng)
    }

    private init(dim: Int, heads: Int, parts: [any Module]) {
        self.dim = dim
        self.heads = heads
        (ln1, attn, ln2, mlp) = (parts[0], parts[1], parts[2], parts[3])
    }

    public var namedChildren: [(String, any Module)] {
        [("ln1", ln1), ("attn", attn), ("ln2", ln2), ("mlp", mlp)]
    }

    public func setChild(_ name: String, to module: any Module) throws {
        switch name {
        case "ln1": ln1 = module
        case "attn": attn = module
        case "ln2": ln2 = module
        case "mlp": mlp = module
        default: throw NNError.argument("block: no layer \"\(name)\" (ln1, attn, ln2 or mlp)")
        }
    }

    public func copy() throws -> any Module {
        let copy = Block(dim: dim, heads: heads, parts: try [ln1, attn, ln2, mlp].map { try $0.copy() })
        copy.isTraining = isTraining
        return copy
    }

    public var summaryName: String { "Block(dim: \(dim), heads: \(heads))" }

    public func forward(_ x: Variable) throws -> Variable {
        let h = try x + attn.forward(try ln1.forward(x))
        return try h + mlp.forward(try ln2.forward(h))
    }
}
