import Testing
import TensorCore
@testable import NN

@Suite struct DatasetTests {
    @Test func datasetsAreDeterministicBySeed() throws {
        #expect(try Datasets.digits(n: 50, seed: 1).features.scalars == Datasets.digits(n: 50, seed: 1).features.scalars)
        #expect(try Datasets.digits(n: 50, seed: 1).features.scalars != Datasets.digits(n: 50, seed: 2).features.scalars)
        #expect(try Datasets.spirals(n: 90, seed: 3).features.scalars == Datasets.spirals(n: 90, seed: 3).features.scalars)
        #expect(try Datasets.blobs(n: 60, seed: 4).features.scalars == Datasets.blobs(n: 60, seed: 4).features.scalars)
    }

    @Test func digitsHaveTheDocumentedShapeRangeAndLabels() throws {
        let data = try Datasets.digits(n: 200, seed: 0)
        #expect(data.features.shape == [200, 64])
        #expect(data.classCount == 10)
        #expect(data.features.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(Array(data.targets.scalars.prefix(12)) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1])
        // Noise-free samples are the template scaled and shifted by at most one pixel.
        let clean = try Datasets.digits(n: 10, noise: 0, seed: 5)
        for digit in 0..<10 {
            let ink = try clean.features.select(axis: 0, index: digit).scalars.reduce(0, +)
            let templateInk = try Datasets.digitTemplate(digit).scalars.reduce(0, +)
            #expect(ink >= 0.5 * templateInk - 1e-4 && ink <= templateInk + 1e-4)
        }
    }

    @Test func spiralsAndBlobsHaveBalancedClasses() throws {
        let spirals = try Datasets.spirals(n: 100, classes: 3, seed: 0)
        #expect(spirals.features.shape == [100, 2])
        #expect(spirals.targets.scalars.filter { $0 == 0 }.count == 34)
        let blobs = try Datasets.blobs(n: 90, classes: 3, features: 5, seed: 0)
        #expect(blobs.features.shape == [90, 5])
        #expect(blobs.targets.scalars.filter { $0 == 2 }.count == 30)
    }

    @Test func trainTestSplitPartitionsTheSamples() throws {
        let data = try Datasets.blobs(n: 40, classes: 2, features: 1, seed: 0)
        let (train, test) = try data.trainTestSplit(fraction: 0.25, seed: 7)
        #expect(train.count == 30 && test.count == 10)
        let all = (train.features.scalars + test.features.scalars).sorted()
        #expect(all == data.features.scalars.sorted())
        #expect(throws: NNError.self) { try data.trainTestSplit(fraction: 1, seed: 0) }
    }

    @Test func batchesCoverEverySampleOnceAndKeepTheLastPartialBatch() throws {
        let data = try Datasets.blobs(n: 10, classes: 2, features: 1, seed: 0)
        let batches = try data.batches(size: 4, seed: 3)
        let sizes = batches.map { $0.features.shape[0] }
        #expect(sizes == [4, 4, 2] && batches.batchCount == 3)
        let seen = batches.flatMap { $0.features.scalars }.sorted()
        #expect(seen == data.features.scalars.sorted())
        let again = try data.batches(size: 4, seed: 3).flatMap { $0.targets.scalars }
        #expect(again == batches.flatMap { $0.targets.scalars })
        let ordered = try data.batches(size: 4, shuffle: false).flatMap { $0.features.scalars }
        #expect(ordered == data.features.scalars)
    }
}
