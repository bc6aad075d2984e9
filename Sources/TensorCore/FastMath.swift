// Branch-free exp and tanh for Float32, so loops over them vectorise (glibc's expf/tanhf are
// scalar calls). Both follow Cephes (S. Moshier): Cody–Waite range reduction with a split ln 2,
// then a minimax polynomial; maximum error about 2 ulp, checked against numpy in the tests.

/// e^x. Overflows to inf above ~88.72, underflows through subnormals to 0, NaN stays NaN.
///
/// Public and inlinable so that other modules' hot loops (the LM decoder's GELU) vectorise too.
@inlinable @inline(__always)
public func fastExp(_ x: Float) -> Float {
    let xc = x.isNaN ? 0 : Swift.min(Swift.max(x, -104), 88.8)  // NaN is restored at the end
    let n = (xc * 1.442_695_04).rounded(.toNearestOrEven)
    // r = x - n ln2, with ln2 split in a high part exact in Float and a low correction.
    let r = (xc - n * 0.693_359_375) + n * 2.121_944_4e-4
    let r2 = r * r
    var p: Float = 1.987_569_150_0e-4
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    let e = p * r2 + r + 1
    // 2^n as two factors so n from -150 to 254 never leaves the exponent range of one factor.
    let ni = Int32(n)
    let n1 = ni >> 1
    let n2 = ni - n1
    let s1 = Float(bitPattern: UInt32(bitPattern: (n1 + 127) << 23))
    let s2 = Float(bitPattern: UInt32(bitPattern: (n2 + 127) << 23))
    let result = e * s1 * s2
    return x.isNaN ? x : result
}

/// tanh(x): a polynomial for |x| < 0.625 (keeps relative accuracy near 0), else
/// 1 - 2 / (e^{2|x|} + 1) with the sign restored.
@inlinable @inline(__always)
public func fastTanh(_ x: Float) -> Float {
    let ax = Swift.abs(x)
    let z = x * x
    var p: Float = -5.704_988_727_45e-3
    p = p * z + 2.063_908_879_54e-2
    p = p * z - 5.373_971_555_31e-2
    p = p * z + 1.333_144_220_36e-1
    p = p * z - 3.333_328_194_22e-1
    let small = x + x * z * p
    let e = fastExp(2 * Swift.min(ax, 10))
    let large = 1 - 2 / (e + 1)
    let signed = x < 0 ? -large : large
    return ax < 0.625 ? small : (x.isNaN ? x : signed)
}

/// e^x for eight lanes at once: the same steps as the scalar `fastExp`, so every lane is
/// bit-identical to it (FastMathTests checks), written on SIMD8 so that a loop can fuse the
/// exponential with a sum (softmax) and still run in vector registers. Only operations that
/// lower to single vector instructions are used (the generic `rounded` and integer
/// conversions of SIMD types become per-lane calls, measured 14× slower).
// @_transparent, not @inline(__always): the optimiser declined the latter in a hot loop and
// left a call per eight lanes (measured with perf).
@_transparent
public func fastExp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let nan = x .!= x
    // The clamp as masked replacements: pointwiseMin/Max are out-of-line calls.
    var xc = x.replacing(with: 0, where: nan)
    xc.replace(with: -104, where: xc .< -104)
    xc.replace(with: 88.8, where: xc .> 88.8)
    // Round to nearest even by adding and subtracting 1.5·2^23: exact for |v| < 2^22, and the
    // integer then sits in the low mantissa bits of the biased sum.
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let biased = xc * 1.442_695_04 + magic
    let n = biased - magic
    let r = (xc - n * 0.693_359_375) + n * 2.121_944_4e-4
    let r2 = r * r
    var p = SIMD8<Float>(repeating: 1.987_569_150_0e-4)
    p = p * r + 1.398_199_950_7e-3
    p = p * r + 8.333_451_907_3e-3
    p = p * r + 4.166_579_589_4e-2
    p = p * r + 1.666_666_545_9e-1
    p = p * r + 5.000_000_120_1e-1
    let e = p * r2 + r + 1
    let ni = unsafeBitCast(biased, to: SIMD8<Int32>.self) &- unsafeBitCast(magic, to: SIMD8<Int32>.self)
    let n1 = ni &>> 1
    let n2 = ni &- n1
    let s1 = unsafeBitCast((n1 &+ 127) &<< 23, to: SIMD8<Float>.self)
    let s2 = unsafeBitCast((n2 &+ 127) &<< 23, to: SIMD8<Float>.self)
    return (e * s1 * s2).replacing(with: x, where: nan)
}
