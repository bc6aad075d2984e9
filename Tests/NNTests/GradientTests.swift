import Testing
import TensorCore
@testable import NN

/// Compares every parameter's autodiff gradient with central finite differences of `lossValue`.
/// Float32 forward passes limit the accuracy of differences, hence step 1e-2 and a relative check.
func checkGradients(of model: any Module, lossValue: () throws -> Variable, step: Float = 1e-2) throws -> Float {
    model.zeroGrad()
    try lossValue().backward()
    var worst: Float = 0
    for (_, parameter) in model.namedParameters() {
        let analytic = try #require(parameter.grad).scalars
        let original = parameter.value
        for i in 0..<original.count {
            var plus = original.scalars, minus = original.scalars
            plus[i] += step
            minus[i] -= step
            parameter.value = try Tensor(shape: original.shape, scalars: plus)
            let up = try lossValue().value.item()
            parameter.value = try Tensor(shape: original.shape, scalars: minus)
            let down = try lossValue().value.item()
            parameter.value = original
            let numeric = (up - down) / (2 * step)
            let error = abs(numeric - analytic[i]) / max(1e-2, abs(numeric) + abs(analytic[i]))
            worst = max(worst, error)
        }
    }
    return worst
}

@Suite struct GradientTests {
    @Test func linearWithCrossEntropyMatchesFiniteDifferences() throws {
        let model = try mlp([4, 5, 3], activation: "tanh", seed: 1)
        let x = try Tensor.randn([6, 4], seed: 2)
        let labels = Tensor([0, 1, 2, 2, 1, 0])
        let worst = try checkGradients(of: model) { try Losses.crossEntropy(logits: try model(x), labels: labels) }
        #expect(worst < 2e-2)
    }

    @Test func attentionMatchesFiniteDifferences() throws {
        let attention = try CausalSelfAttention(dim: 4, heads: 2, seed: 3)
        let x = try Tensor.randn([2, 3, 4], seed: 4)
        let target = try Tensor.randn([2, 3, 4], seed: 5)
        let worst = try checkGradients(of: attention) { try Losses.mse(try attention(x), target) }
        #expect(worst < 2e-2)
    }

    @Test func blockWithLayerNormAndGELUMatchesFiniteDifferences() throws {
        let block = try Block(dim: 4, heads: 2, mlpRatio: 2, seed: 6)
        let x = try Tensor.randn([1, 3, 4], seed: 7)
        let target = try Tensor.randn([1, 3, 4], seed: 8)
        let worst = try checkGradients(of: block) { try Losses.mse(try block(x), target) }
        #expect(worst < 3e-2)
    }

    @Test func embeddingWithRepeatedIdsMatchesFiniteDifferences() throws {
        let embedding = try Embedding(5, 3, seed: 9)
        let ids = try Tensor([[1, 4, 1], [0, 1, 4]])
        let target = try Tensor.randn([2, 3, 3], seed: 10)
        let worst = try checkGradients(of: embedding) { try Losses.mse(try embedding(ids), target) }
        #expect(worst < 2e-2)
    }

    @Test func gradientsAccumulateAcrossBackwardCallsUntilZeroed() throws {
        let layer = try Linear(3, 2, seed: 0)
        let x = try Tensor.randn([4, 3], seed: 1)
        try layer(x).sum().backward()
        let once = try #require(layer.weight.grad)
        try layer(x).sum().backward()
        #expect(maxDifference(try #require(layer.weight.grad), once * 2) < 1e-5)
        layer.zeroGrad()
        #expect(layer.weight.grad == nil)
    }
}
