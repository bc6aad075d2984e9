// Attention that computes only the query-key pairs a pattern allows. The masked dense path
// (scaledDotProductAttention) forms every score of the T×T matrix and hides the disallowed ones,
// so its work grows as T² whatever the pattern; this one visits, for each query, only the keys
// `AttentionPattern.keys(for:)` lists, so a window of W costs O(T·W) — the point of sliding-window
// and sink attention. Forward only (inference); it must equal the masked dense path up to the
// order of floating-point sums, which the tests check.
import Foundation
import TensorCore

/// softmax(q·kᵀ/√d) v over the keys `pattern` lets each query see, per head.
/// - Parameters: q, k, v of shape [H, T, d] (or [T, d] for one head), positions 0 … T − 1.
/// - Returns: the output, shaped like q.
/// - Throws: on shapes that do not match.
public func patternAttention(q: Tensor, k: Tensor, v: Tensor, pattern: AttentionPattern) throws -> Tensor {
    guard q.shape == k.shape, k.shape == v.shape, q.rank == 2 || q.rank == 3 else {
        throw NNError.shape("attention: q \(shapeText(q.shape)), k \(shapeText(k.shape)), v \(shapeText(v.shape)) must all be [H, T, d] or [T, d]")
    }
    let heads = q.rank == 3 ? q.shape[0] : 1
    let (t, d) = (q.shape[q.rank - 2], q.shape[q.rank - 1])
    let scale = 1 / Float(d).squareRoot()
    let keyLists = (0..<t).map { pattern.keys(for: $0) }
    FlopCounter.record(2 * 2 * heads * d * keyLists.reduce(0) { $0 + $1.count }, kind: "attention")
    return try q.withUnsafeFloats { qp in
        try k.withUnsafeFloats { kp in
            try v.withUnsafeFloats { vp in
                try Tensor(shape: q.shape) { out in
                    var scores = [Float](repeating: 0, count: t)
                    for h in 0..<heads {
                        let base = h * t * d
                        for i in 0..<t {
                            let keys = keyLists[i]
                            let query = qp.baseAddress! + base + i * d
                            var largest = -Float.infinity
                            for (n, j) in keys.enumerated() {
                                let s = dot(query, kp.baseAddress! + base + j * d, d) * scale
                                scores[n] = s
                                largest = max(largest, s)
                            }
                            var total: Float = 0
                            for n in keys.indices {
                                scores[n] = (scores[n] - largest).exp
                                total += scores[n]
                            }
                            let row = out.baseAddress! + base + i * d
                            row.initialize(repeating: 0, count: d)
                            for (n, j) in keys.enumerated() {
                                let p = scores[n] / total
                                let value = vp.baseAddress! + base + j * d
                                for c in 0..<d { row[c] += p * value[c] }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Σ a[c]·b[c] in eight lanes (the compiler keeps them in one AVX register).
@inline(__always)
private func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var lanes = SIMD8<Float>()
    var c = 0
    while c + 8 <= n {
        lanes += UnsafeRawPointer(a + c).loadUnaligned(as: SIMD8<Float>.self) * UnsafeRawPointer(b + c).loadUnaligned(as: SIMD8<Float>.self)
        c += 8
    }
    var sum = lanes.sum()
    while c < n { sum += a[c] * b[c]; c += 1 }
    return sum
}

extension Float {
    /// e^self.
    fileprivate var exp: Float { Foundation.exp(self) }
}
