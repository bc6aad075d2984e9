// Row-wise normalisations on plain tensors (no gradients): softmax, log_softmax, layer_norm.
// The autodiff versions in Variable+Composite.swift are composed from primitives instead.
import Foundation

extension Tensor {
    /// Applies `body(input row, output row, length)` to each row along `axis`, returning the result
    /// in the original layout. Rows are contiguous, which keeps the inner loops cache-friendly.
    func rowwise(axis: Int, op: String,
                 _ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) throws -> Tensor {
        let a = try normalizedAxis(axis, rank: Swift.max(rank, 1), op: op)
        let (data, inverse, _) = try rowsAlong(a, op: op)
        let out = try Tensor(uninitialized: data.shape, op: op)
        let n = data.shape.last ?? 1
        let rows = n == 0 ? 0 : data.count / n
        let p = data.floatPointer, o = out.storage.floats
        withExtendedLifetime(data) {
            parallelChunks(rows, minimum: Swift.max(1, parallelThreshold / Swift.max(n, 1))) { range in
                for row in range { body(p + row * n, o + row * n, n) }
            }
        }
        if a == Swift.max(rank, 1) - 1 { return rank == 0 ? try out.reshaped([]) : out }
        return try out.permuted(inverse).contiguous()
    }

    /// exp(x - max) / sum(exp(x - max)) along `axis`.
    public func softmax(axis: Int = -1) throws -> Tensor {
        try rowwise(axis: axis, op: "softmax") { x, y, n in
            // Three sweeps over a row that sits in L1: the max, the exponentials fused with
            // their sum (eight lanes of partial sums), and the scaling.
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
    }

    /// The largest of n floats, eight lanes at a time (a scalar max is one long dependency chain).
    /// NaN anywhere makes the row's softmax NaN whichever value this returns.
    @inline(__always)
    private func rowMax(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
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

    /// x - max - log(sum(exp(x - max))) along `axis` (stable for large inputs). Subtracted in
    /// that order: x - (max + log Σ) would round max + log Σ to Float first and lose the small
    /// term (log_softmax([1000, 999]) was 2.9e-5 off).
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        try rowwise(axis: axis, op: "log_softmax") { x, y, n in
            var m = -Float.infinity
            for i in 0..<n { m = Swift.max(m, x[i]) }
            var s: Double = 0
            for i in 0..<n { s += Double(fastExp(x[i] - m)) }
            let logSum = Float(Foundation.log(s))
            for i in 0..<n { y[i] = (x[i] - m) - logSum }
        }
    }

    /// (x - mean) / sqrt(var + eps) over the last axis, then * weight + bias when given.
    public func layerNorm(weight: Tensor? = nil, bias: Tensor? = nil, eps: Float = 1e-5) throws -> Tensor {
        let normalized = try rowwise(axis: -1, op: "layer_norm") { x, y, n in
            var mean = 0.0
            for i in 0..<n { mean += Double(x[i]) }
            mean /= Double(n)
            var v = 0.0
            for i in 0..<n {
                let d = Double(x[i]) - mean
                v += d * d
            }
            let inv = Float(1 / (v / Double(n) + Double(eps)).squareRoot())
            let mu = Float(mean)
            for i in 0..<n { y[i] = (x[i] - mu) * inv }
        }
        var out = normalized
        if let weight { out = try out * weight }
        if let bias { out = try out + bias }
        return out
    }

    /// GELU, tanh form: 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))).
    public func gelu() -> Tensor {
        let c = Float((2.0 / Double.pi).squareRoot())
        return mapElements { x in 0.5 * x * (1 + fastTanh(c * (x + 0.044715 * x * x * x))) }
    }
}
