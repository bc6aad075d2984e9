// When does unstructured sparsity pay on a CPU? Times a CSR sparse × dense product against dense
// sgemm on the same pruned matrix, for several sparsities. Dense sgemm is blocked and vectorised,
// so CSR (indirect loads, one axpy per non-zero) typically wins only at very high sparsity —
// the reason hardware vendors push structured formats like 2:4.
import NN
import TensorCore

/// One row of a sparse-vs-dense timing.
public struct SparseTiming: Equatable {
    public let sparsity: Float
    /// Median seconds of dense sgemm (`Tensor.matmul`).
    public let dense: Double
    /// Median seconds of `CSRMatrix.spmm`.
    public let sparse: Double
    /// dense / sparse: above 1 the sparse product is faster.
    public var speedup: Double { sparse > 0 ? dense / sparse : 0 }
}

/// Times W [rows, columns] (magnitude-pruned to each sparsity) × X [columns, batch].
public func sparseVsDense(rows: Int = 512, columns: Int = 512, batch: Int = 64,
                          sparsities: [Float] = [0, 0.5, 0.8, 0.9, 0.95, 0.99],
                          runs: Int = 7, seed: UInt64 = 0) throws -> [SparseTiming] {
    let w = try Tensor.randn([rows, columns], seed: seed)
    let x = try Tensor.randn([columns, batch], seed: seed &+ 1)
    return try sparsities.map { s in
        let pruned = try w * (try Pruning.magnitudeMask(w, sparsity: s))
        let csr = try CSRMatrix(pruned)
        let dense = try Metrics.medianSeconds(runs: runs) { _ = try pruned.matmul(x) }
        let sparse = try Metrics.medianSeconds(runs: runs) { _ = try csr.spmm(x) }
        return SparseTiming(sparsity: s, dense: dense, sparse: sparse)
    }
}
