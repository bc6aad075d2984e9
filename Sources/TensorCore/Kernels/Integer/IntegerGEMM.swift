// INT8 × INT8 → INT32 matrix products and dynamic per-token activation quantization: the
// Swift face of Sources/CKernels (VNNI vpdpbusd or AVX2 vpmaddubsw/vpmaddwd, chosen at run time;
// a portable loop elsewhere).
// Integer sums are exact, so every CPU, kernel and thread count gives the same bits.
import CKernels

/// Exact integer matrix products over 7-bit activation codes and 8-bit weight codes.
public enum IntegerGEMM {
    /// The instructions the INT8 GEMM uses on this CPU: "avx512-vnni", "avx-vnni", "avx2" or
    /// "portable" (a VNNI set only after it matched the portable loop at first use).
    public static var kernelName: String { String(cString: wh_integer_kernel_name()) }

    /// Largest activation code: vpmaddubsw adds two u8·s8 products into int16 with saturation,
    /// and 2·127·128 = 32512 is the largest pair that cannot saturate.
    public static let activationCodeMax = 127

    /// c[i, j] = Σₚ a[i, p] · b[j, p] (both operands keep k contiguous: B is a Linear weight
    /// [out, in]). Rows of C are split over `TensorCore.threads`; integer sums make the split
    /// invisible in the result.
    public static func multiply(m: Int, n: Int, k: Int, _ a: UnsafePointer<UInt8>, lda: Int,
                                _ b: UnsafePointer<Int8>, ldb: Int, _ c: UnsafeMutablePointer<Int32>, ldc: Int) {
        // Threads only for large products, and at least one 48-row panel each.
        let parts = m * n * k >= parallelMultiplyAdds ? Swift.min(TensorCore.threadCount, m / 48) : 1
        parallelChunks(m, threads: parts, minimum: 0) { rows in
            wh_gemm_u7s8s32(Int64(rows.count), Int64(n), Int64(k), a + rows.lowerBound * lda, Int64(lda),
                            b, Int64(ldb), c + rows.lowerBound * ldc, Int64(ldc))
        }
    }

    /// Quantizes `rows` rows of x to 7-bit codes with one scale and zero point per row (dynamic
    /// per-token quantization; the formulas are those of PyTorch's MinMaxObserver for quint8 with
    /// reduce_range: s = (max' − min')/127, z = −round(min'/s), q = clamp(round(x/s) + z, 0, 127)).
    public static func quantizeRows(_ x: UnsafePointer<Float>, rows: Int, k: Int, ldx: Int,
                                    codes: UnsafeMutablePointer<UInt8>, ldq: Int,
                                    scales: UnsafeMutablePointer<Float>, zeroPoints: UnsafeMutablePointer<Int32>) {
        wh_quantize_rows_u7(Int64(rows), Int64(k), x, Int64(ldx), codes, Int64(ldq), scales, zeroPoints)
    }
}

extension Tensor {
    /// The exact integer product a · bᵀ of 7-bit activation codes a [m, k] (uint8, 0...127) and
    /// weight codes b [n, k] (int8): an int32 tensor [m, n].
    /// - Throws: for other dtypes or shapes, or an activation code above 127.
    public static func integerMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.dtype == .uint8, b.dtype == .int8, a.rank == 2, b.rank == 2 else {
            throw TensorError.argument("integer matmul: needs uint8 activations [m, k] and int8 weights [n, k], got \(a.dtype) \(shapeText(a.shape)) and \(b.dtype) \(shapeText(b.shape))")
        }
        guard a.shape[1] == b.shape[1] else {
            throw TensorError.shape("integer matmul: activations \(shapeText(a.shape)) and weights \(shapeText(b.shape)) need the same k (the last axis of both)")
        }
        let m = a.shape[0], n = b.shape[0], k = a.shape[1]
        let ac = a.contiguous(), bc = b.contiguous()
        let ap = ac.storage.raw.assumingMemoryBound(to: UInt8.self) + ac.offset
        if let top = (0..<(m * k)).first(where: { ap[$0] > UInt8(IntegerGEMM.activationCodeMax) }) {
            throw TensorError.argument("integer matmul: activation code \(ap[top]) at [\(top / k), \(top % k)] is above 127; "
                + "AVX2's vpmaddubsw would saturate (quantize activations with 7 bits: reduce_range)")
        }
        let out = try Tensor(uninitialized: [m, n], dtype: .int32, op: "integer matmul")
        IntegerGEMM.multiply(m: m, n: n, k: k, ap, lda: k,
                             bc.storage.raw.assumingMemoryBound(to: Int8.self) + bc.offset, ldb: k,
                             out.storage.raw.assumingMemoryBound(to: Int32.self), ldc: n)
        return out
    }
}
