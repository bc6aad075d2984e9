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
            fewRows(x, rows: rows, k: k, w, n: n, into: y)
        } else {
            BLAS.sgemm(m: rows, n: n, k: k, x, lda: k, w, ldb: n, beta: 1, y, ldc: n)
        }
    }

    /// y[r, j] += Σ_kk x[r, kk] · W[kk, j] for a few rows (decoding, speculative verification),
    /// adding the products one kk at a time in order (a multiply, then an add), so every row gets
    /// the same bits whether it comes alone or with γ others. W streams in storage order, four
    /// of its rows at a time; those 4·n floats stay in L1 while every input row takes its four
    /// products, each output loaded and stored once per four kk instead of once per kk. So γ + 1
    /// rows cost about the weight traffic of one, the pattern a model in L3 or memory needs.
    /// BLAS's sgemm would first pack all of W, every call. (Measured on add-large: keeping 4
    /// rows × 16 outputs in registers over k instead reads W in strided column panels and was
    /// slower at every row count.)
    static func fewRows(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ w: UnsafePointer<Float>, n: Int,
                        into y: UnsafeMutablePointer<Float>) {
        typealias V = SIMD8<Float>
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
        let vectorEnd = n & ~7
        var kk = 0
        while kk + 4 <= k {
            let w0 = w + kk * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n
            for r in 0..<rows {
                let xr = x + r * k + kk, yr = y + r * n
                let a0 = xr[0], a1 = xr[1], a2 = xr[2], a3 = xr[3]
                let s0 = V(repeating: a0), s1 = V(repeating: a1), s2 = V(repeating: a2), s3 = V(repeating: a3)
                var j = 0
                while j < vectorEnd {
                    var v = load(yr + j)
                    v = v + s0 * load(w0 + j)
                    v = v + s1 * load(w1 + j)
                    v = v + s2 * load(w2 + j)
                    v = v + s3 * load(w3 + j)
                    store(v, yr + j)
                    j += 8
                }
                while j < n {
                    yr[j] = (((yr[j] + a0 * w0[j]) + a1 * w1[j]) + a2 * w2[j]) + a3 * w3[j]
                    j += 1
                }
            }
            kk += 4
        }
        while kk < k {
            let wr = w + kk * n
            for r in 0..<rows {
                let a = x[r * k + kk], yr = y + r * n
                for j in 0..<n { yr[j] = yr[j] + a * wr[j] }
            }
            kk += 1
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
