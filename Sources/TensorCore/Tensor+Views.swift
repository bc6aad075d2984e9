// Views: reshape, transpose/permute, slicing with steps, squeeze/unsqueeze, broadcast.
// All of these share storage with the source when they can; none copies unless it must.

extension Tensor {
    func normalizedAxis(_ axis: Int, rank: Int, op: String) throws -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else {
            throw TensorError.argument("\(op): axis \(axis) out of range for a tensor of rank \(rank)")
        }
        return a
    }

    /// Same elements, new shape; one entry may be -1 (inferred). A view when contiguous, else a copy.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        var target = newShape
        let known = newShape.filter { $0 != -1 }.reduce(1, *)
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1, newShape.allSatisfy({ $0 >= -1 }) else {
            throw TensorError.shape("reshape: bad target shape \(shapeText(newShape))")
        }
        if let i = inferred.first {
            guard known > 0, count % known == 0 else {
                throw TensorError.shape("reshape: cannot reshape \(shapeText(shape)) into \(shapeText(newShape))")
            }
            target[i] = count / known
        }
        guard target.reduce(1, *) == count else {
            throw TensorError.shape("reshape: cannot reshape \(shapeText(shape)) (\(count) elements) into \(shapeText(newShape))")
        }
        let base = isContiguous && dtype != .int4 ? self : contiguous()
        return Tensor(storage: base.storage, shape: target, strides: Tensor.contiguousStrides(target),
                      offset: base.offset, dtype: dtype)
    }

    /// A 1-D view (or copy) of all elements.
    public func flattened() -> Tensor {
        let base = isContiguous && dtype != .int4 ? self : contiguous()
        return Tensor(storage: base.storage, shape: [count], strides: [1], offset: base.offset, dtype: dtype)
    }

    /// Reorders the axes: result axis i is source axis `axes[i]`.
    public func permuted(_ axes: [Int]) throws -> Tensor {
        guard axes.count == rank else {
            throw TensorError.argument("permute: \(axes.count) axes for a tensor of rank \(rank)")
        }
        let fixed = try axes.map { try normalizedAxis($0, rank: rank, op: "permute") }
        guard Set(fixed).count == rank else {
            throw TensorError.argument("permute: axes \(shapeText(axes)) are not a permutation")
        }
        return Tensor(storage: storage, shape: fixed.map { shape[$0] }, strides: fixed.map { strides[$0] },
                      offset: offset, dtype: dtype)
    }

    /// Reverses the axes (the matrix transpose for rank 2). A view.
    public func transposed() -> Tensor {
        Tensor(storage: storage, shape: shape.reversed(), strides: strides.reversed(), offset: offset, dtype: dtype)
    }

    /// Swaps two axes. A view.
    public func transposed(_ axis0: Int, _ axis1: Int) throws -> Tensor {
        let a = try normalizedAxis(axis0, rank: rank, op: "transpose")
        let b = try normalizedAxis(axis1, rank: rank, op: "transpose")
        var s = shape, st = strides
        s.swapAt(a, b)
        st.swapAt(a, b)
        return Tensor(storage: storage, shape: s, strides: st, offset: offset, dtype: dtype)
    }

    /// Elements start, start+step, ... before end along `axis` (Python slice rules: negative
    /// indices count from the end, out-of-range bounds clamp, a negative step walks backwards).
    public func slice(axis: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws -> Tensor {
        let a = try normalizedAxis(axis, rank: rank, op: "slice")
        guard step != 0 else { throw TensorError.argument("slice: step must not be 0") }
        let n = shape[a]
        func clampBound(_ v: Int, low: Int, high: Int) -> Int {
            let x = v < 0 ? v + n : v
            return Swift.min(Swift.max(x, low), high)
        }
        let first: Int, last: Int, length: Int
        if step > 0 {
            first = start.map { clampBound($0, low: 0, high: n) } ?? 0
            last = end.map { clampBound($0, low: 0, high: n) } ?? n
            length = last > first ? (last - first + step - 1) / step : 0
        } else {
            first = start.map { clampBound($0, low: -1, high: n - 1) } ?? n - 1
            last = end.map { clampBound($0, low: -1, high: n - 1) } ?? -1
            length = first > last ? (first - last + (-step) - 1) / (-step) : 0
        }
        var s = shape, st = strides
        s[a] = length
        st[a] = strides[a] * step
        let newOffset = length > 0 ? offset + first * strides[a] : offset
        if dtype == .int4 && (step != 1 || first != 0) {
            // Packed nibbles cannot be addressed with arbitrary strides safely; copy instead.
            return Tensor(storage: storage, shape: s, strides: st, offset: newOffset, dtype: dtype).contiguous()
        }
        return Tensor(storage: storage, shape: s, strides: st, offset: newOffset, dtype: dtype)
    }

    /// Element `index` along `axis`, with that axis removed (a view).
    public func select(axis: Int = 0, index: Int) throws -> Tensor {
        let a = try normalizedAxis(axis, rank: rank, op: "select")
        let i = index < 0 ? index + shape[a] : index
        guard i >= 0, i < shape[a] else {
            throw TensorError.argument("select: index \(index) out of range for axis \(a) of size \(shape[a])")
        }
        var s = shape, st = strides
        s.remove(at: a)
        st.remove(at: a)
        return Tensor(storage: storage, shape: s, strides: st, offset: offset + i * strides[a], dtype: dtype)
    }

    /// Removes size-1 axes (all of them, or just `axis`).
    public func squeezed(axis: Int? = nil) throws -> Tensor {
        var s = shape, st = strides
        if let axis {
            let a = try normalizedAxis(axis, rank: rank, op: "squeeze")
            guard shape[a] == 1 else {
                throw TensorError.shape("squeeze: axis \(axis) of shape \(shapeText(shape)) has size \(shape[a]), not 1")
            }
            s.remove(at: a)
            st.remove(at: a)
        } else {
            let keep = shape.indices.filter { shape[$0] != 1 }
            s = keep.map { shape[$0] }
            st = keep.map { strides[$0] }
        }
        return Tensor(storage: storage, shape: s, strides: st, offset: offset, dtype: dtype)
    }

    /// Inserts a size-1 axis at `axis` (which may be `rank`, or negative counting from the end).
    public func unsqueezed(axis: Int) throws -> Tensor {
        let a = try normalizedAxis(axis, rank: rank + 1, op: "unsqueeze")
        var s = shape, st = strides
        s.insert(1, at: a)
        st.insert(a < rank ? strides[a] * shape[a] : 1, at: a)
        return Tensor(storage: storage, shape: s, strides: st, offset: offset, dtype: dtype)
    }

    /// The numpy broadcast of two shapes. - Throws: when an axis differs and neither side is 1.
    public static func broadcastShapes(_ a: [Int], _ b: [Int], op: String = "broadcast") throws -> [Int] {
        let r = Swift.max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let x = i < r - a.count ? 1 : a[i - (r - a.count)]
            let y = i < r - b.count ? 1 : b[i - (r - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw TensorError.shape("\(op): shapes \(shapeText(a)) and \(shapeText(b)) do not broadcast (axis \(i): \(x) vs \(y))")
            }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    /// Strides for viewing this tensor as `target` (0 on broadcast axes), or nil if impossible.
    func broadcastStrides(to target: [Int]) -> [Int]? {
        guard target.count >= rank else { return nil }
        var st = [Int](repeating: 0, count: target.count)
        let lead = target.count - rank
        for i in 0..<rank {
            if shape[i] == target[lead + i] {
                st[lead + i] = shape[i] == 1 ? 0 : strides[i]
            } else if shape[i] == 1 {
                st[lead + i] = 0
            } else {
                return nil
            }
        }
        return st
    }

    /// A read-only-style view of this tensor repeated to `target` (numpy's broadcast_to).
    public func broadcast(to target: [Int]) throws -> Tensor {
        guard let st = broadcastStrides(to: target) else {
            throw TensorError.shape("broadcast_to: cannot broadcast \(shapeText(shape)) to \(shapeText(target))")
        }
        if dtype == .int4 && st != Tensor.contiguousStrides(target) {
            return try astype(.float32).broadcast(to: target)
        }
        return Tensor(storage: storage, shape: target, strides: st, offset: offset, dtype: dtype)
    }
}
