import Foundation
import Testing
@testable import Compression
import NN
import TensorCore

extension SerializedModelTests {
@Suite struct QATAndBenchmarkTests {
    @Test func qatTrainsACopyThroughSTE() throws {
        let model = try mlp([8, 16, 3], seed: 2)
        let config = try QuantConfig(bits: 4, scheme: .symmetric, granularity: .perChannel(axis: 0))
        let qat = try #require(try prepareQAT(model, config: config) as? Sequential)
        #expect(qat.layers[0] is QATLinear && qat.layers[1] is ReLU)
        let x = try Tensor.randn([10, 8], seed: 3)
        // Forward equals the model with fake-quantized weights.
        let first = try #require(model.layers[0] as? Linear)
        let wq = try first.weight.value.fakeQuantized(config)
        let h = (try x.matmul(wq.transposed()) + (try #require(first.bias)).value).relu()
        let out = try predict(qat, x)
        let second = try #require(model.layers[2] as? Linear)
        let expected = try h.matmul(try second.weight.value.fakeQuantized(config).transposed()) + (try #require(second.bias)).value
        expectClose(out.scalars, expected.scalars, rtol: 1e-5, atol: 1e-5, "qat forward")
        // Gradients reach the copy's Float32 weights; the original is left alone.
        let trained = try #require((qat.layers[0] as? QATLinear)?.linear)
        let before = first.weight.value.scalars
        let optimizer = try SGD(qat.parameters, learningRate: 0.1)
        try qat(x).pow(2).mean().backward()
        try optimizer.step()
        #expect(trained.weight.value.scalars != before)
        #expect(first.weight.value.scalars == before)
        #expect(qat.parameterCount == model.parameterCount)
        // The fake-quantized matrix is what the layer reports to the decoder and summaries.
        #expect(try (qat.layers[0] as! QATLinear).effectiveWeight().scalars == trained.weight.value.fakeQuantized(config).scalars)
    }

    @Test func sparseVsDenseTimingRuns() throws {
        let rows = try sparseVsDense(rows: 64, columns: 64, batch: 8, sparsities: [0, 0.9], runs: 3)
        #expect(rows.count == 2 && rows.allSatisfy { $0.dense > 0 && $0.sparse > 0 })
    }
}
}
