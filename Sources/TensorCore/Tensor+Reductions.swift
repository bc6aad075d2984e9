// Reductions over axes with keepDims: sum, mean, max, min, argmax, argmin, var, std, norm.
//
// Layout trick: the reduced axes are permuted to the end and the tensor made contiguous, so every
// reduction is a loop over `outer` rows of `rowLength` contiguous floats (no copy when the reduced
// axes already are the trailing ones). Sums accumulate in Double so long rows stay accurate.

extension Tensor {
    struct ReductionLayout {
        let data: Tensor       // contiguous Float32, logically [outer, rowLength]
        let outer: Int
        let rowLength: Int
        let outShape: [Int]
    }

    func reductionLayout(axes: [Int]?, keepDims: Bool, op: String) throws -> ReductionLayout {
        let reduced: [Int]
        if let axes {
            reduced = try axes.map { try normalizedAxis($0, rank: rank, op: op) }
            guard Set(reduced).count == reduced.count else {
                throw TensorError.argument("\(op): repeated axis in \(shapeText(axes))")
            }
        } else {
            reduced = Array(0..<rank)
        }
        let kept = (0..<rank).filter { !reduced.contains($0) }
        let sortedReduced = reduced.sorted()
        let order = kept + sortedReduced
        let moved = order == Array(0..<rank) ? self : try permuted(order)
        let data = moved.dense()
        let rowLength = sortedReduced.reduce(1) { $0 * shape[$1] }
        let outer = kept.reduce(1) { $0 * shape[$1] }
        let outShape = keepDims ? (0..<rank).map { reduced.contains($0) ? 1 : shape[$0] } : kept.map { shape[$0] }
        return ReductionLayout(data: data, outer: outer, rowLength: rowLength, outShape: outShape)
    }

    /// Runs `reduceRow(pointer, length)` over every row and collects the results.
    @inline(__always)
    func reduce(axes: [Int]?, keepDims: Bool, op: String, emptyAllowed: Bool = true,
                _ reduceRow: (UnsafePointer<Float>, Int) -> Float) throws -> Tensor {
        let layout = try reductionLayout(axes: axes, keepDims: keepDims, op: op)
        if !emptyAllowed && layout.rowLength == 0 && layout.outer > 0 {
            throw TensorError.shape("\(op): cannot reduce an empty axis of shape \(shapeText(shape))")
        }
        let out = try Tensor(uninitialized: layout.outShape, op: op)
        let o = out.storage.floats
        withExtendedLifetime(layout.data) {
            let base = UnsafePointer(layout.data.floatPointer)
            let n = layout.rowLength
            for row in 0..<layout.outer { o[row] = reduceRow(base + row * n, n) }
        }
        return out
    }

    @inline(__always)
    static func rowSum(_ p: UnsafePointer<Float>, _ n: Int) -> Double {
        // Four independent Double lanes: accurate and still vectorisable.
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= n {
            s0 += Double(p[i]); s1 += Double(p[i + 1]); s2 += Double(p[i + 2]); s3 += Double(p[i + 3])
            i += 4
        }
        while i < n { s0 += Double(p[i]); i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// Sum over `axes` (all when nil).
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try reduce(axes: axes, keepDims: keepDims, op: "sum") { p, n in Float(Tensor.rowSum(p, n)) }
    }

    /// Mean over `axes` (all when nil); NaN for an empty axis.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try reduce(axes: axes, keepDims: keepDims, op: "mean") { p, n in Float(Tensor.rowSum(p, n) / Double(n)) }
    }

    /// Maximum over `axes` (all when nil); NaN propagates.
    public func max(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try reduce(axes: axes, keepDims: keepDims, op: "max", emptyAllowed: false) { p, n in
            var m = -Float.infinity
            for i in 0..<n {
                if p[i].isNaN { return .nan }
                m = Swift.max(m, p[i])
            }
            return m
        }
    }

    /// Minimum over `axes` (all when nil); NaN propagates.
    public func min(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try reduce(axes: axes, keepDims: keepDims, op: "min", emptyAllowed: false) { p, n in
            var m = Float.infinity
            for i in 0..<n {
                if p[i].isNaN { return .nan }
                m = Swift.min(m, p[i])
            }
            return m
        }
    }

    /// Index of the largest element along `axis` (of the flattened tensor when nil), as Float32.
    /// Ties pick the first; NaN counts as the largest (numpy's rule).
    public func argmax(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let source = axis == nil ? flattened() : self
        return try source.reduce(axes: [axis ?? 0], keepDims: keepDims, op: "argmax", emptyAllowed: false) { p, n in
            var best = 0
            for i in 0..<n {
                if p[i].isNaN { return Float(i) }
                if p[i] > p[best] { best = i }
            }
            return Float(best)
        }
    }

    /// Index of the smallest element along `axis` (of the flattened tensor when nil), as Float32.
    public func argmin(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        let source = axis == nil ? flattened() : self
        return try source.reduce(axes: [axis ?? 0], keepDims: keepDims, op: "argmin", emptyAllowed: false) { p, n in
            var best = 0
            for i in 0..<n {
                if p[i].isNaN { return Float(i) }
                if p[i] < p[best] { best = i }
            }
            return Float(best)
        }
    }

    /// Variance over `axes`: sum((x - mean)^2) / (n - ddof), two-pass in Double.
    public func variance(axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) throws -> Tensor {
        try reduce(axes: axes, keepDims: keepDims, op: "var") { p, n in
            let mean = Tensor.rowSum(p, n) / Double(n)
            var s = 0.0
            for i in 0..<n {
                let d = Double(p[i]) - mean
                s += d * d
            }
            return Float(s / Double(n - ddof))
        }
    }

    /// Standard deviation over `axes` (square root of `variance`).
    public func std(axes: [Int]? = nil, ddof: Int = 0, keepDims: Bool = false) throws -> Tensor {
        try variance(axes: axes, ddof: ddof, keepDims: keepDims).sqrt()
    }

    /// Vector norm over `axes`: p = 1 (sum |x|), 2 (Euclidean), or .infinity (max |x|).
    public func norm(p: Float = 2, axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        switch p {
        case 1:
            return try reduce(axes: axes, keepDims: keepDims, op: "norm") { ptr, n in
                var s = 0.0
                for i in 0..<n { s += Double(Swift.abs(ptr[i])) }
                return Float(s)
            }
        case 2:
            return try reduce(axes: axes, keepDims: keepDims, op: "norm") { ptr, n in
                var s = 0.0
                for i in 0..<n { s += Double(ptr[i]) * Double(ptr[i]) }
                return Float(s.squareRoot())
            }
        case .infinity:
            return try reduce(axes: axes, keepDims: keepDims, op: "norm") { ptr, n in
                var m: Float = 0
                for i in 0..<n { m = Swift.max(m, Swift.abs(ptr[i])) }
                return m
            }
        default:
            throw TensorError.argument("norm: p must be 1, 2 or infinity, got \(p)")
        }
    }
}
