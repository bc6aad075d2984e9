// Random tensors: every function takes a generator (or a seed), so results are reproducible.

extension Tensor {
    /// Standard-normal values (times `std`, plus `mean`) from `rng`.
    public static func randn(_ shape: [Int], mean: Float = 0, std: Float = 1,
                             using rng: inout WhittleRandom) throws -> Tensor {
        let out = try Tensor(uninitialized: shape, op: "randn")
        let o = out.storage.floats
        for i in 0..<out.count { o[i] = mean + std * rng.normal() }
        return out
    }

    /// Standard-normal values from a fresh generator seeded with `seed`.
    public static func randn(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var rng = WhittleRandom(seed: seed)
        return try randn(shape, using: &rng)
    }

    /// Uniform values in [low, high) from `rng`.
    public static func rand(_ shape: [Int], low: Float = 0, high: Float = 1,
                            using rng: inout WhittleRandom) throws -> Tensor {
        let out = try Tensor(uninitialized: shape, op: "rand")
        let o = out.storage.floats
        for i in 0..<out.count { o[i] = low + (high - low) * rng.uniform() }
        return out
    }

    /// Uniform values in [0, 1) from a fresh generator seeded with `seed`.
    public static func rand(_ shape: [Int], seed: UInt64) throws -> Tensor {
        var rng = WhittleRandom(seed: seed)
        return try rand(shape, using: &rng)
    }

    /// Integers uniform in low..<high, stored as Float32.
    public static func randint(_ low: Int, _ high: Int, shape: [Int], using rng: inout WhittleRandom) throws -> Tensor {
        guard high > low else { throw TensorError.argument("randint: high (\(high)) must exceed low (\(low))") }
        let out = try Tensor(uninitialized: shape, op: "randint")
        let o = out.storage.floats
        for i in 0..<out.count { o[i] = Float(rng.int(in: low..<high)) }
        return out
    }

    /// A random permutation of 0..<n (Fisher–Yates), as Float32.
    public static func permutation(_ n: Int, using rng: inout WhittleRandom) throws -> Tensor {
        let out = try arange(n)
        let o = out.storage.floats
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = rng.int(in: 0..<(i + 1))
                let t = o[i]
                o[i] = o[j]
                o[j] = t
            }
        }
        return out
    }

    /// Inverted-dropout mask: 0 with probability `p`, else 1/(1-p), so the mean is unchanged.
    public static func dropoutMask(_ shape: [Int], p: Float, using rng: inout WhittleRandom) throws -> Tensor {
        guard p >= 0, p < 1 else { throw TensorError.argument("dropout: p must be in [0, 1), got \(p)") }
        let out = try Tensor(uninitialized: shape, op: "dropout")
        let o = out.storage.floats
        let keep = 1 / (1 - p)
        for i in 0..<out.count { o[i] = rng.uniform() < p ? 0 : keep }
        return out
    }

    /// Xavier/Glorot uniform init: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)).
    public static func xavierUniform(_ shape: [Int], fanIn: Int, fanOut: Int, gain: Float = 1,
                                     using rng: inout WhittleRandom) throws -> Tensor {
        let a = gain * (6 / Float(fanIn + fanOut)).squareRoot()
        return try rand(shape, low: -a, high: a, using: &rng)
    }

    /// Kaiming/He normal init for ReLU layers: N(0, 2 / fanIn).
    public static func kaimingNormal(_ shape: [Int], fanIn: Int, using rng: inout WhittleRandom) throws -> Tensor {
        try randn(shape, std: (2 / Float(Swift.max(fanIn, 1))).squareRoot(), using: &rng)
    }
}
