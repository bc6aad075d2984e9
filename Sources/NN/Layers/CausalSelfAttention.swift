// Multi-head causal self-attention as in GPT-2: one fused Linear makes Q, K and V, the heads
// attend independently, and an output Linear mixes them.
//
// Head structure is explicit for head pruning (Michel et al., 2019): `headMask` [H] scales each
// head's output before the projection (0 removes a head), and `lastWeights` keeps the attention
// probabilities of the last forward pass for inspection.
import TensorCore

/// Causal multi-head self-attention over [B, T, C] inputs (or [T, C]).
public final class CausalSelfAttention: Module {
    /// Fused projection C → 3C; output columns are [Q | K | V], each split into heads of `headDim`.
    public let qkv: Linear
    /// Output projection C → C.
    public let proj: Linear
    public let dim: Int
    public let heads: Int
    public var headDim: Int { dim / heads }
    /// Per-head gate of shape [heads]; nil means all heads on.
    public var headMask: Tensor?
    /// Attention probabilities [B, H, T, T] of the last forward pass.
    public private(set) var lastWeights: Tensor?
    public let dropout: Dropout?
    public var isTraining = true

    /// - Throws: when `dim` is not divisible by `heads`.
    public init(dim: Int, heads: Int, dropout: Float = 0, using rng: inout WhittleRandom) throws {
        guard heads > 0, dim > 0, dim % heads == 0 else {
            throw NNError.argument("attention: dim \(dim) must be a positive multiple of heads \(heads)")
        }
        self.dim = dim
        self.heads = heads
        qkv = try Linear(dim, 3 * dim, using: &rng)
        proj = try Linear(dim, dim, using: &rng)
        self.dropout = dropout > 0 ? try Dropout(dropout, seed: rng.next()) : nil
    }

    /// The same, from a fresh generator seeded with `seed`.
    public convenience init(dim: Int, heads: Int, dropout: Float = 0, seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        try self.init(dim: dim, heads: heads, dropout: dropout, using: &rng)
    }

    public var namedChildren: [(String, any Module)] {
        var out: [(String, any Module)] = [("qkv", qkv), ("proj", proj)]
        if let dropout { out.append(("dropout", dropout)) }
        return out
    }

    public var summaryName: String { "CausalSelfAttention(dim: \(dim), heads: \(heads))" }

    /// Q, K, V of shape [B, H, T, d] from x [B, T, C] (for callers that keep a KV cache).
    public func projectQKV(_ x: Variable) throws -> (q: Variable, k: Variable, v: Variable) {
        guard x.shape.count == 3, x.shape[2] == dim else {
            throw NNError.shape("attention: input \(shapeText(x.shape)) needs shape [B, T, \(dim)]")
        }
        let (b, t) = (x.shape[0], x.shape[1])
        let fused = try qkv.forward(x)
        func heads(_ part: Int) throws -> Variable {
            try fused.slice(axis: 2, start: part * dim, end: (part + 1) * dim)
                .reshaped([b, t, self.heads, headDim]).permuted([0, 2, 1, 3])
        }
        return (try heads(0), try heads(1), try heads(2))
    }

    /// Merges per-head outputs [B, H, T, d] (gated by `headMask`) and applies the output projection.
    public func mergeHeads(_ y: Variable) throws -> Variable {
        var gated = y
        if let headMask {
            guard headMask.shape == [heads] else {
                throw NNError.shape("attention: head mask \(shapeText(headMask.shape)) needs shape [\(heads)]")
            }
            gated = try y * headMask.reshaped([1, heads, 1, 1])
        }
        let (b, t) = (y.shape[0], y.shape[2])
        var out = try proj.forward(try gated.permuted([0, 2, 1, 3]).reshaped([b, t, dim]))
        if let dropout { out = try dropout.forward(out) }
        return out
    }

    /// x [B, T, C] → [B, T, C]; a [T, C] input is treated as one sequence.
    public func forward(_ x: Variable) throws -> Variable {
        let unbatched = x.shape.count == 2
        let input = unbatched ? try x.reshaped([1] + x.shape) : x
        let (q, k, v) = try projectQKV(input)
        let (y, weights) = try scaledDotProductAttention(q: q, k: k, v: v, causal: true)
        lastWeights = weights.value
        let out = try mergeHeads(y)
        return unbatched ? try out.reshaped(x.shape) : out
    }
}
