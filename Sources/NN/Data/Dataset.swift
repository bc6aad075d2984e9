// Dataset: features [N, F] and targets [N] (class indices) or [N, K] (regression), row-aligned.
import TensorCore

/// A labelled set of samples held in memory.
public struct Dataset {
    /// Inputs, one row per sample.
    public let features: Tensor
    /// Class indices [N] (as whole-number floats) or regression targets [N, K].
    public let targets: Tensor
    /// Number of classes for classification data; 0 for regression.
    public let classCount: Int

    /// - Throws: when the row counts differ or features are not at least 2-D.
    public init(features: Tensor, targets: Tensor, classCount: Int = 0) throws {
        guard features.rank >= 2, targets.rank >= 1, features.shape[0] == targets.shape[0] else {
            throw NNError.shape("dataset: features \(shapeText(features.shape)) and targets \(shapeText(targets.shape)) need the same number of rows")
        }
        self.features = features
        self.targets = targets
        self.classCount = classCount
    }

    /// Number of samples.
    public var count: Int { features.shape[0] }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int]) throws -> Dataset {
        let picks = Tensor(indices.map(Float.init))
        return try Dataset(features: features.indexSelect(axis: 0, indices: picks),
                           targets: targets.indexSelect(axis: 0, indices: picks), classCount: classCount)
    }

    /// A random split into train and test parts (sklearn's train_test_split, shuffled by `seed`).
    /// - Parameter fraction: share of samples in the test part, in (0, 1); at least one sample each.
    /// - Throws: on a fraction outside (0, 1) or fewer than two samples.
    public func trainTestSplit(fraction: Float = 0.25, seed: UInt64) throws -> (train: Dataset, test: Dataset) {
        guard fraction > 0, fraction < 1 else {
            throw NNError.argument("train_test_split: fraction must be in (0, 1), got \(fraction)")
        }
        guard count >= 2 else { throw NNError.argument("train_test_split: needs at least 2 samples, got \(count)") }
        var rng = WhittleRandom(seed: seed)
        let order = try Tensor.permutation(count, using: &rng).scalars.map { Int($0) }
        let testCount = min(max(1, Int((Float(count) * fraction).rounded(.up))), count - 1)
        return (try subset(Array(order[testCount...])), try subset(Array(order[..<testCount])))
    }

    /// Mini-batches over this dataset (see `Batches`).
    public func batches(size: Int, shuffle: Bool = true, seed: UInt64 = 0) throws -> Batches {
        try Batches(self, batchSize: size, shuffle: shuffle, seed: seed)
    }
}
