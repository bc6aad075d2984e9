// Matrix product through BLAS.sgemm: 2-D, 1-D promotion (numpy rules) and batched with
// broadcast batch axes. A transposed view is handed to BLAS as a transpose flag with its leading
// dimension, never copied; only views BLAS cannot describe are made contiguous first.

extension Tensor {
    /// How BLAS sees a 2-D view with strides (s0, s1): plain or transposed, plus the leading dimension.
    static func blasLayout(rows r: Int, cols c: Int, s0: Int, s1: Int) -> (transposed: Bool, ld: Int)? {
        if (s1 == 1 || c == 1) && (r == 1 || s0 >= Swift.max(1, c)) {
            return (false, r == 1 ? Swift.max(1, c) : s0)
        }
        if (s0 == 1 || r == 1) && (c == 1 || s1 >= Swift.max(1, r)) {
            return (true, c == 1 ? Swift.max(1, r) : s1)
        }
        return nil
    }

    /// Matrix product with numpy's `matmul` rules: [..., m, k] @ [..., k, n] → [..., m, n]; batch
    /// axes broadcast; a 1-D left operand is a row vector and a 1-D right operand a column vector.
    /// - Throws: "matmul: shapes [2, 3] and [4, 5] do not align (3 ≠ 4)" and the like.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank >= 1, other.rank >= 1 else {
            throw TensorError.shape("matmul: shapes \(shapeText(shape)) and \(shapeText(other.shape)) need at least one axis each")
        }
        var a = dtype == .float32 ? self : astype(.float32)
        var b = other.dtype == .float32 ? other : other.astype(.float32)
        let vectorLeft = a.rank == 1, vectorRight = b.rank == 1
        if vectorLeft { a = try a.unsqueezed(axis: 0) }
        if vectorRight { b = try b.unsqueezed(axis: 1) }
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1]
        guard k == k2 else {
            throw TensorError.shape("matmul: shapes \(shapeText(shape)) and \(shapeText(other.shape)) do not align (\(k) ≠ \(k2))")
        }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = try Tensor.broadcastShapes(batchA, batchB, op: "matmul")
        var outShape = batch + [m, n]
        let out = try Tensor(uninitialized: outShape, op: "matmul", zeroed: k == 0)
        let batchCount = batch.reduce(1, *)
        guard m > 0, n > 0, k > 0, batchCount > 0 else {
            if vectorLeft { outShape.remove(at: outShape.count - 2) }
            if vectorRight { outShape.removeLast() }
            return try out.reshaped(outShape)
        }
        guard m < Int(Int32.max), n < Int(Int32.max), k < Int(Int32.max) else {
            throw TensorError.shape("matmul: dimensions of \(shapeText(shape)) @ \(shapeText(other.shape)) exceed BLAS's 32-bit sizes")
        }
        func prepared(_ t: Tensor, rows: Int, cols: Int) -> (Tensor, Bool, Int) {
            let r = t.rank
            if let layout = Tensor.blasLayout(rows: rows, cols: cols, s0: t.strides[r - 2], s1: t.strides[r - 1]) {
                return (t, layout.transposed, layout.ld)
            }
            let c = t.dense()
            return (c, false, cols)
        }
        let (pa, transA, lda) = prepared(a, rows: m, cols: k)
        let (pb, transB, ldb) = prepared(b, rows: k, cols: n)
        let batchStridesA = Tensor(storage: pa.storage, shape: batchA, strides: Array(pa.strides.dropLast(2)),
                                   offset: 0, dtype: .float32).broadcastStrides(to: batch) ?? []
        let batchStridesB = Tensor(storage: pb.storage, shape: batchB, strides: Array(pb.strides.dropLast(2)),
                                   offset: 0, dtype: .float32).broadcastStrides(to: batch) ?? []
        let o = out.storage.floats
        withExtendedLifetime((pa, pb)) {
            let baseA = pa.storage.floats, baseB = pb.storage.floats
            for index in 0..<batchCount {
                var rest = index, offA = pa.offset, offB = pb.offset
                for axis in stride(from: batch.count - 1, through: 0, by: -1) {
                    let i = rest % batch[axis]
                    rest /= batch[axis]
                    offA += i * batchStridesA[axis]
                    offB += i * batchStridesB[axis]
                }
                BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, baseA + offA, lda: lda,
                           baseB + offB, ldb: ldb, o + index * m * n, ldc: n)
            }
        }
        if vectorLeft { outShape.remove(at: outShape.count - 2) }
        if vectorRight { outShape.removeLast() }
        return try out.reshaped(outShape)
    }
}
