// Tensor: an n-dimensional, row-major array view over a shared storage buffer.
//
//     var t = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
//     let col = try t.slice(axis: 1, start: 1, end: 2)   // a view, shape [2, 1]
//     t[0, 0] = 9                                        // copy-on-write: `col` is unchanged

/// An n-dimensional array of Float32 (or quantized integer) values. Value semantics, copy-on-write.
public struct Tensor {
    /// Length of each axis; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// Step in elements between neighbours along each axis (0 for broadcast axes).
    public internal(set) var strides: [Int]
    /// Index of element [0, 0, ...] in the storage, in elements.
    public internal(set) var offset: Int
    /// Element type.
    public let dtype: DType
    var storage: TensorStorage

    init(storage: TensorStorage, shape: [Int], strides: [Int], offset: Int, dtype: DType) {
        self.storage = storage
        self.shape = shape
        self.strides = strides
        self.offset = offset
        self.dtype = dtype
    }

    /// An uninitialised contiguous tensor, after checking the size against the allocation cap.
    init(uninitialized shape: [Int], dtype: DType = .float32, op: String, zeroed: Bool = false) throws {
        let count = try Tensor.checkedCount(shape, op: op)
        let bytes = dtype.byteSize(count: count)
        guard bytes <= TensorCore.maxAllocationBytes else {
            throw TensorError.allocation(Tensor.overLimitMessage(op: op, shape: shape, dtype: dtype))
        }
        let live = TensorCore.liveBytes
        guard live + bytes <= TensorCore.maxLiveBytes else {
            throw TensorError.allocation("\(op): \(shapeText(shape)) needs \(TensorCore.formatBytes(Double(bytes))) more, but live tensors "
                + "already hold \(TensorCore.formatBytes(Double(live))) of the \(TensorCore.formatBytes(Double(TensorCore.maxLiveBytes))) "
                + "budget; let large tensors go (reuse names, clear lists of them) or work in smaller pieces")
        }
        guard let storage = TensorStorage(allocating: bytes, zeroed: zeroed || dtype == .int4) else {
            throw TensorError.allocation("\(op): the system refused \(TensorCore.formatBytes(Double(bytes))) for \(shapeText(shape)) (out of memory)")
        }
        self.init(storage: storage, shape: shape, strides: Tensor.contiguousStrides(shape), offset: 0, dtype: dtype)
    }

    /// A Float32 tensor of the given shape from row-major scalars.
    /// - Throws: if `scalars.count` is not the product of `shape`.
    public init(shape: [Int], scalars: [Float]) throws {
        let count = try Tensor.checkedCount(shape, op: "tensor")
        guard count == scalars.count else {
            throw TensorError.shape("tensor: shape \(shapeText(shape)) needs \(count) values, got \(scalars.count)")
        }
        try self.init(uninitialized: shape, op: "tensor")
        let out = storage.floats
        scalars.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { out.update(from: base, count: count) }
        }
    }

    /// A 0-d (scalar) tensor.
    public init(_ value: Float) {
        self.init(storage: TensorStorage(byteCount: 4), shape: [], strides: [], offset: 0, dtype: .float32)
        storage.floats[0] = value
    }

    /// A 1-D tensor.
    public init(_ values: [Float]) {
        self.init(storage: TensorStorage(byteCount: values.count * 4), shape: [values.count],
                  strides: [1], offset: 0, dtype: .float32)
        let out = storage.floats
        for (i, v) in values.enumerated() { out[i] = v }
    }

    /// A 2-D tensor from rows. - Throws: if the rows have different lengths.
    public init(_ rows: [[Float]]) throws {
        let cols = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == cols }) else {
            throw TensorError.shape("tensor: rows have different lengths \(shapeText(rows.map(\.count)))")
        }
        try self.init(shape: [rows.count, cols], scalars: rows.flatMap { $0 })
    }

    /// Number of axes.
    public var rank: Int { shape.count }
    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }
    /// Bytes of storage the elements of this tensor need in its dtype (int4: half a byte each).
    public var bytes: Int { dtype.byteSize(count: count) }

    /// True when the elements are laid out row-major without gaps (offset may be non-zero).
    public var isContiguous: Bool {
        var expected = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] != 1 {
            if strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    /// Row-major strides of a contiguous tensor of this shape.
    static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = acc
            acc *= shape[axis]
        }
        return strides
    }

    /// Product of `shape` with negative-size and overflow checks.
    static func checkedCount(_ shape: [Int], op: String) throws -> Int {
        var count = 1
        for n in shape {
            guard n >= 0 else { throw TensorError.shape("\(op): negative size in shape \(shapeText(shape))") }
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else {
                throw TensorError.allocation(overLimitMessage(op: op, shape: shape, dtype: .float32))
            }
            count = product
        }
        return count
    }

    static func overLimitMessage(op: String, shape: [Int], dtype: DType) -> String {
        let elements = shape.reduce(1.0) { $0 * Double($1) }
        let needed = dtype == .int4 ? elements / 2 : elements * Double(dtype.byteSize(count: 1))
        return "\(op): \(shapeText(shape)) needs \(TensorCore.formatBytes(needed)), over the "
            + "\(TensorCore.formatBytes(Double(TensorCore.maxAllocationBytes))) limit"
    }

    // MARK: element access

    /// Reads the element at storage index `i` (not a logical index) as Float.
    @inline(__always)
    func load(_ i: Int) -> Float {
        switch dtype {
        case .float32: return storage.floats[i]
        case .int8: return Float(storage.raw.load(fromByteOffset: i, as: Int8.self))
        case .uint8: return Float(storage.raw.load(fromByteOffset: i, as: UInt8.self))
        case .int32: return Float(storage.raw.load(fromByteOffset: i * 4, as: Int32.self))
        case .int4:
            let byte = storage.raw.load(fromByteOffset: i >> 1, as: UInt8.self)
            let nibble = (i & 1) == 0 ? byte & 0x0F : byte >> 4
            return Float(Int8(bitPattern: nibble << 4) >> 4)  // sign-extend 4 bits
        }
    }

    /// Writes `value` (already rounded/clamped for integer dtypes) at storage index `i`.
    @inline(__always)
    func store(_ value: Float, at i: Int) {
        switch dtype {
        case .float32: storage.floats[i] = value
        case .int8: storage.raw.storeBytes(of: Int8(value), toByteOffset: i, as: Int8.self)
        case .uint8: storage.raw.storeBytes(of: UInt8(value), toByteOffset: i, as: UInt8.self)
        case .int32: storage.raw.storeBytes(of: Int32(value), toByteOffset: i * 4, as: Int32.self)
        case .int4:
            let nibble = UInt8(bitPattern: Int8(value)) & 0x0F
            let old = storage.raw.load(fromByteOffset: i >> 1, as: UInt8.self)
            let new = (i & 1) == 0 ? (old & 0xF0) | nibble : (old & 0x0F) | (nibble << 4)
            storage.raw.storeBytes(of: new, toByteOffset: i >> 1, as: UInt8.self)
        }
    }

    /// Storage index of a logical multi-index (no bounds checks).
    @inline(__always)
    func storageIndex(_ index: [Int]) -> Int {
        var s = offset
        for axis in 0..<index.count { s += index[axis] * strides[axis] }
        return s
    }

    func checkIndex(_ index: [Int], op: String) throws -> [Int] {
        guard index.count == shape.count else {
            throw TensorError.argument("\(op): \(index.count) indices for a tensor of shape \(shapeText(shape))")
        }
        var fixed = index
        for axis in 0..<index.count {
            if fixed[axis] < 0 { fixed[axis] += shape[axis] }
            guard fixed[axis] >= 0, fixed[axis] < shape[axis] else {
                throw TensorError.argument("\(op): index \(index[axis]) out of range for axis \(axis) of size \(shape[axis])")
            }
        }
        return fixed
    }

    /// The element at a multi-index (negative indices count from the end).
    public func value(at index: [Int]) throws -> Float {
        load(storageIndex(try checkIndex(index, op: "index")))
    }

    /// Sets one element (copying the storage first if it is shared).
    /// Integer dtypes round and clamp as `astype` does.
    public mutating func setValue(_ value: Float, at index: [Int]) throws {
        let fixed = try checkIndex(index, op: "index")
        makeUnique()
        store(dtype == .float32 ? value : Tensor.convert(value, to: dtype), at: storageIndex(fixed))
    }

    /// Element access for tests and small code; traps on a bad index (use `value(at:)` for user input).
    public subscript(_ index: Int...) -> Float {
        get {
            precondition(index.count == shape.count, "subscript: wrong number of indices")
            return load(storageIndex(index))
        }
        set {
            precondition(index.count == shape.count, "subscript: wrong number of indices")
            makeUnique()
            store(dtype == .float32 ? newValue : Tensor.convert(newValue, to: dtype), at: storageIndex(index))
        }
    }

    /// The single value of a one-element tensor.
    public func item() throws -> Float {
        guard count == 1 else { throw TensorError.shape("item: tensor of shape \(shapeText(shape)) has \(count) elements, not 1") }
        return load(offset)
    }

    /// All elements in row-major order, as Float.
    public var scalars: [Float] {
        let x = dense()
        return withExtendedLifetime(x) { Array(UnsafeBufferPointer(start: x.floatPointer, count: x.count)) }
    }

    /// Copies the storage if another tensor shares it, so a write does not leak into views.
    mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Pointer to element 0 of a float32 tensor (valid while the storage lives).
    var floatPointer: UnsafeMutablePointer<Float> { storage.floats + offset }
}

extension Tensor {
    /// Calls `body` with the elements in row-major order as Float32, without copying when the
    /// tensor is already contiguous Float32 (optimizers and kernels outside the core read this way).
    public func withUnsafeFloats<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        let x = dense()
        return try withExtendedLifetime(x) { try body(UnsafeBufferPointer(start: x.floatPointer, count: x.count)) }
    }

    /// A new Float32 tensor whose elements `fill` writes (every one of them) in row-major order.
    /// - Throws: on a shape too large to allocate, or what `fill` throws.
    public init(shape: [Int], filling fill: (UnsafeMutableBufferPointer<Float>) throws -> Void) throws {
        let count = try Tensor.checkedCount(shape, op: "tensor")
        try self.init(uninitialized: shape, op: "tensor")
        try fill(UnsafeMutableBufferPointer(start: storage.floats, count: count))
    }
}
