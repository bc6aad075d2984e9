// QuantConfig: what a quantizer does, in PyTorch's terms (torch.ao.quantization observers).
//
//     let c = QuantConfig(bits: 8, signed: true, scheme: .symmetric, granularity: .perChannel(axis: 0))
//     c.qmin, c.qmax          // -128, 127
import Foundation
import TensorCore

/// How real values map to integers.
public enum QuantScheme: String, Sendable, CaseIterable {
    /// x ≈ (q − z)·s with a zero point z chosen so the range [min', max'] fills [qmin, qmax].
    case affine
    /// x ≈ (q − z)·s with z fixed (0 signed, the midpoint unsigned) and a range symmetric about 0.
    case symmetric
}

/// Which elements share one scale and zero point.
public enum QuantGranularity: Equatable, Sendable, CustomStringConvertible {
    /// One scale for the whole tensor.
    case perTensor
    /// One scale per index along `axis` (negative counts from the end); PyTorch's `ch_axis`.
    case perChannel(axis: Int)
    /// One scale per `size` consecutive elements along the last axis (GPTQ/AWQ/MLX "group size").
    case perGroup(size: Int)

    public var description: String {
        switch self {
        case .perTensor: return "per-tensor"
        case .perChannel(let axis): return "per-channel(axis \(axis))"
        case .perGroup(let size): return "per-group(\(size))"
        }
    }
}

/// A quantizer's settings: bit width, signedness, scheme and granularity.
public struct QuantConfig: Equatable, Sendable {
    /// Bit width, 2...8.
    public let bits: Int
    /// Signed codes [−2^(b−1), 2^(b−1)−1] or unsigned [0, 2^b − 1].
    public let signed: Bool
    public let scheme: QuantScheme
    public let granularity: QuantGranularity
    /// PyTorch's `reduce_range`: use one bit less (e.g. [0, 127] for quint8), a workaround
    /// for the int16 accumulator overflow of x86's vpmaddubsw.
    public let reduceRange: Bool

    /// - Throws: if `bits` is outside 2...8, or a group size is not positive.
    public init(bits: Int = 8, signed: Bool = true, scheme: QuantScheme = .affine,
                granularity: QuantGranularity = .perTensor, reduceRange: Bool = false) throws {
        guard (2...8).contains(bits) else {
            throw CompressionError.argument("quantize: bits must be in 2...8, got \(bits)")
        }
        guard !(reduceRange && bits == 2) else {
            throw CompressionError.argument("quantize: reduce_range needs at least 3 bits")
        }
        if case .perGroup(let size) = granularity, size <= 0 {
            throw CompressionError.argument("quantize: group size must be positive, got \(size)")
        }
        self.bits = bits
        self.signed = signed
        self.scheme = scheme
        self.granularity = granularity
        self.reduceRange = reduceRange
    }

    /// Bits actually used for the code range (one less with `reduceRange`).
    public var effectiveBits: Int { reduceRange ? bits - 1 : bits }

    /// Smallest code.
    public var qmin: Int { signed ? -(1 << (effectiveBits - 1)) : 0 }
    /// Largest code.
    public var qmax: Int { signed ? (1 << (effectiveBits - 1)) - 1 : (1 << effectiveBits) - 1 }

    /// PyTorch's scale floor: torch.finfo(torch.float32).eps.
    public static let scaleFloor: Float = Float.ulpOfOne

    /// Scale and zero point from an observed range, exactly as PyTorch's `_calculate_qparams`:
    /// min' = min(min, 0), max' = max(max, 0);
    /// affine: s = (max' − min')/(qmax − qmin), z = clamp(qmin − round(min'/s), qmin, qmax);
    /// symmetric: s = max(−min', max')/((qmax − qmin)/2), z = 0 (signed) or, unsigned, 128 at 8 bits
    /// and ⌊(qmin+qmax)/2⌋ for a narrower range (PyTorch's observers: the fixed 128 of quint8, the
    /// floor division of a customised quant range). With `reduceRange` PyTorch keeps 128, outside
    /// the reduced range [0, 127]; here the floor midpoint 63 keeps 0.0 representable instead.
    /// s is floored at float32 eps. Rounding is half to even.
    public func parameters(min lows: [Float], max highs: [Float]) -> (scale: [Float], zeroPoint: [Int]) {
        var scales = [Float](repeating: 1, count: lows.count)
        var zeros = [Int](repeating: 0, count: lows.count)
        let span = Float(qmax - qmin)
        for i in 0..<lows.count {
            let lo = Swift.min(lows[i], 0), hi = Swift.max(highs[i], 0)
            switch scheme {
            case .symmetric:
                let amax = Swift.max(-lo, hi)
                scales[i] = Swift.max(amax / (span / 2), QuantConfig.scaleFloor)
                zeros[i] = signed ? 0 : (effectiveBits == 8 ? 128 : (qmin + qmax) / 2)
            case .affine:
                let s = Swift.max((hi - lo) / span, QuantConfig.scaleFloor)
                scales[i] = s
                let z = qmin - Int((lo / s).rounded(.toNearestOrEven))
                zeros[i] = Swift.min(Swift.max(z, qmin), qmax)
            }
        }
        return (scales, zeros)
    }

    /// q = clamp(round(x/s) + z, qmin, qmax), round half to even (torch.round / nearbyint).
    @inline(__always)
    public func code(_ x: Float, scale: Float, zeroPoint: Int) -> Int {
        let r = (x / scale).rounded(.toNearestOrEven)
        guard r.isFinite else { return r > 0 ? qmax : (r < 0 ? qmin : zeroPoint) }
        let q = Int(Swift.max(Swift.min(r, 1e9), -1e9)) + zeroPoint
        return Swift.min(Swift.max(q, qmin), qmax)
    }
}
