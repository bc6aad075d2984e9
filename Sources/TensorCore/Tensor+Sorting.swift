// Sorting and order statistics: sort, argsort, topk, quantile (numpy's "linear" method).
// Each works along one axis by moving it last, so a row is contiguous. NaN sorts last, like numpy.

extension Tensor {
    /// Moves `axis` last and returns contiguous data plus the inverse permutation.
    func rowsAlong(_ axis: Int, op: String) throws -> (data: Tensor, inverse: [Int], axis: Int) {
        let a = try normalizedAxis(axis, rank: Swift.max(rank, 1), op: op)
        let source = rank == 0 ? try reshaped([1]) : self
        var order = Array(0..<source.rank)
        order.remove(at: a)
        order.append(a)
        var inverse = [Int](repeating: 0, count: order.count)
        for (i, o) in order.enumerated() { inverse[o] = i }
        return (try source.permuted(order).dense(), inverse, a)
    }

    @inline(__always)
    static func ascending(_ x: Float, _ y: Float) -> Bool {
        if x.isNaN { return false }
        if y.isNaN { return true }
        return x < y
    }

    /// Stable order of each row along `axis`, as Float32 indices.
    public func argsort(axis: Int = -1, descending: Bool = false) throws -> Tensor {
        try rowwise(axis: axis, op: "argsort") { x, o, n in
            let order = (0..<n).sorted { i, j in
                if descending ? Tensor.ascending(x[j], x[i]) : Tensor.ascending(x[i], x[j]) { return true }
                if descending ? Tensor.ascending(x[i], x[j]) : Tensor.ascending(x[j], x[i]) { return false }
                return i < j   // stable
            }
            for (k, i) in order.enumerated() { o[k] = Float(i) }
        }
    }

    /// Values sorted along `axis`.
    public func sorted(axis: Int = -1, descending: Bool = false) throws -> Tensor {
        try rowwise(axis: axis, op: "sort") { x, o, n in
            var values = Array(UnsafeBufferPointer(start: x, count: n))
            values.sort { descending ? Tensor.ascending($1, $0) : Tensor.ascending($0, $1) }
            for k in 0..<n { o[k] = values[k] }
        }
    }

    /// The `k` largest (or smallest) values along `axis` and their indices, best first.
    public func topk(_ k: Int, axis: Int = -1, largest: Bool = true) throws -> (values: Tensor, indices: Tensor) {
        let a = try normalizedAxis(axis, rank: Swift.max(rank, 1), op: "topk")
        guard k >= 0, k <= (rank == 0 ? 1 : shape[a]) else {
            throw TensorError.argument("topk: k = \(k) out of range for axis \(a) of shape \(shapeText(shape))")
        }
        let order = try argsort(axis: a, descending: largest).slice(axis: a, start: 0, end: k).contiguous()
        let source = rank == 0 ? try reshaped([1]) : self
        return (try source.gather(axis: a, indices: order), order)
    }

    /// The q-th quantile (q in [0, 1]) over `axes` (all when nil), numpy's default linear method:
    /// with sorted values v and position h = q (n - 1), the result is v[⌊h⌋] + (h - ⌊h⌋)(v[⌊h⌋+1] - v[⌊h⌋]).
    public func quantile(_ q: Float, axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        guard q >= 0, q <= 1 else { throw TensorError.argument("quantile: q must be in [0, 1], got \(q)") }
        return try reduce(axes: axes, keepDims: keepDims, op: "quantile", emptyAllowed: false) { p, n in
            var values = Array(UnsafeBufferPointer(start: p, count: n))
            values.sort(by: Tensor.ascending)
            if values.contains(where: \.isNaN) { return .nan }
            let h = Double(q) * Double(n - 1)
            let lo = Int(h.rounded(.down))
            let hi = Swift.min(lo + 1, n - 1)
            let t = h - Double(lo)
            let a = Double(values[lo]), b = Double(values[hi])
            // numpy's _lerp: interpolate from the nearer end for t >= 0.5 (monotone and exact at 1).
            return Float(t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t)
        }
    }
}
