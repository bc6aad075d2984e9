// A pre-LN transformer block (GPT-2): x + attn(ln1(x)), then x + mlp(ln2(x)).
import TensorCore

/// Transformer decoder block with pre-layer-norm residual branches.
public final class Block: Module {
    public let ln1: LayerNorm
    public let attn: CausalSelfAttention
    public let ln2: LayerNorm
    public let mlp: MLPBlock
    public var isTraining = true

    /// - Parameters:
    ///   - dim: model width; `heads` must divide it.
    ///   - mlpRatio: feed-forward width multiple.
    ///   - dropout: residual dropout probability.
    public init(dim: Int, heads: Int, mlpRatio: Int = 4, dropout: Float = 0, using rng: inout WhittleRandom) throws {
        ln1 = try LayerNorm(dim)
        attn = try CausalSelfAttention(dim: dim, heads: heads, dropout: dropout, using: &rng)
        ln2 = try LayerNorm(dim)
        mlp = try MLPBlock(dim: dim, ratio: mlpRatio, dropout: dropout, using: &rng)
    }

    /// The same, from a fresh generator seeded with `seed`.
    public convenience init(dim: Int, heads: Int, mlpRatio: Int = 4, dropout: Float = 0, seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        try self.init(dim: dim, heads: heads, mlpRatio: mlpRatio, dropout: dropout, using: &rng)
    }

    public var namedChildren: [(String, any Module)] {
        [("ln1", ln1), ("attn", attn), ("ln2", ln2), ("mlp", mlp)]
    }

    public var summaryName: String { "Block(dim: \(attn.dim), heads: \(attn.heads))" }

    public func forward(_ x: Variable) throws -> Variable {
        let h = try x + attn.forward(try ln1.forward(x))
        return try h + mlp.forward(try ln2.forward(h))
    }
}
