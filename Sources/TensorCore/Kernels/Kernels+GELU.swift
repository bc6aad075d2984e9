// GELU, tanh form (Hendrycks & Gimpel, 2016; GPT-2's "gelu_new"):
//   gelu(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
// and its derivative, for the autodiff primitive.

extension Kernels {
    /// √(2/π) as a Float literal (a stored static would be a lazy global read in the hot loop).
    public static var geluC: Float { 0.797_884_560_802_865_4 }

    /// gelu of one value: the formula, written once. fastTanh vectorises; glibc's tanhf was a
    /// third of a decode step.
    @inlinable @inline(__always)
    public static func gelu(_ v: Float) -> Float {
        0.5 * v * (1 + fastTanh(geluC * (v + 0.044715 * v * v * v)))
    }

    /// y = gelu(x) over n floats (distinct buffers).
    @inlinable
    public static func gelu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count n: Int) {
        for i in 0..<n { y[i] = gelu(x[i]) }
    }

    /// gelu of eight values, each lane bit-identical to the scalar `gelu`.
    @_transparent
    public static func gelu(_ v: SIMD8<Float>) -> SIMD8<Float> {
        0.5 * v * (1 + fastTanh(geluC * (v + 0.044715 * v * v * v)))
    }

    /// x = gelu(x) over n floats (the decoder's MLP calls this), eight lanes at a time: the
    /// scalar loop did not vectorise through fastTanh's branches and cost 2.3 ns per value.
    @inlinable
    public static func gelu(inPlace x: UnsafeMutablePointer<Float>, count n: Int) {
        var i = 0
        // Four vectors per step: each is a long dependent chain (exp, then a division), and
        // independent chains side by side let the core overlap them.
        while i + 32 <= n {
            let raw = UnsafeMutableRawPointer(x + i)
            let v0 = raw.loadUnaligned(as: SIMD8<Float>.self), v1 = raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            let v2 = raw.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self), v3 = raw.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
            let g0 = gelu(v0), g1 = gelu(v1), g2 = gelu(v2), g3 = gelu(v3)
            raw.storeBytes(of: g0, as: SIMD8<Float>.self)
            raw.storeBytes(of: g1, toByteOffset: 32, as: SIMD8<Float>.self)
            raw.storeBytes(of: g2, toByteOffset: 64, as: SIMD8<Float>.self)
            raw.storeBytes(of: g3, toByteOffset: 96, as: SIMD8<Float>.self)
            i += 32
        }
        while i + 8 <= n {
            let raw = UnsafeMutableRawPointer(x + i)
            raw.storeBytes(of: gelu(raw.loadUnaligned(as: SIMD8<Float>.self)), as: SIMD8<Float>.self)
            i += 8
        }
        while i < n { x[i] = gelu(x[i]); i += 1 }
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
