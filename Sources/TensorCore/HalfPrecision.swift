// FP16 and BF16 rounding emulation: what a Float32 value becomes when stored in 16 bits (used by
// quantization lessons, the ggml formats and mixed-precision training).
//
// Both round to nearest, ties to even, on the bit pattern:
// - BF16 keeps Float32's 8-bit exponent and the top 7 mantissa bits: add 0x7FFF plus the lowest
//   kept bit to the 32-bit pattern and truncate the low 16 bits (the rounding used by PyTorch's
//   c10::BFloat16 and by TPUs). NaN stays NaN.
// - FP16 (IEEE binary16: 5-bit exponent, 10-bit mantissa, max 65504, subnormals down to 2^−24)
//   is rounded in software (`fp16BitsSoftware`): IEEE round-to-nearest-even, including overflow
//   to ±inf and gradual underflow.

/// 16-bit float formats a learner can compare.
public enum HalfFormat: String, Sendable, CaseIterable {
    case fp16, bf16

    /// x rounded to this format and widened back to Float32.
    public func round(_ x: Float) -> Float {
        switch self {
        case .fp16: return Float(halfBits: HalfFormat.fp16Bits(x))
        case .bf16: return Float(bitPattern: UInt32(HalfFormat.bf16Bits(x)) << 16)
        }
    }

    /// Round-to-nearest-even BF16 bit pattern of x.
    public static func bf16Bits(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        if x.isNaN { return UInt16(bits >> 16) | 0x0040 }  // keep it a (quiet) NaN
        let lsb = (bits >> 16) & 1
        return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ lsb) >> 16)
    }

    /// Round-to-nearest-even IEEE half bit pattern of x.
    public static func fp16Bits(_ x: Float) -> UInt16 {
        fp16BitsSoftware(x)
    }

    /// Bits per value.
    public var bits: Int { 16 }
}

extension Float {
    /// Widens an IEEE half bit pattern to Float32 (exact).
    public init(halfBits h: UInt16) {
        let sign: Float = (h >> 15) != 0 ? -1 : 1
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = Float(h & 0x3FF)
        if exponent == 0 { self = sign * mantissa * Float(sign: .plus, exponent: -24, significand: 1); return }
        if exponent == 31 { self = mantissa == 0 ? sign * .infinity : .nan; return }
        self = sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
    }
}

/// Float32 → half bits, round to nearest even, written out so it works on every platform
/// (Float16 is unavailable on macOS/x86). Works on the value: pick the exponent, scale the
/// significand to an integer of 11 bits (10 below the subnormal range), round half to even.
func fp16BitsSoftware(_ x: Float) -> UInt16 {
    let signBit: UInt16 = x.sign == .minus ? 0x8000 : 0
    let a = Swift.abs(x)
    if a.isNaN { return 0x7E00 }
    if a.isInfinite { return signBit | 0x7C00 }
    if a == 0 { return signBit }
    // Exponent of the half result, clamped to the subnormal exponent −14.
    let e = Swift.max(Int(a.exponent), -14)
    // Units of the last place: 2^(e − 10). Scaling by a power of two is exact in Float32.
    let scaled = a * Float(sign: .plus, exponent: 10 - e, significand: 1)  // in [1024, 2048) or below
    var m = Int(scaled.rounded(.toNearestOrEven))
    var exp = e
    if m == 2048 { m = 1024; exp += 1 }  // rounding carried into the next binade
    if exp > 15 { return signBit | 0x7C00 }
    if m < 1024 { return signBit | UInt16(m) }  // subnormal (exp == −14)
    return signBit | UInt16((exp + 15) << 10) | UInt16(m - 1024)
}

extension Tensor {
    /// Each element rounded to FP16 or BF16 (round to nearest even) and back to Float32.
    public func roundedTo(_ format: HalfFormat) -> Tensor { map { format.round($0) } }
}
