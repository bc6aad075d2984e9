// Creation: zeros, ones, full, arange, linspace, eye.

extension Tensor {
    /// A tensor of zeros. - Throws: on a negative size or an allocation over the cap.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try Tensor(uninitialized: shape, dtype: dtype, op: "zeros", zeroed: true)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) throws -> Tensor {
        try full(shape, value: 1, op: "ones")
    }

    /// A tensor filled with `value`.
    public static func full(_ shape: [Int], value: Float) throws -> Tensor {
        try full(shape, value: value, op: "full")
    }

    static func full(_ shape: [Int], value: Float, op: String) throws -> Tensor {
        let out = try Tensor(uninitialized: shape, op: op)
        out.storage.floats.initialize(repeating: value, count: out.count)
        return out
    }

    /// A zero tensor with the shape of `other`.
    public static func zeros(like other: Tensor) -> Tensor {
        // Safe: `other` already holds this many elements.
        let out = Tensor(storage: TensorStorage(byteCount: other.count * 4, zeroed: true), shape: other.shape,
                         strides: contiguousStrides(other.shape), offset: 0, dtype: .float32)
        return out
    }

    /// Values start, start+step, ... below end (numpy's arange).
    public static func arange(_ start: Float, _ end: Float, step: Float = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError.argument("arange: step must be finite and non-zero")
        }
        let n = Swift.max(0, Int((Double(end - start) / Double(step)).rounded(.up)))
        let out = try Tensor(uninitialized: [n], op: "arange")
        for i in 0..<n { out.storage.floats[i] = start + Float(i) * step }
        return out
    }

    /// Integers 0..<n as Float32.
    public static func arange(_ n: Int) throws -> Tensor {
        try arange(0, Float(n))
    }

    /// `count` evenly spaced values from start to end inclusive (numpy's linspace).
    public static func linspace(_ start: Float, _ end: Float, count: Int) throws -> Tensor {
        guard count >= 0 else { throw TensorError.argument("linspace: count must be >= 0, got \(count)") }
        let out = try Tensor(uninitialized: [count], op: "linspace")
        let step = count > 1 ? (Double(end) - Double(start)) / Double(count - 1) : 0
        for i in 0..<count { out.storage.floats[i] = Float(Double(start) + Double(i) * step) }
        if count > 1 { out.storage.floats[count - 1] = end }
        return out
    }

    /// The n×n identity.
    public static func eye(_ n: Int) throws -> Tensor {
        let out = try zeros([n, n])
        for i in 0..<n { out.storage.floats[i * n + i] = 1 }
        return out
    }
}
