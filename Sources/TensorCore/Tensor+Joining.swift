// Joining and picking: concatenate, stack, split, gather, indexSelect, oneHot, assignment into views.

extension Tensor {
    /// Copies `source` (broadcast to `target`'s shape) into the elements `target` views.
    /// `target` must be a Float32 view of storage the caller owns.
    static func copyElements(from source: Tensor, into target: Tensor) throws {
        let src = try source.dense().broadcast(to: target.shape)
        let ps = src.storage.floats, pd = target.storage.floats
        let rowLength = target.shape.last ?? 1
        let ds = src.strides.last ?? 0, dd = target.strides.last ?? 0
        withExtendedLifetime(src) {
            forEachRow(shape: target.shape, strides: [src.strides, target.strides],
                       offsets: [src.offset, target.offset]) { _, offs in
                var i = offs[0], j = offs[1]
                for _ in 0..<rowLength {
                    pd[j] = ps[i]
                    i += ds
                    j += dd
                }
            }
        }
    }

    /// Writes `value` (broadcast) into `self[..., start..<end by step, ...]` along `axis`.
    public mutating func assign(_ value: Tensor, axis: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws {
        // A broadcast or int view would alias or pack writes: write into a fresh Float32 copy instead.
        if dtype != .float32 || !isContiguous { self = materialized(as: .float32) } else { makeUnique() }
        let view = try slice(axis: axis, start: start, end: end, step: step)
        guard view.broadcastStrides(to: view.shape) != nil,
              (try? Tensor.broadcastShapes(value.shape, view.shape)) == view.shape else {
            throw TensorError.shape("assign: value of shape \(shapeText(value.shape)) does not fit slice of shape \(shapeText(view.shape))")
        }
        try Tensor.copyElements(from: value, into: view)
    }

    /// Joins tensors along an existing axis; all other axes must match.
    public static func concatenate(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.argument("concatenate: needs at least one tensor") }
        let a = try first.normalizedAxis(axis, rank: first.rank, op: "concatenate")
        var outShape = first.shape
        outShape[a] = 0
        for t in tensors {
            var s = t.shape
            guard s.count == first.rank else {
                throw TensorError.shape("concatenate: shapes \(shapeText(first.shape)) and \(shapeText(t.shape)) differ in rank")
            }
            s[a] = first.shape[a]
            guard s == first.shape else {
                throw TensorError.shape("concatenate: shapes \(shapeText(first.shape)) and \(shapeText(t.shape)) differ off axis \(a)")
            }
            outShape[a] += t.shape[a]
        }
        let out = try Tensor(uninitialized: outShape, op: "concatenate")
        var start = 0
        for t in tensors {
            let view = try out.slice(axis: a, start: start, end: start + t.shape[a])
            try copyElements(from: t, into: view)
            start += t.shape[a]
        }
        return out
    }

    /// Joins same-shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.argument("stack: needs at least one tensor") }
        for t in tensors where t.shape != first.shape {
            throw TensorError.shape("stack: shapes \(shapeText(first.shape)) and \(shapeText(t.shape)) differ")
        }
        return try concatenate(tensors.map { try $0.unsqueezed(axis: axis) }, axis: axis)
    }

    /// Splits along `axis` into pieces of the given sizes (views).
    public func split(sizes: [Int], axis: Int = 0) throws -> [Tensor] {
        let a = try normalizedAxis(axis, rank: rank, op: "split")
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[a] else {
            throw TensorError.shape("split: sizes \(shapeText(sizes)) do not add up to axis \(a) of shape \(shapeText(shape))")
        }
        var start = 0
        return try sizes.map { size in
            defer { start += size }
            return try slice(axis: a, start: start, end: start + size)
        }
    }

    /// Splits along `axis` into `parts` equal pieces.
    public func split(parts: Int, axis: Int = 0) throws -> [Tensor] {
        let a = try normalizedAxis(axis, rank: rank, op: "split")
        guard parts > 0, shape[a] % parts == 0 else {
            throw TensorError.shape("split: axis \(a) of shape \(shapeText(shape)) does not split into \(parts) equal parts")
        }
        return try split(sizes: Array(repeating: shape[a] / parts, count: parts), axis: a)
    }

    func checkedIndices(_ indices: Tensor, size: Int, op: String) throws -> [Int] {
        try indices.scalars.map { v in
            guard v == v.rounded() else { throw TensorError.argument("\(op): index \(v) is not an integer") }
            let i = Int(v) < 0 ? Int(v) + size : Int(v)
            guard i >= 0, i < size else {
                throw TensorError.argument("\(op): index \(Int(v)) out of range for size \(size)")
            }
            return i
        }
    }

    /// Picks whole slices along `axis` by a 1-D index list (numpy's `take`, torch's `index_select`).
    public func indexSelect(axis: Int, indices: Tensor) throws -> Tensor {
        let a = try normalizedAxis(axis, rank: rank, op: "index_select")
        guard indices.rank <= 1 else {
            throw TensorError.shape("index_select: indices must be 1-D, got shape \(shapeText(indices.shape))")
        }
        let picks = try checkedIndices(indices, size: shape[a], op: "index_select")
        var outShape = shape
        outShape[a] = picks.count
        let out = try Tensor(uninitialized: outShape, op: "index_select")
        let source = astype(.float32)
        for (k, i) in picks.enumerated() {
            try Tensor.copyElements(from: try source.slice(axis: a, start: i, end: i + 1),
                                    into: try out.slice(axis: a, start: k, end: k + 1))
        }
        return out
    }

    /// torch.gather: out[i][j][k] = self[i][indices[i][j][k]][k] for axis 1 (likewise other axes).
    /// `indices` has the same rank; its shape may be smaller than self's off `axis`.
    public func gather(axis: Int, indices: Tensor) throws -> Tensor {
        let a = try normalizedAxis(axis, rank: rank, op: "gather")
        guard indices.rank == rank, (0..<rank).allSatisfy({ $0 == a || indices.shape[$0] <= shape[$0] }) else {
            throw TensorError.shape("gather: indices of shape \(shapeText(indices.shape)) do not fit \(shapeText(shape)) on axis \(a)")
        }
        let idx = try checkedIndices(indices, size: shape[a], op: "gather")
        let out = try Tensor(uninitialized: indices.shape, op: "gather")
        let outStrides = out.strides
        var position = [Int](repeating: 0, count: rank)
        for linear in 0..<idx.count {
            var rest = linear
            for axis in 0..<rank {
                position[axis] = rest / outStrides[axis]
                rest %= outStrides[axis]
            }
            position[a] = idx[linear]
            out.storage.floats[linear] = load(storageIndex(position))
        }
        return out
    }

    /// One-hot encoding: appends an axis of length `depth` with 1 at each index, 0 elsewhere.
    public func oneHot(depth: Int) throws -> Tensor {
        guard depth > 0 else { throw TensorError.argument("one_hot: depth must be positive, got \(depth)") }
        let idx = try checkedIndices(self, size: depth, op: "one_hot")
        let out = try Tensor.zeros(shape + [depth])
        for (row, i) in idx.enumerated() { out.storage.floats[row * depth + i] = 1 }
        return out
    }
}
