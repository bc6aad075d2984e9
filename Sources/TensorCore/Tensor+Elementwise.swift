// Elementwise ops with numpy broadcasting, the arithmetic operators and comparisons.
//
// Every op funnels through `binary` (one kernel type per op) or `map`: contiguous same-shape
// inputs run a flat loop (which the compiler vectorises under -march=x86-64-v3, and which is
// split over threads when large);
// anything else walks rows with per-operand strides (0 on broadcast axes).

/// An elementwise binary function as a type, for guaranteed specialisation of the hot loops.
protocol BinaryKernel {
    static func apply(_ x: Float, _ y: Float) -> Float
}
enum AddKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x + y } }
enum SubKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x - y } }
enum MulKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x * y } }
enum DivKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x / y } }
enum PowKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { Tensor.power(x, y) } }
/// NaN propagates through maximum and minimum, as in numpy.
enum MaxKernel: BinaryKernel {
    @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x.isNaN || y.isNaN ? .nan : Swift.max(x, y) }
}
enum MinKernel: BinaryKernel {
    @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x.isNaN || y.isNaN ? .nan : Swift.min(x, y) }
}
/// Comparisons give Float32 masks: 1 where true, 0 where false.
enum EqualKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x == y ? 1 : 0 } }
enum NotEqualKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x != y ? 1 : 0 } }
enum LessKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x < y ? 1 : 0 } }
enum LessEqualKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x <= y ? 1 : 0 } }
enum GreaterKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x > y ? 1 : 0 } }
enum GreaterEqualKernel: BinaryKernel { @inline(__always) static func apply(_ x: Float, _ y: Float) -> Float { x >= y ? 1 : 0 } }

extension Tensor {
    /// `binary` specialised on a kernel type: unlike a closure, a generic parameter is always
    /// specialised, so the flat loops inline the arithmetic and vectorise.
    @inline(__always)
    func binary<K: BinaryKernel>(_ other: Tensor, op: String, _ kernel: K.Type,
                                 into destination: Tensor? = nil) throws -> Tensor {
        let outShape = try Tensor.broadcastShapes(shape, other.shape, op: op)
        let a = dtype == .float32 ? self : astype(.float32)
        let b = other.dtype == .float32 ? other : other.astype(.float32)
        let out = try destination ?? Tensor(uninitialized: outShape, op: op)
        let n = out.count
        // A reused operand may start at an offset; writing o[i] over the same a[i] is safe.
        let o = out.floatPointer
        return withExtendedLifetime((a, b)) {
            let pa = a.storage.floats, pb = b.storage.floats
            if a.shape == b.shape && a.isContiguous && b.isContiguous {
                let xa = pa + a.offset, xb = pb + b.offset
                // In place (a reused temporary), the output *is* an input: LLVM's runtime
                // overlap check would then fall back to a scalar loop, so spell it as an
                // update through one pointer, which vectorises.
                if o == xa {
                    parallelChunks(n) { r in
                        for i in r { o[i] = K.apply(o[i], xb[i]) }
                    }
                } else if o == xb {
                    parallelChunks(n) { r in
                        for i in r { o[i] = K.apply(xa[i], o[i]) }
                    }
                } else {
                    parallelChunks(n) { r in
                        for i in r { o[i] = K.apply(xa[i], xb[i]) }
                    }
                }
                return out
            }
            if b.count == 1 && a.shape == outShape && a.isContiguous {
                let xa = pa + a.offset, y = pb[b.offset]
                parallelChunks(n) { r in
                    for i in r { o[i] = K.apply(xa[i], y) }
                }
                return out
            }
            if a.count == 1 && b.shape == outShape && b.isContiguous {
                let x = pa[a.offset], xb = pb + b.offset
                parallelChunks(n) { r in
                    for i in r { o[i] = K.apply(x, xb[i]) }
                }
                return out
            }
            // Broadcast strides always exist here: the shapes broadcast.
            let sa = a.broadcastStrides(to: outShape) ?? []
            let sb = b.broadcastStrides(to: outShape) ?? []
            let rowLength = outShape.last ?? 1
            let da = sa.last ?? 0, db = sb.last ?? 0
            forEachRow(shape: outShape, strides: [sa, sb], offsets: [a.offset, b.offset]) { row, offs in
                let base = row * rowLength
                var ia = offs[0], ib = offs[1]
                for j in 0..<rowLength {
                    o[base + j] = K.apply(pa[ia], pb[ib])
                    ia += da
                    ib += db
                }
            }
            return out
        }
    }

    /// Applies `f` to every element (as Float32).
    @inline(__always)
    func mapElements(_ f: (Float) -> Float) -> Tensor {
        let a = dense()
        // Safe: same element count as an existing tensor.
        let out = Tensor(storage: TensorStorage(byteCount: a.count * 4), shape: shape,
                         strides: Tensor.contiguousStrides(shape), offset: 0, dtype: .float32)
        let o = out.storage.floats
        withExtendedLifetime(a) {
            let x = a.floatPointer
            parallelChunks(a.count) { r in
                for i in r { o[i] = f(x[i]) }
            }
        }
        return out
    }

    /// Applies a pointer kernel `body(input, output, count)` to contiguous chunks of the elements
    /// (in parallel for large tensors); the result is Float32 with this shape.
    func mapChunks(_ body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let a = dense()
        let out = Tensor(storage: TensorStorage(byteCount: a.count * 4), shape: shape,
                         strides: Tensor.contiguousStrides(shape), offset: 0, dtype: .float32)
        let o = out.storage.floats
        withExtendedLifetime(a) {
            let x = a.floatPointer
            parallelChunks(a.count) { r in
                if !r.isEmpty { body(x + r.lowerBound, o + r.lowerBound, r.count) }
            }
        }
        return out
    }

    /// Applies a Swift function to every element; the result is Float32.
    public func map(_ f: (Float) -> Float) -> Tensor { mapElements(f) }

    // MARK: arithmetic

    /// Elementwise sum with broadcasting.
    public static func + (a: consuming Tensor, b: consuming Tensor) throws -> Tensor {
        try reusingBinary(&a, &b, op: "add", AddKernel.self)
    }
    /// Elementwise difference with broadcasting.
    public static func - (a: consuming Tensor, b: consuming Tensor) throws -> Tensor {
        try reusingBinary(&a, &b, op: "sub", SubKernel.self)
    }
    /// Elementwise product with broadcasting.
    public static func * (a: consuming Tensor, b: consuming Tensor) throws -> Tensor {
        try reusingBinary(&a, &b, op: "mul", MulKernel.self)
    }
    /// Elementwise quotient with broadcasting (IEEE: x/0 is ±inf or NaN).
    public static func / (a: consuming Tensor, b: consuming Tensor) throws -> Tensor {
        try reusingBinary(&a, &b, op: "div", DivKernel.self)
    }

    /// Below this many elements a fresh buffer is as cheap as reusing one.
    static let reuseThreshold = 1 << 16

    /// Temporary elision (as numpy does): in `a * b + c` the product is a temporary nobody else
    /// holds, so the sum is written into its buffer instead of a fresh one, saving an allocation
    /// and its page faults. An operand is reused only when it is the sole owner of its storage,
    /// is contiguous Float32 and already has the output's shape; anything still visible elsewhere
    /// (a variable, a view) is shared, so it is never overwritten.
    @inline(__always)
    static func reusingBinary<K: BinaryKernel>(_ a: inout Tensor, _ b: inout Tensor, op: String,
                                                _ kernel: K.Type) throws -> Tensor {
        if a.count >= reuseThreshold || b.count >= reuseThreshold {
            let outShape = try broadcastShapes(a.shape, b.shape, op: op)
            if a.shape == outShape && a.dtype == .float32 && a.isContiguous && isKnownUniquelyReferenced(&a.storage) {
                return try a.binary(b, op: op, kernel, into: a)
            }
            if b.shape == outShape && b.dtype == .float32 && b.isContiguous && isKnownUniquelyReferenced(&b.storage) {
                return try a.binary(b, op: op, kernel, into: b)
            }
        }
        return try a.binary(b, op: op, kernel)
    }

    public static func + (a: Tensor, b: Float) -> Tensor { a.mapElements { $0 + b } }
    public static func - (a: Tensor, b: Float) -> Tensor { a.mapElements { $0 - b } }
    public static func * (a: Tensor, b: Float) -> Tensor { a.mapElements { $0 * b } }
    public static func / (a: Tensor, b: Float) -> Tensor { a.mapElements { $0 / b } }
    public static func + (a: Float, b: Tensor) -> Tensor { b.mapElements { a + $0 } }
    public static func - (a: Float, b: Tensor) -> Tensor { b.mapElements { a - $0 } }
    public static func * (a: Float, b: Tensor) -> Tensor { b.mapElements { a * $0 } }
    public static func / (a: Float, b: Tensor) -> Tensor { b.mapElements { a / $0 } }
    /// Elementwise negation.
    public static prefix func - (a: Tensor) -> Tensor { a.mapElements { -$0 } }

    /// Elementwise power with broadcasting.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        try binary(exponent, op: "pow", PowKernel.self)
    }

    /// Every element raised to `exponent` (x*x for 2, sqrt for 0.5).
    public func pow(_ exponent: Float) -> Tensor {
        if exponent == 2 { return mapElements { $0 * $0 } }
        if exponent == 1 { return mapElements { $0 } }
        if exponent == 0.5 { return mapElements { $0.squareRoot() } }
        return mapElements { Tensor.power($0, exponent) }
    }

    @inline(__always)
    static func power(_ x: Float, _ y: Float) -> Float {
        Float(Foundation.pow(Double(x), Double(y)))
    }

    /// Elementwise maximum with broadcasting (NaN propagates, like numpy).
    public func maximum(_ other: Tensor) throws -> Tensor {
        try binary(other, op: "maximum", MaxKernel.self)
    }

    /// Elementwise minimum with broadcasting (NaN propagates, like numpy).
    public func minimum(_ other: Tensor) throws -> Tensor {
        try binary(other, op: "minimum", MinKernel.self)
    }

    /// a*b + c in one pass (one allocation instead of two). Shapes broadcast.
    public static func multiplyAdd(_ a: Tensor, _ b: Tensor, _ c: Tensor) throws -> Tensor {
        if a.shape == b.shape && b.shape == c.shape && a.dtype == .float32 && b.dtype == .float32
            && c.dtype == .float32 && a.isContiguous && b.isContiguous && c.isContiguous {
            let out = try Tensor(uninitialized: a.shape, op: "multiply_add")
            let o = out.storage.floats
            let x = a.floatPointer, y = b.floatPointer, z = c.floatPointer
            withExtendedLifetime((a, b, c)) {
                parallelChunks(out.count) { r in
                    for i in r { o[i] = x[i] * y[i] + z[i] }
                }
            }
            return out
        }
        return try a * b + c
    }

    // MARK: comparisons (Float32 0/1 masks)

    /// 1 where equal, else 0.
    public func equal(_ other: Tensor) throws -> Tensor { try binary(other, op: "==", EqualKernel.self) }
    /// 1 where not equal, else 0.
    public func notEqual(_ other: Tensor) throws -> Tensor { try binary(other, op: "!=", NotEqualKernel.self) }
    /// 1 where self < other, else 0.
    public func less(_ other: Tensor) throws -> Tensor { try binary(other, op: "<", LessKernel.self) }
    /// 1 where self <= other, else 0.
    public func lessEqual(_ other: Tensor) throws -> Tensor { try binary(other, op: "<=", LessEqualKernel.self) }
    /// 1 where self > other, else 0.
    public func greater(_ other: Tensor) throws -> Tensor { try binary(other, op: ">", GreaterKernel.self) }
    /// 1 where self >= other, else 0.
    public func greaterEqual(_ other: Tensor) throws -> Tensor { try binary(other, op: ">=", GreaterEqualKernel.self) }

    /// Picks `a` where `condition` is non-zero, else `b`; all three broadcast together.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let s1 = try broadcastShapes(condition.shape, a.shape, op: "where")
        let outShape = try broadcastShapes(s1, b.shape, op: "where")
        let c = try condition.dense().broadcast(to: outShape)
        let x = try a.dense().broadcast(to: outShape)
        let y = try b.dense().broadcast(to: outShape)
        let out = try Tensor(uninitialized: outShape, op: "where")
        let o = out.storage.floats
        let pc = c.storage.floats, px = x.storage.floats, py = y.storage.floats
        let rowLength = outShape.last ?? 1
        let dc = c.strides.last ?? 0, dx = x.strides.last ?? 0, dy = y.strides.last ?? 0
        withExtendedLifetime((c, x, y)) {
            forEachRow(shape: outShape, strides: [c.strides, x.strides, y.strides],
                       offsets: [c.offset, x.offset, y.offset]) { row, offs in
                var ic = offs[0], ix = offs[1], iy = offs[2]
                let base = row * rowLength
                for j in 0..<rowLength {
                    o[base + j] = pc[ic] != 0 ? px[ix] : py[iy]
                    ic += dc
                    ix += dx
                    iy += dy
                }
            }
        }
        return out
    }
}

import Foundation

extension Tensor {
    /// The elementwise sum of same-shape Float32 tensors, added in the order given —
    /// ((t₀ + t₁) + t₂) + … for every element — on up to `threads` threads. The order is fixed
    /// and each element is one thread's, so the bits do not depend on `threads`: data
    /// parallelism's all-reduce. Tensors that share one gap-free layout (a transposed gradient,
    /// say) are read in storage order without a copy; the result keeps that layout.
    /// - Throws: on an empty list or differing shapes.
    public static func orderedSum(_ tensors: [Tensor], threads: Int = 1) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.argument("ordered_sum: no tensors to add") }
        for t in tensors where t.shape != first.shape {
            throw TensorError.shape("ordered_sum: shapes \(shapeText(first.shape)) and \(shapeText(t.shape)) differ")
        }
        let shared = first.dtype == .float32 && first.isGapFree
            && tensors.allSatisfy { $0.dtype == .float32 && $0.strides == first.strides }
        let inputs = shared ? tensors : tensors.map { $0.dense() }
        let layout = inputs[0].strides
        let lowest = zip(inputs[0].shape, layout).reduce(0) { $1.0 == 1 ? $0 : $0 + Swift.min(0, $1.1 * ($1.0 - 1)) }
        let n = first.count
        var out = try Tensor(uninitialized: first.shape, op: "ordered_sum")
        out.strides = layout
        out.offset = -lowest
        let sources = inputs.map { $0.storage.floats + $0.offset + lowest }
        let target = out.storage.floats
        withExtendedLifetime(inputs) {
            parallelChunks(n, threads: threads, minimum: 1 << 16) { range in
                for j in range {
                    var sum = sources[0][j]
                    for s in 1..<sources.count { sum += sources[s][j] }
                    target[j] = sum
                }
            }
        }
        return out
    }

    /// True when the elements fill `count` consecutive storage slots in some axis order (a
    /// contiguous tensor, or a transposed or permuted view of one): no gaps, no broadcasting.
    var isGapFree: Bool {
        let axes = shape.indices.filter { shape[$0] != 1 }.sorted { Swift.abs(strides[$0]) < Swift.abs(strides[$1]) }
        var expected = 1
        for axis in axes {
            guard Swift.abs(strides[axis]) == expected else { return false }
            expected *= shape[axis]
        }
        return true
    }
}
