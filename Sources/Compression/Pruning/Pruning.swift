// Pruning masks: which weights to zero. A mask is a Float tensor of 0s (pruned) and 1s (kept)
// of the weight's shape; NN's `Parameter.mask` re-applies it after every optimizer step.
//
// Counting follows torch.nn.utils.prune: pruning a fraction `amount` of n weights removes
// k = round(amount·n) of them (round half to even), the k with the smallest score; ties are
// broken by position (earlier first), so masks are deterministic.
//
//     let m = try Pruning.magnitudeMask(w, sparsity: 0.5)       // l1_unstructured
//     let m24 = try Pruning.nmMask(w, n: 2, m: 4)               // 2:4 semi-structured
import TensorCore

/// Mask-making functions for unstructured, structured and semi-structured pruning.
public enum Pruning {
    /// Number of elements to prune: round(sparsity·n), half to even (Python's round).
    static func pruneCount(_ sparsity: Float, of n: Int, op: String) throws -> Int {
        guard sparsity >= 0, sparsity <= 1, sparsity.isFinite else {
            throw CompressionError.argument("\(op): sparsity must be in [0, 1], got \(sparsity)")
        }
        return Int((Double(sparsity) * Double(n)).rounded(.toNearestOrEven))
    }

    /// Positions of the k smallest scores (ties: earlier position first).
    static func smallest(_ scores: [Float], _ k: Int) -> [Int] {
        let order = scores.indices.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        return Array(order.prefix(k))
    }

    /// A mask pruning the `sparsity` fraction of elements with the smallest `scores`.
    public static func mask(scores: Tensor, sparsity: Float) throws -> Tensor {
        let s = scores.scalars
        var keep = [Float](repeating: 1, count: s.count)
        for i in smallest(s, try pruneCount(sparsity, of: s.count, op: "prune")) { keep[i] = 0 }
        return try Tensor(shape: scores.shape, scalars: keep)
    }

    /// Unstructured magnitude pruning (torch's l1_unstructured): zero the smallest |w|.
    public static func magnitudeMask(_ weight: Tensor, sparsity: Float) throws -> Tensor {
        try mask(scores: weight.abs(), sparsity: sparsity)
    }

    /// Random unstructured pruning: a uniformly random set of round(sparsity·n) positions.
    public static func randomMask(shape: [Int], sparsity: Float, seed: UInt64) throws -> Tensor {
        let n = shape.reduce(1, *)
        let k = try pruneCount(sparsity, of: n, op: "random_prune")
        var rng = WhittleRandom(seed: seed)
        let order = try Tensor.permutation(n, using: &rng).scalars
        var keep = [Float](repeating: 1, count: n)
        for i in order.prefix(k) { keep[Int(i)] = 0 }
        return try Tensor(shape: shape, scalars: keep)
    }

    /// First-order Taylor importance |w · ∂L/∂w| (Molchanov et al., 2017/2019): the estimated
    /// change of the loss when the weight is set to zero.
    public static func taylorScores(weight: Tensor, gradient: Tensor) throws -> Tensor {
        guard weight.shape == gradient.shape else {
            throw CompressionError.shape("taylor: weight \(shapeText(weight.shape)) and gradient \(shapeText(gradient.shape)) differ")
        }
        return try (weight * gradient).abs()
    }

    /// Global pruning (torch's global_unstructured): the scores of all tensors compete for one
    /// budget of round(sparsity·Σn) removals, so layers end up with different sparsities.
    /// - Returns: one mask per tensor and the threshold (the largest pruned score).
    public static func globalMasks(scores: [Tensor], sparsity: Float) throws -> (masks: [Tensor], threshold: Float) {
        let flat = scores.flatMap(\.scalars)
        let k = try pruneCount(sparsity, of: flat.count, op: "global_prune")
        var keep = [Float](repeating: 1, count: flat.count)
        var threshold = -Float.infinity
        for i in smallest(flat, k) {
            keep[i] = 0
            threshold = Swift.max(threshold, flat[i])
        }
        var masks: [Tensor] = [], start = 0
        for s in scores {
            masks.append(try Tensor(shape: s.shape, scalars: Array(keep[start..<start + s.count])))
            start += s.count
        }
        return (masks, threshold)
    }

    /// N:M semi-structured sparsity (NVIDIA Ampere's 2:4): in every run of `m` consecutive weights
    /// along the last (input) axis keep the `n` largest |w| (ties: earlier first).
    /// - Throws: unless 0 < n ≤ m and the last axis is a multiple of m.
    public static func nmMask(_ weight: Tensor, n: Int = 2, m: Int = 4) throws -> Tensor {
        guard n > 0, m > 0, n <= m else { throw CompressionError.argument("n:m prune: needs 0 < n ≤ m, got \(n):\(m)") }
        guard let last = weight.shape.last, last % m == 0 else {
            throw CompressionError.shape("n:m prune: last axis of \(shapeText(weight.shape)) is not a multiple of \(m)")
        }
        let w = weight.scalars.map { Swift.abs($0) }
        var keep = [Float](repeating: 0, count: w.count)
        for start in stride(from: 0, to: w.count, by: m) {
            let run = Array(start..<start + m)
            let best = run.sorted { w[$0] > w[$1] || (w[$0] == w[$1] && $0 < $1) }
            for i in best.prefix(n) { keep[i] = 1 }
        }
        return try Tensor(shape: weight.shape, scalars: keep)
    }

    /// Lp norm of each slice along `axis` (rows of a [out, in] weight for axis 0), torch's ln_structured.
    public static func sliceNorms(_ weight: Tensor, p: Float = 2, axis: Int = 0) throws -> [Float] {
        guard weight.rank >= 1 else { throw CompressionError.shape("structured prune: needs a tensor of rank >= 1") }
        let a = axis < 0 ? axis + weight.rank : axis
        guard a >= 0, a < weight.rank else {
            throw CompressionError.argument("structured prune: axis \(axis) out of range for shape \(shapeText(weight.shape))")
        }
        let others = (0..<weight.rank).filter { $0 != a }
        if others.isEmpty { return weight.abs().scalars }
        return try weight.norm(p: p, axes: others).scalars
    }

    /// Structured pruning (torch's ln_structured): zero whole slices along `axis` (axis 0 of a
    /// Linear weight = output neurons) with the smallest Lp norm; round(sparsity·count) slices go.
    public static func structuredMask(_ weight: Tensor, sparsity: Float, p: Float = 2, axis: Int = 0) throws -> Tensor {
        let norms = try sliceNorms(weight, p: p, axis: axis)
        let a = axis < 0 ? axis + weight.rank : axis
        let pruned = Set(smallest(norms, try pruneCount(sparsity, of: norms.count, op: "structured_prune")))
        let inner = weight.shape[(a + 1)...].reduce(1, *)
        let keep = (0..<weight.count).map { pruned.contains(($0 / inner) % weight.shape[a]) ? Float(0) : 1 }
        return try Tensor(shape: weight.shape, scalars: keep)
    }

    /// Fraction of zeros.
    public static func sparsity(_ t: Tensor) -> Float {
        let s = t.scalars
        return s.isEmpty ? 0 : Float(s.filter { $0 == 0 }.count) / Float(s.count)
    }
}
