// Weights held for the integer kernels, and the product y = x · Wᵀ + b they compute from Float32
// inputs: each call quantizes its input rows to 7-bit codes (dynamic per-token quantization),
// runs the integer kernel, and turns the integer sums back into Float32 with the two scales.
//
//   INT8 (W8A8):  y[i, j] = s_x[i] · s_w[j] · (Σₚ qx[i, p] · qw[j, p] − z_x[i] · Σₚ qw[j, p]) + b[j]
//   4-bit (W4A8): y[i, j] = s_x[i] · (Σ_g s_w[j, g] · Σ_{p∈g} qx[i, p] · qw[j, p] − z_x[i] · Σ_g s_w[j, g] · Σ_{p∈g} qw[j, p]) + b[j]
//
// The weights' zero point is 0 (symmetric codes); the activations' zero point z_x is removed
// with the weight rows' code sums, computed once here.
import CKernels

/// A weight matrix [out, in] the integer kernels multiply with.
public protocol IntegerMatrix: AnyObject, Sendable {
    var inFeatures: Int { get }
    var outFeatures: Int { get }
    /// Bytes of the codes and scales (what the kernel streams per product).
    var bytes: Int { get }
    /// "int8 per channel" or "int4 groups of 32": what a summary prints.
    var kindName: String { get }
    /// y[rows, out] = x[rows, in] · Wᵀ + bias (or += when `accumulate`), through the integer kernel.
    func apply(_ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?,
               into y: UnsafeMutablePointer<Float>, accumulate: Bool)
}

extension IntegerMatrix {
    /// y = x · Wᵀ + bias for a Float32 tensor x [..., in]. A row holding NaN or ±inf gives NaN in
    /// its outputs, as a float product would.
    /// - Throws: when the last axis of x is not `inFeatures`, or the bias is not [out].
    public func apply(_ x: Tensor, bias: Tensor? = nil) throws -> Tensor {
        guard x.rank >= 1, x.shape.last == inFeatures else {
            throw TensorError.shape("integer linear: input \(shapeText(x.shape)) needs last axis \(inFeatures)")
        }
        if let bias, bias.shape != [outFeatures] {
            throw TensorError.shape("integer linear: bias \(shapeText(bias.shape)) should be [\(outFeatures)]")
        }
        let rows = x.count / inFeatures
        let out = try Tensor(uninitialized: Array(x.shape.dropLast()) + [outFeatures], op: "integer linear")
        x.withUnsafeFloats { xp in
            if let bias {
                bias.withUnsafeFloats { bp in apply(xp.baseAddress!, rows: rows, bias: bp.baseAddress!, into: out.storage.floats, accumulate: false) }
            } else {
                apply(xp.baseAddress!, rows: rows, bias: nil, into: out.storage.floats, accumulate: false)
            }
        }
        return out
    }
}

/// Writes one output of an integer product: y = v + bias[j], or y += that when accumulating.
@inline(__always)
func storeOutput(_ v: Float, _ j: Int, bias: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>, accumulate: Bool) {
    let value = bias.map { v + $0[j] } ?? v
    out[j] = accumulate ? out[j] + value : value
}

/// Rows an integer layer quantizes, multiplies and rescales together: a block's sums stay in
/// cache (a whole batch's would be tens of MB, written out and read back, and new pages the OS
/// must clear on every call). A multiple of 48 rows, so each of two threads gets whole panels.
let integerRowBlock = 192

/// Calls `body(first, count, codes)` for each block of at most `integerRowBlock` rows of x
/// [rows, k], with the block's rows quantized per token.
@inline(__always)
func forEachBlock(of x: UnsafePointer<Float>, rows: Int, k: Int, _ body: (Int, Int, QuantizedRows) -> Void) {
    for first in stride(from: 0, to: rows, by: integerRowBlock) {
        let count = Swift.min(integerRowBlock, rows - first)
        body(first, count, QuantizedRows(x + first * k, rows: count, k: k))
    }
}

/// Per-token 7-bit codes of a few input rows, with their scales and zero points.
struct QuantizedRows {
    var codes: [UInt8]
    var scales: [Float]
    var zeroPoints: [Int32]

    init(_ x: UnsafePointer<Float>, rows: Int, k: Int) {
        // Every element is written by the quantizer, so the arrays start uninitialised.
        var s = [Float](), z = [Int32]()
        codes = [UInt8](unsafeUninitializedCapacity: rows * k) { c, count in
            s = [Float](unsafeUninitializedCapacity: rows) { sb, sc in
                z = [Int32](unsafeUninitializedCapacity: rows) { zb, zc in
                    IntegerGEMM.quantizeRows(x, rows: rows, k: k, ldx: k, codes: c.baseAddress!, ldq: k,
                                             scales: sb.baseAddress!, zeroPoints: zb.baseAddress!)
                    zc = rows
                }
                sc = rows
            }
            count = rows * k
        }
        scales = s
        zeroPoints = z
    }
}

/// INT8 weights, one symmetric scale per output row (W8A8 with dynamic per-token activations).
public final class Int8Matrix: IntegerMatrix, @unchecked Sendable {
    public let inFeatures: Int
    public let outFeatures: Int
    /// Codes [out, in], row-major.
    public let codes: [Int8]
    /// One scale per output row.
    public let scales: [Float]
    /// Σₚ codes[j, p]: removes the activations' zero point.
    let rowSums: [Int32]

    /// - Throws: when the counts do not match [out, in] and [out].
    public init(codes: [Int8], scales: [Float], outFeatures: Int, inFeatures: Int) throws {
        guard codes.count == outFeatures * inFeatures, scales.count == outFeatures else {
            throw TensorError.shape("int8 matrix: [\(outFeatures), \(inFeatures)] needs \(outFeatures * inFeatures) codes and \(outFeatures) scales, got \(codes.count) and \(scales.count)")
        }
        self.codes = codes
        self.scales = scales
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        rowSums = (0..<outFeatures).map { j in codes[(j * inFeatures)..<((j + 1) * inFeatures)].reduce(Int32(0)) { $0 + Int32($1) } }
    }

    public var bytes: Int { codes.count + scales.count * 4 }
    public var kindName: String { "int8 per channel" }

    public func apply(_ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?,
                      into y: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let k = inFeatures, n = outFeatures
        var sums = [Int32](repeating: 0, count: Swift.min(rows, integerRowBlock) * n)
        forEachBlock(of: x, rows: rows, k: k) { first, count, q in
            sums.withUnsafeMutableBufferPointer { c in
                q.codes.withUnsafeBufferPointer { a in
                    codes.withUnsafeBufferPointer { b in
                        IntegerGEMM.multiply(m: count, n: n, k: k, a.baseAddress!, lda: k, b.baseAddress!, ldb: k, c.baseAddress!, ldc: n)
                    }
                }
            }
            sums.withUnsafeBufferPointer { c in
                scales.withUnsafeBufferPointer { sw in
                    rowSums.withUnsafeBufferPointer { rs in
                        for i in 0..<count {
                            let sx = q.scales[i], zx = q.zeroPoints[i]
                            let out = y + (first + i) * n, ci = c.baseAddress! + i * n
                            for j in 0..<n {
                                storeOutput((sx * sw[j]) * Float(ci[j] &- zx &* rs[j]), j, bias: bias, into: out, accumulate: accumulate)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 4-bit weights in groups of 32 along the input axis, one scale per group (ggml's Q4_0
/// layout of 16 bytes per group): a GEMV for one row (decoding), each group unpacked once for
/// four rows on a batch.
public final class Int4Matrix: IntegerMatrix, @unchecked Sendable {
    public static let groupSize = 32
    public let inFeatures: Int
    public let outFeatures: Int
    let packed: [UInt8]
    /// Scales [out, in/32].
    public let scales: [Float]
    /// Σ_g s[j, g] · Σ_{p∈g} q[j, p]: removes the activations' zero point.
    let scaledRowSums: [Float]

    /// - Parameter codes: signed 4-bit codes −8...7, row-major [out, in]; `in` a multiple of 32.
    /// - Throws: for counts that do not match, codes outside −8...7, or `in` not a multiple of 32.
    public init(codes: [Int8], scales: [Float], outFeatures: Int, inFeatures: Int) throws {
        let g = Int4Matrix.groupSize
        guard inFeatures % g == 0, inFeatures > 0 else {
            throw TensorError.shape("int4 matrix: the input width \(inFeatures) must be a multiple of the group size \(g)")
        }
        guard codes.count == outFeatures * inFeatures, scales.count == outFeatures * inFeatures / g else {
            throw TensorError.shape("int4 matrix: [\(outFeatures), \(inFeatures)] needs \(outFeatures * inFeatures) codes and \(outFeatures * inFeatures / g) scales, got \(codes.count) and \(scales.count)")
        }
        guard codes.allSatisfy({ (-8...7).contains($0) }) else {
            throw TensorError.argument("int4 matrix: codes must lie in −8...7")
        }
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        self.scales = scales
        var bytes = [UInt8](repeating: 0, count: outFeatures * Int(wh_q4_row_bytes(Int64(inFeatures))))
        codes.withUnsafeBufferPointer { c in
            bytes.withUnsafeMutableBufferPointer { wh_pack_q4(Int64(outFeatures), Int64(inFeatures), c.baseAddress!, $0.baseAddress!) }
        }
        packed = bytes
        let groups = inFeatures / g
        scaledRowSums = (0..<outFeatures).map { j in
            var total: Float = 0
            for gi in 0..<groups {
                let start = j * inFeatures + gi * g
                let sum = codes[start..<(start + g)].reduce(0) { $0 + Int($1) }
                total += scales[j * groups + gi] * Float(sum)
            }
            return total
        }
    }

    public var bytes: Int { packed.count + scales.count * 4 }
    public var kindName: String { "int4 groups of \(Int4Matrix.groupSize)" }

    public func apply(_ x: UnsafePointer<Float>, rows: Int, bias: UnsafePointer<Float>?,
                      into y: UnsafeMutablePointer<Float>, accumulate: Bool) {
        let k = inFeatures, n = outFeatures
        var dots = [Float](repeating: 0, count: Swift.min(rows, integerRowBlock) * n)
        forEachBlock(of: x, rows: rows, k: k) { first, count, q in
            dots.withUnsafeMutableBufferPointer { d in
                q.codes.withUnsafeBufferPointer { a in
                    packed.withUnsafeBufferPointer { p in
                        scales.withUnsafeBufferPointer { s in
                            wh_gemm_u7q4(Int64(count), Int64(n), Int64(k), a.baseAddress!, Int64(k), p.baseAddress!,
                                         s.baseAddress!, d.baseAddress!, Int64(n))
                        }
                    }
                }
            }
            for i in 0..<count {
                let sx = q.scales[i], zx = Float(q.zeroPoints[i])
                for j in 0..<n {
                    storeOutput(sx * (dots[i * n + j] - zx * scaledRowSums[j]), j, bias: bias, into: y + (first + i) * n, accumulate: accumulate)
                }
            }
        }
    }

    /// The kernel's sums Σ_g s[j, g] · Σ_{p∈g} a[p] · q[j, p] for 7-bit activation codes of one
    /// row; `reference` runs the plain-C loop in the same order (tests check the two agree).
    public func dots(activationCodes a: [UInt8], reference: Bool = false) -> [Float] {
        precondition(a.count == inFeatures, "int4 matrix: \(a.count) activation codes for \(inFeatures) inputs")
        return a.withUnsafeBufferPointer { dots($0.baseAddress!, reference: reference) }
    }

    private func dots(_ a: UnsafePointer<UInt8>, reference: Bool = false) -> [Float] {
        let kernel = reference ? wh_gemv_u7q4_reference : wh_gemv_u7q4
        return [Float](unsafeUninitializedCapacity: outFeatures) { d, count in
            packed.withUnsafeBufferPointer { w in
                scales.withUnsafeBufferPointer { s in
                    kernel(Int64(outFeatures), Int64(inFeatures), a, w.baseAddress!, s.baseAddress!, d.baseAddress!)
                }
            }
            count = outFeatures
        }
    }
}
