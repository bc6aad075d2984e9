// Softmax of one contiguous row: exp(x − max) / Σ exp(x − max).

extension Kernels {
    /// y = softmax(x) over n floats (x and y may be the same buffer). Three sweeps over a row that
    /// sits in L1: the max, the exponentials fused with their sum (eight lanes of partial sums),
    /// and the scaling. NaN anywhere makes the row NaN.
    @inlinable
    public static func softmax(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        let m = rowMax(x, n)
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= n {
            let e = fastExp(SIMD8<Float>(UnsafeBufferPointer(start: x + i, count: 8)) - m)
            UnsafeMutableRawPointer(y + i).storeBytes(of: e, as: SIMD8<Float>.self)
            lanes += e
            i += 8
        }
        var s = lanes.sum()
        while i < n {
            y[i] = fastExp(x[i] - m)
            s += y[i]
            i += 1
        }
        let inv = 1 / s
        for i in 0..<n { y[i] *= inv }
    }

    /// The largest of n floats, eight lanes at a time (a scalar max is one long dependency chain).
    @inlinable @inline(__always)
    static func rowMax(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= n {
            let v = SIMD8<Float>(UnsafeBufferPointer(start: x + i, count: 8))
            lanes.replace(with: v, where: v .> lanes)  // pointwiseMax is an out-of-line call
            i += 8
        }
        var m = lanes.max()
        while i < n {
            m = Swift.max(m, x[i])
            i += 1
        }
        return m
    }
}
