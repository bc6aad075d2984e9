// Row-wise normalisations and GELU on plain tensors (no gradients): softmax, log_softmax,
// layer_norm, gelu. Softmax, layer norm and GELU run the shared kernels in Kernels/, which the
// autodiff primitives and the LM decoder call too.
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

    /// exp(x - max) / sum(exp(x - max)) along `axis` (the shared `Kernels.softmax`).
    public func softmax(axis: Int = -1) throws -> Tensor {
        try rowwise(axis: axis, op: "softmax") { x, y, n in Kernels.softmax(x, y, count: n) }
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

    /// (x - mean) / sqrt(var + eps) over the last axis, then * weight + bias when given (the
    /// shared `Kernels.layerNorm`; weight and bias must have the last axis's size).
    public func layerNorm(weight: Tensor? = nil, bias: Tensor? = nil, eps: Float = 1e-5) throws -> Tensor {
        let n = shape.last ?? 1
        for (name, t) in [("weight", weight), ("bias", bias)] {
            if let t, t.shape != [n] {
                throw TensorError.shape("layer_norm: \(name) \(shapeText(t.shape)) must have shape [\(n)]")
            }
        }
        let g = weight?.dense(), b = bias?.dense()
        return try withExtendedLifetime((g, b)) {
            try rowwise(axis: -1, op: "layer_norm") { x, y, n in
                Kernels.layerNorm(x, count: n, gain: g?.floatPointer, bias: b?.floatPointer, eps: eps, into: y)
            }
        }
    }

    /// GELU, tanh form: 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))) (the shared `Kernels.gelu`).
    public func gelu() -> Tensor { mapChunks { x, y, n in Kernels.gelu(x, y, count: n) } }
}
