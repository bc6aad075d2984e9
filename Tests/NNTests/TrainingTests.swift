import Testing
import TensorCore
@testable import NN

@Suite struct TrainingTests {
    /// The lesson's reference number: an MLP [64, 64, 10] trained with Adam for 15 epochs on
    /// 1,500 noisy 8×8 digits classifies the 500 held-out digits with at least 95% accuracy (96.4% measured).
    @Test func mlpLearnsDigits() throws {
        let data = try Datasets.digits(n: 2000, noise: 0.2, seed: 1)
        let (train, test) = try data.trainTestSplit(fraction: 0.25, seed: 2)
        let model = try mlp([64, 64, 10], activation: "relu", seed: 3)
        let optimizer = try Adam(model.parameters, learningRate: 1e-2)
        var lines: [String] = []
        let clock = ContinuousClock()
        var last = clock.now
        let history = try fit(model, loss: .crossEntropy, optimizer: optimizer, data: train, epochs: 15,
                              batchSize: 32, seed: 4) { stats in
            let now = clock.now
            let seconds = Double((now - last).components.attoseconds) / 1e18 + Double((now - last).components.seconds)
            last = now
            lines.append("epoch \(stats.epoch) loss \(stats.loss) (\(Int(Double(train.count) / seconds)) samples/s)")
        }
        print("digits MLP:", lines.joined(separator: "; "))
        #expect(history.count == 15 && lines.count == 15)
        #expect(history[14].loss < history[0].loss)
        let (_, accuracy) = try evaluate(model, data: test)
        print("digits MLP test accuracy:", accuracy ?? .nan)
        #expect(try #require(accuracy) >= 0.95)
    }

    @Test func trainingIsReproducible() throws {
        func run() throws -> [Float] {
            let data = try Datasets.spirals(n: 90, seed: 0)
            let model = try mlp([2, 16, 3], seed: 1)
            let optimizer = try SGD(model.parameters, learningRate: 0.1, momentum: 0.9)
            return try fit(model, loss: .crossEntropy, optimizer: optimizer, data: data, epochs: 3, batchSize: 16, seed: 2).map(\.loss)
        }
        #expect(try run() == run())
    }

    @Test func regressionWithMSEHasNoAccuracy() throws {
        let x = try Tensor.randn([64, 3], seed: 0)
        let y = try x.matmul(try Tensor([[1], [-2], [0.5]]))
        let data = try Dataset(features: x, targets: y)
        let model = try Linear(3, 1, seed: 0)
        let history = try fit(model, loss: .mse, optimizer: try SGD(model.parameters, learningRate: 0.1),
                              data: data, epochs: 30, batchSize: 16)
        #expect(history.last?.accuracy == nil)
        #expect(try #require(history.last).loss < 1e-3)
        #expect(maxDifference(model.weight.value, try Tensor([[1, -2, 0.5]])) < 0.05)
    }
}
