// The decoder's matrix products: a weight-streaming loop for one row (decoding), weight panels
// for a few (speculative verification), OpenBLAS for many, the integer kernels for integer
// layers. Layer norm, GELU and softmax are TensorCore's shared `Kernels`; the rotary rotation is
// NN's `Rotary`.
import TensorCore

enum DecoderKernels {
    /// Up to this many rows, `linear` uses its own loops instead of sgemm: decoding (1 row) and
    /// speculative verification (γ + 1 rows, γ up to 15).
    static let smallRows = 16

    /// y[rows, n] = x[rows, k] · W + bias (broadcast over rows) through W's own kernel;
    /// `accumulate` adds to y.
    @inline(__always)
    static func linear(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ w: DecoderMatrix, n: Int,
                       bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        switch w {
        case .integer(let matrix):
            matrix.apply(x, rows: rows, bias: bias, into: y, accumulate: accumulate)
        case .float(let m):
            addBias(bias, rows: rows, n: n, into: y, accumulate: accumulate)
            switch rows {
            case 1: oneRow(x, k: k, m.rowMajor, n: n, into: y)
            case 2...smallRows: panelRows(x, rows: rows, k: k, m.panels, n: n, into: y)
            default: BLAS.sgemm(m: rows, n: n, k: k, x, lda: k, m.rowMajor, ldb: n, beta: 1, y, ldc: n)
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

    /// y[r, j] += Σ_kk x[r, kk] · W[kk, j] for 2 to 16 rows (speculative verification), from W's
    /// panels: four rows × one panel (16 outputs) stay in eight registers over the whole of k
    /// while the panel streams in order, so each weight load feeds four rows; two rows left over
    /// take two panels at a time, a last row four panels (eight accumulators each time). Each
    /// output is y, then one multiply and one add per kk in order — the sums of `oneRow`, bit for
    /// bit, so a position gets the same logits whether decoded alone or verified with γ others.
    static func panelRows(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ panels: UnsafePointer<Float>, n: Int,
                          into y: UnsafeMutablePointer<Float>) {
        typealias V = SIMD8<Float>
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p).loadUnaligned(as: V.self) }
        @inline(__always) func store(_ v: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self) }
        let p16 = panelWidth, full = n / p16, stride = k * p16
        var r = 0
        while r + 4 <= rows {
            let x0 = x + r * k, x1 = x0 + k, x2 = x1 + k, x3 = x2 + k
            for p in 0..<full {
                let y0 = y + r * n + p * p16, y1 = y0 + n, y2 = y1 + n, y3 = y2 + n
                var a0 = load(y0), a1 = load(y0 + 8), b0 = load(y1), b1 = load(y1 + 8)
                var c0 = load(y2), c1 = load(y2 + 8), d0 = load(y3), d1 = load(y3 + 8)
                var wp = panels + p * stride
                for kk in 0..<k {
                    let w0 = load(wp), w1 = load(wp + 8)
                    let s0 = V(repeating: x0[kk]), s1 = V(repeating: x1[kk]), s2 = V(repeating: x2[kk]), s3 = V(repeating: x3[kk])
                    a0 = a0 + s0 * w0; a1 = a1 + s0 * w1
                    b0 = b0 + s1 * w0; b1 = b1 + s1 * w1
                    c0 = c0 + s2 * w0; c1 = c1 + s2 * w1
                    d0 = d0 + s3 * w0; d1 = d1 + s3 * w1
                    wp += p16
                }
                store(a0, y0); store(a1, y0 + 8); store(b0, y1); store(b1, y1 + 8)
                store(c0, y2); store(c1, y2 + 8); store(d0, y3); store(d1, y3 + 8)
            }
            r += 4
        }
        if r + 2 <= rows {
            // Two rows left: two rows × two panels, eight accumulators again.
            let x0 = x + r * k, x1 = x0 + k
            var p = 0
            while p < full {
                let width = p + 2 <= full ? 2 : 1
                let y0 = y + r * n + p * p16, y1 = y0 + n
                var a0 = load(y0), a1 = load(y0 + 8), b0 = load(y1), b1 = load(y1 + 8)
                var c0 = V(), c1 = V(), d0 = V(), d1 = V()
                if width == 2 { c0 = load(y0 + 16); c1 = load(y0 + 24); d0 = load(y1 + 16); d1 = load(y1 + 24) }
                var wa = panels + p * stride
                if width == 2 {
                    for kk in 0..<k {
                        let s0 = V(repeating: x0[kk]), s1 = V(repeating: x1[kk])
                        let w0 = load(wa), w1 = load(wa + 8), w2 = load(wa + stride), w3 = load(wa + stride + 8)
                        a0 = a0 + s0 * w0; a1 = a1 + s0 * w1; b0 = b0 + s1 * w0; b1 = b1 + s1 * w1
                        c0 = c0 + s0 * w2; c1 = c1 + s0 * w3; d0 = d0 + s1 * w2; d1 = d1 + s1 * w3
                        wa += p16
                    }
                    store(c0, y0 + 16); store(c1, y0 + 24); store(d0, y1 + 16); store(d1, y1 + 24)
                } else {
                    for kk in 0..<k {
                        let s0 = V(repeating: x0[kk]), s1 = V(repeating: x1[kk])
                        let w0 = load(wa), w1 = load(wa + 8)
                        a0 = a0 + s0 * w0; a1 = a1 + s0 * w1; b0 = b0 + s1 * w0; b1 = b1 + s1 * w1
                        wa += p16
                    }
                }
                store(a0, y0); store(a1, y0 + 8); store(b0, y1); store(b1, y1 + 8)
                p += width
            }
            r += 2
        }
        while r < rows {
            let xr = x + r * k, yr = y + r * n
            var p = 0
            while p + 4 <= full {
                let ya = yr + p * p16
                var a0 = load(ya), a1 = load(ya + 8), b0 = load(ya + 16), b1 = load(ya + 24)
                var c0 = load(ya + 32), c1 = load(ya + 40), d0 = load(ya + 48), d1 = load(ya + 56)
                var wa = panels + p * stride
                for kk in 0..<k {
                    let s = V(repeating: xr[kk])
                    let wb = wa + stride, wc = wb + stride, wd = wc + stride
                    a0 = a0 + s * load(wa); a1 = a1 + s * load(wa + 8)
                    b0 = b0 + s * load(wb); b1 = b1 + s * load(wb + 8)
                    c0 = c0 + s * load(wc); c1 = c1 + s * load(wc + 8)
                    d0 = d0 + s * load(wd); d1 = d1 + s * load(wd + 8)
                    wa += p16
                }
                store(a0, ya); store(a1, ya + 8); store(b0, ya + 16); store(b1, ya + 24)
                store(c0, ya + 32); store(c1, ya + 40); store(d0, ya + 48); store(d1, ya + 56)
                p += 4
            }
            while p < full {
                let ya = yr + p * p16
                var a0 = load(ya), a1 = load(ya + 8)
                var wa = panels + p * stride
                for kk in 0..<k {
                    let s = V(repeating: xr[kk])
                    a0 = a0 + s * load(wa); a1 = a1 + s * load(wa + 8)
                    wa += p16
                }
                store(a0, ya); store(a1, ya + 8)
                p += 1
            }
            r += 1
        }
        // The columns of a last, partial panel, one at a time in the same order.
        if full * p16 < n {
            let wp = panels + full * stride
            for r in 0..<rows {
                let xr = x + r * k, yr = y + r * n
                for j in (full * p16)..<n {
                    var v = yr[j]
                    for kk in 0..<k { v = v + xr[kk] * wp[kk * p16 + j - full * p16] }
                    yr[j] = v
                }
            }
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
