// Layer normalisation of one row (Ba et al., 2016): (x − mean) / √(var + eps) · g + b.

extension Kernels {
    /// out = (x − mean) / √(var + eps) · g + b over one row of n (g, b nil: 1 and 0). Two passes
    /// in Float: the mean, then the centred squares (more stable than E[x²] − E[x]²).
    /// - Returns: 1 / √(var + eps), which the backward pass reuses.
    @inlinable @discardableResult
    public static func layerNorm(_ x: UnsafePointer<Float>, count n: Int, gain g: UnsafePointer<Float>?,
                                 bias b: UnsafePointer<Float>?, eps: Float, into out: UnsafeMutablePointer<Float>) -> Float {
        var sum: Float = 0
        for i in 0..<n { sum += x[i] }
        let mean = sum / Float(n)
        var sq: Float = 0
        for i in 0..<n { let c = x[i] - mean; sq += c * c }
        let inv = 1 / (sq / Float(n) + eps).squareRoot()
        switch (g, b) {
        case let (g?, b?): for i in 0..<n { out[i] = (x[i] - mean) * inv * g[i] + b[i] }
        case let (g?, nil): for i in 0..<n { out[i] = (x[i] - mean) * inv * g[i] }
        case let (nil, b?): for i in 0..<n { out[i] = (x[i] - mean) * inv + b[i] }
        case (nil, nil): for i in 0..<n { out[i] = (x[i] - mean) * inv }
        }
        return inv
    }
}
