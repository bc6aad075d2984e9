import Testing
@testable import NN
import TensorCore

@Suite struct DataParallelTests {
    private func data() throws -> Dataset {
        try Dataset(features: try Tensor.randn([96, 8], seed: 1), targets: Tensor((0..<96).map { Float($0 % 3) }), classCount: 3)
    }

    private func train(workers: Int, accumulation: Int, optimizer: (any Module) throws -> any Optimizer) throws -> [[Float]] {
        let model = try mlp([8, 16, 3], seed: 2)
        _ = try fit(model, loss: .crossEntropy, optimizer: try optimizer(model), data: try data(), epochs: 2, batchSize: 32,
                    seed: 5, workers: workers, accumulation: accumulation)
        return model.parameters.map { $0.value.scalars }
    }

    @Test func workersEqualAccumulationBitForBitAndTheFullBatchWithinRounding() throws {
        let sgd: (any Module) throws -> any Optimizer = { try SGD($0.parameters, learningRate: 0.1) }
        let single = try train(workers: 1, accumulation: 1, optimizer: sgd)
        let parallel = try train(workers: 2, accumulation: 1, optimizer: sgd)
        let sequential = try train(workers: 1, accumulation: 2, optimizer: sgd)
        let mixed = try train(workers: 2, accumulation: 2, optimizer: sgd)
        #expect(parallel == sequential, "threads change nothing: shards are summed in a fixed order")
        for (a, b) in zip(single.joined(), mixed.joined()) { #expect(abs(a - b) < 1e-5) }
        for (a, b) in zip(single.joined(), parallel.joined()) { #expect(abs(a - b) < 1e-5) }
        #expect(throws: NNError.self) { try train(workers: 0, accumulation: 1, optimizer: sgd) }
    }
}
