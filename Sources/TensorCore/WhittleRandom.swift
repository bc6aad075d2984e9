// The random number generator behind every random tensor.
import Foundation

/// xoshiro256** (Blackman & Vigna, 2018), seeded through SplitMix64.
///
/// State: four UInt64 words. Seeding: the 64-bit seed is fed to SplitMix64
/// (`z += 0x9E3779B97F4A7C15; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z ^= z >> 31`) four times to fill the state.
/// Output: `rotl(s1 * 5, 7) * 9`, then the xoshiro256 state transition. Only integer arithmetic
/// is involved, so the same seed gives the same numbers on every run and platform.
///
/// Derived draws: `uniform()` uses the top 24 bits (an exact Float in [0, 1));
/// `normal()` uses the Box–Muller transform in Double on two uniforms from the top 53 bits
/// (u1 in (0, 1]), returning both outputs in turn.
public struct WhittleRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64
    private var spareNormal: Double?

    /// A generator whose whole stream is fixed by `seed`.
    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var r = z
            r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
            r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
            return r ^ (r >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inline(__always)
    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A Float uniform in [0, 1) with 24 random bits.
    public mutating func uniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A Double uniform in [0, 1) with 53 random bits.
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A standard normal draw (Box–Muller; each pair of uniforms gives two normals).
    public mutating func normal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return Float(spare)
        }
        let u1 = 1.0 - uniformDouble()  // (0, 1]: log(u1) is finite
        let u2 = uniformDouble()
        let radius = (-2.0 * Foundation.log(u1)).squareRoot()
        let angle = 2.0 * Double.pi * u2
        spareNormal = radius * Foundation.sin(angle)
        return Float(radius * Foundation.cos(angle))
    }

    /// An integer uniform in `low..<high` without modulo bias (Lemire's multiply-shift with rejection).
    public mutating func int(in range: Range<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound)
        if span == 0 { return range.lowerBound }
        var m = next().multipliedFullWidth(by: span)
        if m.low < span {
            let threshold = (0 &- span) % span
            while m.low < threshold { m = next().multipliedFullWidth(by: span) }
        }
        return range.lowerBound + Int(m.high)
    }
}
