// The decoder's matrix products: weight panels for Float32 layers, whatever the number of rows
// (one when decoding, γ + 1 when verifying, a prompt's length when prefilling), the integer
// kernels for integer layers. Each output is summed in one order however many rows share the
// call, so a position's bits do not depend on how the tokens were batched: no OpenBLAS here,
// whose kernels sum in another order by matrix size. Layer norm, GELU and softmax are
// TensorCore's shared `Kernels`; the rotary rotation is NN's `Rotary`.
import CKernels
import TensorCore

enum DecoderKernels {
    /// y[rows, n] = x[rows, k] · W + bias (broadcast over rows) through W's own kernel;
    /// `accumulate` adds to y. Many rows are split over `TensorCore.threads` by rows, which
    /// changes no sum.
    @inline(__always)
    static func linear(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ w: DecoderMatrix, n: Int,
                       bias: UnsafePointer<Float>?, into y: UnsafeMutablePointer<Float>, accumulate: Bool = false) {
        switch w {
        case .integer(let matrix):
            matrix.apply(x, rows: rows, bias: bias, into: y, accumulate: accumulate)
        case .float(let panels):
            addBias(bias, rows: rows, n: n, into: y, accumulate: accumulate)
            let threads = rows * k * n >= parallelMultiplyAdds ? TensorCore.threads : 1
            parallelChunks(rows, threads: threads, minimum: 32) { part in
                panelRows(x + part.lowerBound * k, rows: part.count, k: k, panels, n: n, into: y + part.lowerBound * n)
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

    /// Columns per panel of `panelRows`'s weight layout (the C kernel's `WH_PANEL_WIDTH`).
    static let panelWidth = Int(WH_PANEL_WIDTH)

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

    /// y[r, j] += Σ_kk x[r, kk] · W[kk, j] from W's panels (CKernels' `wh_panel_rows`). Rows go
    /// in groups of up to six, and each panel streams once per group with the group's 16 outputs
    /// per row in registers, so one weight load feeds six rows; a single row streams four panels
    /// at once. Each output is y, then one multiply and one add per kk in order, whatever the
    /// group: a position gets the same logits decoded alone, verified with γ others or prefilled
    /// with its prompt. `portable` takes the plain C path (CPUs without AVX2) for tests.
    static func panelRows(_ x: UnsafePointer<Float>, rows: Int, k: Int, _ panels: UnsafePointer<Float>, n: Int,
                          into y: UnsafeMutablePointer<Float>, portable: Bool = false) {
        if portable {
            wh_panel_rows_portable(Int64(rows), Int64(k), Int64(n), x, panels, y)
        } else {
            wh_panel_rows(Int64(rows), Int64(k), Int64(n), x, panels, y)
        }
    }
}
