// The one door to BLAS: every matrix product in Whittle (Tensor.matmul, the GPT decoder's
// kernels) goes through these, so the kernel family and thread count are set before the call
// and reproducible mode's threading holds everywhere.
import COpenBLAS
import Dispatch

/// Row-major single-precision BLAS products, with Whittle's kernel and thread settings applied.
public enum BLAS {
    /// Reproducible mode splits a product's output rows into chunks of a multiple of this many.
    ///
    /// Why 48: the portable kernels handle output rows in fixed groups (12 for the Haswell sgemm
    /// kernel), so a chunk that starts on a multiple of the group keeps every row in the same
    /// group as in one unsplit call, and each row is summed in the same order. Measured: chunks of
    /// any multiple of 24 rows give bit-identical products, multiples of 16 or 64 do not; 48 is
    /// also a whole number of 64-byte lines of floats, and small enough to balance two threads on
    /// a 256-row product (96 left a 192/64 split). BLASTests checks split against unsplit.
    public static let reproducibleRowChunk = 48

    /// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, row-major; op transposes when asked.
    ///
    /// `lda`, `ldb`, `ldc` are the row strides of A, B and C as stored. In reproducible mode
    /// OpenBLAS runs single-threaded and the rows of C are split over `TensorCore.threads`
    /// threads at multiples of `reproducibleRowChunk`; the result does not depend on the split.
    public static func sgemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int,
                             alpha: Float = 1, _ a: UnsafePointer<Float>, lda: Int,
                             _ b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
                             _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        BLASKernels.prepare()
        let threads = TensorCore.threadCount
        let chunks = BLASKernels.appliedMode == .reproducible && m * n * k >= parallelMultiplyAdds
            ? Swift.min(threads, m / reproducibleRowChunk) : 1
        func rows(_ first: Int, _ count: Int) {
            cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                        Int32(count), Int32(n), Int32(k), alpha, transA ? a + first : a + first * lda, Int32(lda),
                        b, Int32(ldb), beta, c + first * ldc, Int32(ldc))
        }
        guard chunks > 1 else { return rows(0, m) }
        let chunk = rowChunk(m: m, parts: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { part in
            let first = part * chunk
            if first < m { rows(first, Swift.min(chunk, m - first)) }
        }
    }

    /// The chunk size that splits m rows into at most `parts` pieces, rounded up to a multiple of
    /// `reproducibleRowChunk`.
    static func rowChunk(m: Int, parts: Int) -> Int {
        let even = (m + parts - 1) / parts
        return (even + reproducibleRowChunk - 1) / reproducibleRowChunk * reproducibleRowChunk
    }

    /// y[rows] = alpha · op(A) · x + beta · y for row-major A[rows×cols] (op(A) = Aᵀ when
    /// `trans`, so y has `cols` entries). Single-threaded in reproducible mode: a matrix-vector
    /// product is memory-bound and small in Whittle's uses (decoding, attention over a cache).
    public static func sgemv(trans: Bool = false, rows: Int, cols: Int, alpha: Float = 1,
                             _ a: UnsafePointer<Float>, lda: Int, _ x: UnsafePointer<Float>,
                             beta: Float = 0, _ y: UnsafeMutablePointer<Float>) {
        BLASKernels.prepare()
        cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, Int32(rows), Int32(cols), alpha,
                    a, Int32(lda), x, 1, beta, y, 1)
    }
}
