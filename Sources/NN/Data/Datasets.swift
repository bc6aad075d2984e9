// Synthetic datasets, each fixed by its seed (same seed → same tensors, on every platform).
import Foundation
import TensorCore

/// Small synthetic classification datasets for lessons.
public enum Datasets {
    /// Interleaved spirals in 2-D (CS231n's toy set): class c has radius r = linspace(0, 1) and
    /// angle θ = linspace(4c, 4(c+1)) + noise·N(0, 1); the point is (r·sin θ, r·cos θ).
    /// - Parameters:
    ///   - n: total samples, spread evenly over the classes (earlier classes get the remainder).
    ///   - classes: number of arms.
    ///   - noise: standard deviation of the angle noise (0.2 in CS231n).
    public static func spirals(n: Int = 300, classes: Int = 3, noise: Float = 0.2, seed: UInt64 = 0) throws -> Dataset {
        guard n >= classes, classes >= 2 else {
            throw NNError.argument("spirals: needs at least 2 classes and a sample per class, got n \(n), classes \(classes)")
        }
        var rng = WhittleRandom(seed: seed)
        var points: [Float] = [], labels: [Float] = []
        for c in 0..<classes {
            let m = n / classes + (c < n % classes ? 1 : 0)
            for i in 0..<m {
                let t = m > 1 ? Float(i) / Float(m - 1) : 0
                let angle = 4 * (Float(c) + t) + noise * rng.normal()
                points += [t * Foundation.sin(angle), t * Foundation.cos(angle)]
                labels.append(Float(c))
            }
        }
        return try Dataset(features: Tensor(shape: [n, 2], scalars: points), targets: Tensor(labels), classCount: classes)
    }

    /// Gaussian blobs (sklearn's make_blobs): class centres uniform in [-10, 10]^features, samples
    /// centre + spread·N(0, I).
    public static func blobs(n: Int = 300, classes: Int = 3, features: Int = 2, spread: Float = 1,
                             seed: UInt64 = 0) throws -> Dataset {
        guard n >= classes, classes >= 1, features >= 1, spread >= 0 else {
            throw NNError.argument("blobs: needs n ≥ classes ≥ 1, features ≥ 1 and spread ≥ 0")
        }
        var rng = WhittleRandom(seed: seed)
        let centres = (0..<(classes * features)).map { _ in -10 + 20 * rng.uniform() }
        var points: [Float] = [], labels: [Float] = []
        for i in 0..<n {
            let c = i % classes
            for f in 0..<features { points.append(centres[c * features + f] + spread * rng.normal()) }
            labels.append(Float(c))
        }
        return try Dataset(features: Tensor(shape: [n, features], scalars: points), targets: Tensor(labels), classCount: classes)
    }
}
