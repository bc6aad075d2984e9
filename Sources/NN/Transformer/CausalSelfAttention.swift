// Multi-head causal self-attention as in GPT-2: one fused projection makes Q, K and V, the heads
// attend independently, and an output projection mixes them. Positions enter through rotary
// embeddings on q and k (when `rotaryBase` is set) or not at all (learned positions are added
// to the input by the model); `window` limits each query to the last `window` keys.
//
// Head structure is explicit for head pruning (Michel et al., 2019): `headMask` [H] scales each
// head's output before the projection (0 removes a head), and `lastWeights` keeps the attention
// probabilities of the last forward pass for inspection when `recordsWeights` is on (off by
// default: [B, H, T, T] per layer, held until the next forward, would outlive every step).
import TensorCore

/// Causal multi-head self-attention over [B, T, C] inputs (or [T, C]).
public final class CausalSelfAttention: Module {
    /// Fused projection C → 3C (a Linear, or any layer compression put in its place); output
    /// columns are [Q | K | V], each split into heads of `headDim`.
    public private(set) var qkv: any Module
    /// Output projection C → C.
    public private(set) var proj: any Module
    public let dim: Int
    public let heads: Int
    public var headDim: Int { dim / heads }
    /// Base of the rotary angles applied to q and k; nil for no rotary embedding.
    public let rotaryBase: Float?
    /// Each query sees at most this many most recent keys (itself included); nil: all earlier keys.
    public let window: Int?
    /// Per-head gate of shape [heads]; nil means all heads on.
    public var headMask: Tensor?
    /// Attention probabilities [B, H, T, T] of the last forward pass, while `recordsWeights` is on.
    public private(set) var lastWeights: Tensor?
    /// Which keys each query sees when set (window, sinks, stride); nil uses `window`. Read by the
    /// reference forward pass (training, teacher-forced evaluation), not by the LM's fast decoder.
    public var pattern: AttentionPattern?
    /// Keep `lastWeights` (for inspecting what the heads attend to).
    public var recordsWeights = false {
        didSet { if !recordsWeights { lastWeights = nil } }
    }
    public let dropout: Dropout?
    public var isTraining = true

    /// - Throws: when `dim` is not divisible by `heads`, or rotary heads have an odd size.
    public init(dim: Int, heads: Int, dropout: Float = 0, rotaryBase: Float? = nil, window: Int? = nil,
                using rng: inout WhittleRandom) throws {
        guard heads > 0, dim > 0, dim % heads == 0 else {
            throw NNError.argument("attention: dim \(dim) must be a positive multiple of heads \(heads)")
        }
        if rotaryBase != nil, (dim / heads) % 2 != 0 {
            throw NNError.argument("attention: rotary positions need an even head size, got \(dim / heads)")
        }
        if let window, window < 1 { throw NNError.argument("attention: the window must be ≥ 1, got \(window)") }
        self.dim = dim
        self.heads = heads
        self.rotaryBase = rotaryBase
        self.window = window
        qkv = try Linear(dim, 3 * dim, using: &rng)
        proj = try Linear(dim, dim, using: &rng)
        self.dropout = dropout > 0 ? try Dropout(dropout, seed: rng.next()) : nil
    }

    /// The same, from a fresh generator seeded with `seed`.
    public convenience init(dim: Int, heads: Int, dropout: Float = 0, rotaryBase: Float? = nil, window: Int? = nil,
                            seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        try self.init(dim: dim, heads: heads, dropout: dropout, rotaryBase: rotaryBase, window: window, using: &rng)
    }

    public var namedChildren: [(String, any Module)] {
        var out: [(String, any Module)] = [("qkv", qkv), ("proj", proj)]
        if let dropout { out.append(("dropout", dropout)) }
        return out
    }

    public func setChild(_ name: String, to module: any Module) throws {
        switch name {
        case "qkv": qkv = module
        case "proj": proj = module
        default: throw NNError.argument("attention: no replaceable layer \"\(name)\" (qkv or proj)")
        }
    }

    public func copy() throws -> any Module {
        var rng = WhittleRandom(seed: 0)
        let copy = try CausalSelfAttention(dim: dim, heads: heads, dropout: 0, rotaryBase: rotaryBase, window: window, using: &rng)
        copy.qkv = try qkv.copy()
        copy.proj = try proj.copy()
        copy.headMask = headMask
        copy.pattern = pattern
        copy.isTraining = isTraining
        return copy
    }

    public var summaryName: String { "CausalSelfAttention(dim: \(dim), heads: \(heads))" }

    /// Q, K, V of shape [B, H, T, d] from x [B, T, C], rotary already applied to Q and K
    /// (for callers that keep a KV cache: positions start at `offset`).
    public func projectQKV(_ x: Variable, offset: Int = 0) throws -> (q: Variable, k: Variable, v: Variable) {
        guard x.shape.count == 3, x.shape[2] == dim else {
            throw NNError.shape("attention: input \(shapeText(x.shape)) needs shape [B, T, \(dim)]")
        }
        let (b, t) = (x.shape[0], x.shape[1])
        let fused = try qkv.forward(x)
        func heads(_ part: Int) throws -> Variable {
            try fused.slice(axis: 2, start: part * dim, end: (part + 1) * dim)
                .reshaped([b, t, self.heads, headDim]).permuted([0, 2, 1, 3])
        }
        var (q, k) = (try heads(0), try heads(1))
        if let rotaryBase {
            q = try Rotary.apply(q, base: rotaryBase, offset: offset)
            k = try Rotary.apply(k, base: rotaryBase, offset: offset)
        }
        return (q, k, try heads(2))
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
        let (y, weights) = try scaledDotProductAttention(q: q, k: k, v: v, causal: true, window: window, pattern: pattern)
        if recordsWeights { lastWeights = weights.value }
        let out = try mergeHeads(y)
        return unbatched ? try out.reshaped(x.shape) : out
    }
}
