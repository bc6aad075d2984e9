// Scaled dot-product attention (Vaswani et al., 2017): softmax(Q Kᵀ / √d + mask) V.
// A free function so that a KV-cached decoder can call it with keys longer than its queries.
import TensorCore

/// The large negative logit that masks a position: exp of it underflows to exactly 0, and unlike
/// -inf it cannot turn a fully masked row into NaN.
let maskedLogit: Float = -1e9

/// Attention of queries over keys/values, per head.
/// - Parameters:
///   - q: queries [B, H, Tq, d].
///   - k: keys [B, H, Tk, d].
///   - v: values [B, H, Tk, d].
///   - causal: when true, query i (at absolute position `queryOffset + i`) sees keys 0...that position.
///   - window: with `causal`, a sliding window: query at position p sees only keys p − window + 1 ... p
///     (nil: all earlier keys). The LM decoder's ring-buffer KV cache is such a window of `context`.
///   - pattern: with `causal`, which keys each query sees (window, sinks, stride); overrides `window`.
///   - queryOffset: absolute position of the first query (the cached length in a KV-cached decoder).
/// - Returns: the output [B, H, Tq, d] and the attention probabilities [B, H, Tq, Tk].
public func scaledDotProductAttention(q: Variable, k: Variable, v: Variable, causal: Bool = true, window: Int? = nil,
                                      pattern: AttentionPattern? = nil,
                                      queryOffset: Int = 0) throws -> (output: Variable, weights: Variable) {
    guard q.shape.count == 4, k.shape.count == 4, v.shape == k.shape,
          q.shape[0] == k.shape[0], q.shape[1] == k.shape[1], q.shape[3] == k.shape[3] else {
        throw NNError.shape("attention: q \(shapeText(q.shape)), k \(shapeText(k.shape)), v \(shapeText(v.shape)) do not fit [B, H, T, d]")
    }
    let visible = try pattern ?? AttentionPattern(window: window)
    let (batch, heads, tq, d) = (q.shape[0], q.shape[1], q.shape[2], q.shape[3])
    let tk = k.shape[2]
    FlopCounter.record(2 * 2 * batch * heads * tq * tk * d, kind: "attention")
    var scores = try q.matmul(k.transposed(-1, -2)) * (1 / Float(d).squareRoot())
    if causal {
        var mask = [Float](repeating: 0, count: tq * tk)
        for i in 0..<tq {
            let position = queryOffset + i
            for j in 0..<tk where !visible.allows(query: position, key: j) { mask[i * tk + j] = maskedLogit }
        }
        scores = try scores + Tensor(shape: [tq, tk], scalars: mask)
    }
    let weights = try scores.softmax(axis: -1)
    return (try weights.matmul(v), weights)
}
