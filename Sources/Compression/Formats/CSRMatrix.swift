// CSRMatrix: compressed sparse rows, for measuring when unstructured sparsity pays on a CPU.
//
// Storage: `values` and `columnIndices` of the non-zeros row by row, and `rowPointers` (rows + 1
// entries) where row r owns positions rowPointers[r] ..< rowPointers[r + 1]. With Float32 values
// and Int32 indices that is 8 bytes per non-zero + 4 per row, so it only saves memory below 50 %
// density, and a sparse product only beats dense sgemm (blocked, vectorised) at high sparsity.
//
//     let a = try CSRMatrix(pruned)          // [m, k]
//     let y = try a.spmm(x)                  // [m, k] × [k, n] → [m, n]
import Foundation
import TensorCore

/// A sparse matrix in CSR form.
public struct CSRMatrix {
    public let rows: Int
    public let columns: Int
    public let rowPointers: [Int32]
    public let columnIndices: [Int32]
    public let values: [Float]

    /// Converts a 2-D tensor, keeping its non-zero entries.
    public init(_ dense: Tensor) throws {
        guard dense.rank == 2 else { throw CompressionError.shape("csr: needs a 2-D tensor, got \(shapeText(dense.shape))") }
        rows = dense.shape[0]
        columns = dense.shape[1]
        let x = dense.scalars
        var pointers: [Int32] = [0], indices: [Int32] = [], nonzeros: [Float] = []
        for r in 0..<rows {
            for c in 0..<columns where x[r * columns + c] != 0 {
                indices.append(Int32(c))
                nonzeros.append(x[r * columns + c])
            }
            pointers.append(Int32(nonzeros.count))
        }
        rowPointers = pointers
        columnIndices = indices
        values = nonzeros
    }

    /// Number of stored non-zeros.
    public var nonzeroCount: Int { values.count }
    /// Non-zeros / (rows·columns).
    public var density: Float { rows * columns == 0 ? 0 : Float(values.count) / Float(rows * columns) }
    /// Bytes of the three arrays (4 per value, 4 per column index, 4 per row pointer).
    public var bytes: Int { values.count * 8 + rowPointers.count * 4 }

    /// Back to a dense tensor.
    public func dense() throws -> Tensor {
        var out = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            for p in Int(rowPointers[r])..<Int(rowPointers[r + 1]) { out[r * columns + Int(columnIndices[p])] = values[p] }
        }
        return try Tensor(shape: [rows, columns], scalars: out)
    }

    /// Sparse × dense: self [m, k] times `b` [k, n] → [m, n]. For each non-zero a_rc the row c of b,
    /// scaled by a_rc, is added to output row r (a contiguous axpy the compiler vectorises).
    public func spmm(_ b: Tensor) throws -> Tensor {
        guard b.rank == 2, b.shape[0] == columns else {
            throw CompressionError.shape("spmm: sparse [\(rows), \(columns)] and dense \(shapeText(b.shape)) do not align")
        }
        let n = b.shape[1]
        let bs = b.scalars
        var out = [Float](repeating: 0, count: rows * n)
        bs.withUnsafeBufferPointer { pb in
            out.withUnsafeMutableBufferPointer { po in
                guard let bb = pb.baseAddress, let ob = po.baseAddress else { return }
                for r in 0..<rows {
                    let orow = ob + r * n
                    for p in Int(rowPointers[r])..<Int(rowPointers[r + 1]) {
                        let a = values[p]
                        let brow = bb + Int(columnIndices[p]) * n
                        for j in 0..<n { orow[j] += a * brow[j] }
                    }
                }
            }
        }
        return try Tensor(shape: [rows, n], scalars: out)
    }
}
