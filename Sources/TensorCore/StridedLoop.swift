// Strided iteration: the one loop every non-contiguous op goes through.
//
// The last axis is the "row"; the odometer walks the outer axes and hands each row's start
// offsets to the body, so the inner loop over a row is a plain strided loop the compiler can
// optimise.

/// Walks the rows (last axis) of `shape` for several operands with their own strides.
/// `body(row, offsets)` gets the row number and each operand's storage offset of the row start.
@inline(__always)
func forEachRow(shape: [Int], strides: [[Int]], offsets: [Int], _ body: (Int, [Int]) -> Void) {
    let rank = shape.count
    let count = shape.reduce(1, *)
    if count == 0 { return }
    if rank <= 1 {
        body(0, offsets)
        return
    }
    let rowLength = shape[rank - 1]
    let rows = count / max(rowLength, 1)
    if rowLength == 0 { return }
    var index = [Int](repeating: 0, count: rank - 1)
    var current = offsets
    for row in 0..<rows {
        body(row, current)
        // Odometer increment over axes rank-2 ... 0.
        var axis = rank - 2
        while axis >= 0 {
            index[axis] += 1
            for k in 0..<current.count { current[k] += strides[k][axis] }
            if index[axis] < shape[axis] { break }
            for k in 0..<current.count { current[k] -= strides[k][axis] * shape[axis] }
            index[axis] = 0
            axis -= 1
        }
    }
}

extension Tensor {
    /// Self when already contiguous Float32, else a contiguous Float32 copy. Ops start here.
    func dense() -> Tensor {
        if dtype == .float32 && isContiguous { return self }
        return materialized(as: .float32)
    }

    /// A contiguous copy of this tensor in the same dtype (self when already contiguous).
    public func contiguous() -> Tensor {
        if isContiguous && (offset == 0 || dtype != .int4) { return self }
        return materialized(as: dtype)
    }

    /// A fresh contiguous tensor holding these elements converted to `target`.
    func materialized(as target: DType) -> Tensor {
        // Safe: the same element count already fitted in memory once.
        var out = Tensor(storage: TensorStorage(byteCount: target.byteSize(count: count), zeroed: target == .int4),
                         shape: shape, strides: Tensor.contiguousStrides(shape), offset: 0, dtype: target)
        out.shape = shape
        let rowLength = shape.last ?? 1
        let lastStride = strides.last ?? 0
        if dtype == .float32 && target == .float32 && shape.count == 2 && strides[0] == 1 && shape[0] > 1 && shape[1] > 1 {
            // A transposed matrix (a weight gradient, Wᵀ): copy it tile by tile, so that both the
            // reads and the writes of a tile stay in cache instead of one cache line per element.
            let (rows, columns, ld) = (shape[0], shape[1], strides[1])
            let src = storage.floats + offset
            let dst = out.storage.floats
            let tile = 32
            for i0 in stride(from: 0, to: rows, by: tile) {
                for j0 in stride(from: 0, to: columns, by: tile) {
                    for j in j0..<Swift.min(j0 + tile, columns) {
                        for i in i0..<Swift.min(i0 + tile, rows) { dst[i * columns + j] = src[i + j * ld] }
                    }
                }
            }
        } else if dtype == .float32 && target == .float32 {
            let src = storage.floats
            let dst = out.storage.floats
            forEachRow(shape: shape, strides: [strides], offsets: [offset]) { row, offs in
                let base = row * rowLength
                var s = offs[0]
                for j in 0..<rowLength {
                    dst[base + j] = src[s]
                    s += lastStride
                }
            }
        } else {
            forEachRow(shape: shape, strides: [strides], offsets: [offset]) { row, offs in
                let base = row * rowLength
                var s = offs[0]
                for j in 0..<rowLength {
                    let v = load(s)
                    out.store(target == .float32 || target == dtype ? v : Tensor.convert(v, to: target), at: base + j)
                    s += lastStride
                }
            }
        }
        return out
    }

    /// Converts to another dtype. Float → integer rounds half to even, clamps to the type's range
    /// and maps NaN to 0; integer → float is exact.
    public func astype(_ target: DType) -> Tensor {
        if target == dtype { return self }
        return materialized(as: target)
    }

    /// Rounds half to even and clamps to `dtype`'s range; NaN → 0.
    @inline(__always)
    static func convert(_ value: Float, to dtype: DType) -> Float {
        if dtype == .float32 { return value }
        if value.isNaN { return 0 }
        let r = value.rounded(.toNearestOrEven)
        let range = dtype.range
        return Swift.min(Swift.max(r, range.low), range.high)
    }
}
