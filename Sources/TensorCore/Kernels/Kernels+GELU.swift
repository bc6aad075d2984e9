// GELU, tanh form (Hendrycks & Gimpel, 2016; GPT-2's "gelu_new"):
//   gelu(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
// and its derivative, for the autodiff primitive.

import CKernels

extension Kernels {
    /// √(2/π) as a Float literal (a stored static would be a lazy global read in the hot loop).
    public static var geluC: Float { 0.797_884_560_802_865_4 }

    /// gelu of one value: the formula, written once. fastTanh vectorises; glibc's tanhf was a
    /// third of a decode step.
    @inlinable @inline(__always)
    public static func gelu(_ v: Float) -> Float {
        0.5 * v * (1 + fastTanh(geluC * (v + 0.044715 * v * v * v)))
    }

    /// y = gelu(x) over n floats: CKernels' AVX2 transcription of `gelu`, bit for bit
    /// (FastMathTests compares every value). Swift's own eight-lane version compiled to
    /// half-width instructions and ran at 4 ns per value, the scalar loop at 2.3.
    public static func gelu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        wh_gelu(x, y, Int64(n))
    }

    /// x = gelu(x) over n floats in place (the decoder's MLP), by the same kernel.
    public static func gelu(inPlace x: UnsafeMutablePointer<Float>, count n: Int) {
        wh_gelu(x, x, Int64(n))
    }

    /// d gelu / dx at each of n inputs: ½(1 + t) + ½·x·(1 − t²)·c·(1 + 3·0.044715·x²), t = tanh(c(x + 0.044715x³)).
    @inlinable
    public static func geluDerivative(_ x: UnsafePointer<Float>, _ d: UnsafeMutablePointer<Float>, count n: Int) {
        let c = geluC
        for i in 0..<n {
            let v = x[i]
            let t = fastTanh(c * (v + 0.044715 * v * v * v))
            d[i] = 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * 0.044715 * v * v)
        }
    }
}
