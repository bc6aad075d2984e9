// The decoder's matrix products: OpenBLAS, or a weight-streaming loop for a few rows. Layer
// norm, GELU and softmax are TensorCore's shared `Kernels`; the rotary rotation is NN's `Rotary`.
import TensorCore

enum DecoderKernels {
    /// Up to this many rows, `linear` uses its own weight-streaming loop instead of sgemm.
    static let smallRows = 8

    /// y[rows, n] = x[rows, k] · W + bias through W's own kernel (Float32 or integer).
    @inline(__always)
    static func linear(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ w: DecoderMatrix, n: Int,
                       bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        switch w {
        case .float(let p): linear(x, rows: rows, k: k, UnsafePointer(p), n: n, bias: bias, into: y, accumulate: accumulate)
        case .integer(let m): m.apply(x, rows: rows, bias: bias, into: y, accumulate: accumulate)
        }
    }

    /// y[rows, n] = x[rows, k] · W[k, n] + bias (broadcast over rows); `accumulate` adds to y.
    @inline(__always)
    static func linear(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ w: UnsafePointer<Float>, n: Int,
                       bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        if let bias {
            for r in 0..<rows {
                let row = y + r * n
                if accumulate { for j in 0..<n { row[j] += bias[j] } } else { row.update(from: bias, count: n) }
            }
        } else if !accumulate {
            y.update(repeating: 0, count: rows * n)
        }
        if rows <= smallRows {
            // Few rows (decoding, speculative verification): stream each weight row once and
            // apply it to every input row while it sits in L1, so γ + 1 rows cost about as much
            // weight traffic as one. BLAS's sgemm would first pack all of W, every call.
            for kk in 0..<k {
                let wr = w + kk * n
                for r in 0..<rows {
                    let a = x[r * k + kk]
                    let yr = y + r * n
                    for j in 0..<n { yr[j] += a * wr[j] }
                }
            }
        } else {
            BLAS.sgemm(m: rows, n: n, k: k, x, lda: k, w, ldb: n, beta: 1, y, ldc: n)
        }
    }

    /// y[rows, n] = x[rows, k] · Wᵀ for W stored [n, k] (the tied head reads the embedding so).
    @inline(__always)
    static func linearTransposed(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ w: UnsafePointer<Float>, n: Int,
                                 into y: UnsafeMutablePointer<Float>) {
        if rows == 1 {
            BLAS.sgemv(rows: n, cols: k, w, lda: k, x, y)
        } else {
            BLAS.sgemm(transB: true, m: rows, n: n, k: k, x, lda: k, w, ldb: k, y, ldc: n)
        }
    }
}
