// The decoder's matrix products: a weight-streaming loop for one row (decoding), weight panels
// for more (speculative verification, prefill), the integer kernels for integer layers. Every
// Float32 path sums each output in the same order, so a position's bits do not depend on how
// many tokens share its call: no OpenBLAS here, whose kernels sum in another order by matrix
// size. Layer norm, GELU and softmax are TensorCore's shared `Kernels`; the rotary rotation is
// NN's `Rotary`.
import CKernels
import TensorCore

enum DecoderKernels {
    /// Below this many multiply-adds a product runs on one thread (as `BLAS.sgemm`).
    static let parallelWork = 1 << 21

    /// y[rows, n] = x[rows, k] · W + bias (broadcast over rows) through W's own kernel;
    /// `accumulate` adds to y. Many rows are split over `TensorCore.threads` by rows, which
    /// changes no sum.
    @inline(__always)
    static func linear(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ w: DecoderMatrix, n: Int,
                       bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        switch w {
        case .integer(let matrix):
            matrix.apply(x, rows: rows, bias: bias, into: y, accumulate: accumulate)
        case .float(let m):
            addBias(bias, rows: rows, n: n, into: y, accumulate: accumulate)
            if rows == 1 {
                oneRow(x, k: k, m.rowMajor, n: n, into: y)
            } else {
                let threads = rows * k * n >= parallelWork ? TensorCore.threads : 1
                parallelChunks(rows, threads: threads, minimum: 32) { part in
                    panelRows(x + part.lowerBound * k, rows: part.count, k: k, m.panels, n: n, into: y + part.lowerBound * n)
                }
            }
        }
    }

    /// y = bias (broadcast over rows), or y += bias when accumulating; zeros without a bias.
    @inline(__always)
    private static func addBias(_ bias: UnsafePointer<Float>?, rows: Int, n: Int, into y: UnsafeMutablePointer<Float>, accumulate: Bool) {
        if let bias {
            for r in 0..<rows {
                let row = y + r * n
                if accumulate { for j in 0..<n { row[j] += bias[j] } } else { row.update(from: bias, count: n) }
            }
        } else if !accumulate {
            y.update(repeating: 0, count: rows * n)
        }
    }

    /// Columns per panel of `panelRows`'s weight layout.
    static let panelWidth = 16

    /// W [k, n] rearranged for `panelRows`: n/16 panels (the last zero-padded), each the k × 16
    /// block of its columns, row after row — so a panel streams contiguously over k.
    static func panels(of w: UnsafePointer<Float>, k: Int, n: Int, into out: UnsafeMutablePointer<Float>) {
        let p16 = panelWidth, count = (n + p16 - 1) / p16
        for p in 0..<count {
            for kk in 0..<k {
                let dst = out + (p * k + kk) * p16
                for c in 0..<p16 {
                    let j = p * p16 + c
                    dst[c] = j < n ? w[kk * n + j] : 0
                }
            }
        }
    }

    /// Floats `panels(of:)` writes for a k × n matrix.
    static func panelFloats(k: Int, n: Int) -> Int { (n + panelWidth - 1) / panelWidth * panelWidth * k }

    /// y[r, j] += Σ_kk x[r, kk] · W[kk, j] for two rows or more (speculative verification), from W's
    /// panels (CKernels' `wh_panel_rows`): rows go in groups of up to six, and each panel streams
    /// once per group with the group's 16 outputs per row in twelve registers, so one weight load
    /// feeds six rows. Each output is y, then one multiply and one add per kk in order — the sums
    /// of `oneRow`, bit for bit, so a position gets the same logits whether decoded alone or
    /// verified with γ others. `portable` takes the plain C path (CPUs without AVX2) for tests.
    static func panelRows(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ panels: UnsafePointer<Float>, n: Int,
                          into y: UnsafeMutablePointer<Float>, portable: Bool = false) {
        if portable {
            wh_panel_rows_portable(Int64(rows), Int64(k), Int64(n), x, panels, y)
        } else {
            wh_panel_rows(Int64(rows), Int64(k), Int64(n), x, panels, y)
        }
    }

    /// y[j] += Σ_kk x[kk] · W[kk, j] for one row (a decoding step), adding the products one kk at
    /// a time in order (a multiply, then an add). W streams in storage order, four of its rows at
    /// a time, each output loaded and stored once per four kk instead of once per kk: the pattern
    /// a model in L3 or memory needs.
    static func oneRow(_ x: UnsafePointer<Float>, k: Int, _ w: UnsafePointer<Float>, n: Int,
                       into y: UnsafeMutablePointer<Float>) {
        typealias V = SIMD8<Float>
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
        let vectorEnd = n & ~7
        var kk = 0
        while kk + 4 <= k {
            let w0 = w + kk * n, w1 = w0 + n, w2 = w1 + n, w3 = w2 + n
            let a0 = x[kk], a1 = x[kk + 1], a2 = x[kk + 2], a3 = x[kk + 3]
            let s0 = V(repeating: a0), s1 = V(repeating: a1), s2 = V(repeating: a2), s3 = V(repeating: a3)
            var j = 0
            while j < vectorEnd {
                var v = load(y + j)
                v = v + s0 * load(w0 + j)
                v = v + s1 * load(w1 + j)
                v = v + s2 * load(w2 + j)
                v = v + s3 * load(w3 + j)
                store(v, y + j)
                j += 8
            }
            while j < n {
                y[j] = (((y[j] + a0 * w0[j]) + a1 * w1[j]) + a2 * w2[j]) + a3 * w3[j]
                j += 1
            }
            kk += 4
        }
        while kk < k {
            let a = x[kk], wr = w + kk * n
            for j in 0..<n { y[j] = y[j] + a * wr[j] }
            kk += 1
        }
    }
}
