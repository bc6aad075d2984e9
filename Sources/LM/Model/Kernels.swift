// The few raw-pointer kernels of the inference path. Matrix products go to OpenBLAS; the rest
// are plain loops the compiler vectorises (release builds use -Ounchecked and x86-64-v3).
import TensorCore
import Foundation

enum Kernels {
    /// Up to this many rows, `linear` uses its own weight-streaming loop instead of sgemm.
    static let smallRows = 8

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

    /// out = (x − mean) / √(var + eps) · g + b over one row of n.
    @inline(__always)
    static func layerNorm(_ x: UnsafePointer<Float>, n: Int, g: UnsafePointer<Float>, b: UnsafePointer<Float>,
                          eps: Float, into out: UnsafeMutablePointer<Float>) {
        var sum: Float = 0
        for i in 0..<n { sum += x[i] }
        let mean = sum / Float(n)
        var sq: Float = 0
        for i in 0..<n { let c = x[i] - mean; sq += c * c }
        let inv = 1 / (sq / Float(n) + eps).squareRoot()
        for i in 0..<n { out[i] = (x[i] - mean) * inv * g[i] + b[i] }
    }

    /// GELU, tanh form: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), in place.
    @inline(__always)
    static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let c = Float((2.0 / Double.pi).squareRoot())
        for i in 0..<count {
            let v = x[i]
            // fastTanh vectorises; glibc's tanhf was a third of a decode step.
            x[i] = 0.5 * v * (1 + fastTanh(c * (v + 0.044715 * v * v * v)))
        }
    }

    /// Rotary tables for one position: cos and sin of t·base^(−2i/d), i < d/2, computed in Double
    /// as the anchor does, then rounded to Float.
    static func rotary(position t: Int, headDim d: Int, base: Float, cos: UnsafeMutablePointer<Float>,
                       sin: UnsafeMutablePointer<Float>) {
        for i in 0..<(d / 2) {
            let inv = 1.0 / Foundation.pow(Double(base), Double(2 * i) / Double(d))
            let angle = Double(t) * inv
            cos[i] = Float(Foundation.cos(angle))
            sin[i] = Float(Foundation.sin(angle))
        }
    }

    /// Rotate-half RoPE on `heads` vectors of size d: x·cos + [−x₂, x₁]·sin.
    @inline(__always)
    static func applyRotary(_ x: UnsafeMutablePointer<Float>, heads: Int, headDim d: Int,
                            cos: UnsafePointer<Float>, sin: UnsafePointer<Float>) {
        let half = d / 2
        for h in 0..<heads {
            let v = x + h * d
            for i in 0..<half {
                let a = v[i], b = v[i + half]
                v[i] = a * cos[i] - b * sin[i]
                v[i + half] = b * cos[i] + a * sin[i]
            }
        }
    }
}
