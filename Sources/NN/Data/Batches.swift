// Batches: one pass (epoch) over a dataset in mini-batches; the last, partial batch is kept
// (PyTorch's DataLoader with drop_last=False).
import TensorCore

/// An epoch of mini-batches, shuffled with a seed or in order.
public struct Batches: Sequence {
    public let dataset: Dataset
    public let batchSize: Int
    /// Sample order for this epoch.
    public let order: [Int]

    /// - Throws: when `batchSize` is not positive.
    public init(_ dataset: Dataset, batchSize: Int, shuffle: Bool = true, seed: UInt64 = 0) throws {
        guard batchSize > 0 else { throw NNError.argument("batches: batch size must be positive, got \(batchSize)") }
        self.dataset = dataset
        self.batchSize = batchSize
        if shuffle {
            var rng = WhittleRandom(seed: seed)
            order = try Tensor.permutation(dataset.count, using: &rng).scalars.map { Int($0) }
        } else {
            order = Array(0..<dataset.count)
        }
    }

    /// Number of batches, counting the last partial one.
    public var batchCount: Int { (dataset.count + batchSize - 1) / batchSize }

    /// One mini-batch.
    public struct Batch {
        /// Features of the batch's samples.
        public let features: Tensor
        /// Their targets.
        public let targets: Tensor
    }

    public struct Iterator: IteratorProtocol {
        let batches: Batches
        var start = 0

        public mutating func next() -> Batch? {
            guard start < batches.order.count else { return nil }
            let end = Swift.min(start + batches.batchSize, batches.order.count)
            let picks = Tensor(batches.order[start..<end].map(Float.init))
            start = end
            // Indices come from a permutation of 0..<count, so index_select cannot fail here.
            guard let x = try? batches.dataset.features.indexSelect(axis: 0, indices: picks),
                  let y = try? batches.dataset.targets.indexSelect(axis: 0, indices: picks) else { return nil }
            return Batch(features: x, targets: y)
        }
    }

    public func makeIterator() -> Iterator { Iterator(batches: self) }
}
