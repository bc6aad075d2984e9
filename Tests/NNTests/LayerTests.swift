import Testing
import TensorCore
@testable import NN

@Suite struct LayerTests {
    @Test func linearMatchesNumpyOn2DAnd3DInput() throws {
        let layer = try Linear(5, 3, seed: 0)
        layer.weight.value = Fixture.tensor("linear", "w")
        layer.bias?.value = Fixture.tensor("linear", "b")
        #expect(maxDifference(try layer(Fixture.tensor("linear", "x")).value, Fixture.tensor("linear", "y")) < 1e-5)
        #expect(maxDifference(try layer(Fixture.tensor("linear", "x3")).value, Fixture.tensor("linear", "y3")) < 1e-5)
    }

    @Test func linearInitIsPyTorchsUniformBoundAndSeeded() throws {
        let a = try Linear(16, 8, seed: 3), b = try Linear(16, 8, seed: 3), c = try Linear(16, 8, seed: 4)
        #expect(a.weight.value.scalars == b.weight.value.scalars)
        #expect(a.weight.value.scalars != c.weight.value.scalars)
        let bound: Float = 0.25  // 1/√16
        #expect(a.weight.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(a.bias!.value.scalars.allSatisfy { abs($0) <= bound })
        #expect(a.weight.value.scalars.map(abs).max()! > 0.2)  // spans the range, not a smaller one
    }

    @Test func linearRejectsWrongInputWidth() throws {
        let layer = try Linear(5, 3, seed: 0)
        #expect(throws: NNError.self) { try layer(try Tensor.zeros([2, 4])) }
    }

    @Test func layerNormMatchesNumpy() throws {
        let norm = try LayerNorm(6)
        norm.weight.value = Fixture.tensor("layer_norm", "weight")
        norm.bias.value = Fixture.tensor("layer_norm", "bias")
        #expect(maxDifference(try norm(Fixture.tensor("layer_norm", "x")).value, Fixture.tensor("layer_norm", "y")) < 1e-4)
    }

    @Test func geluAndReluMatchFormulas() throws {
        let x = Fixture.tensor("gelu", "x")
        #expect(maxDifference(try GELU()(x).value, Fixture.tensor("gelu", "y")) < 1e-5)
        #expect(try ReLU()(x).value.scalars == x.scalars.map { max($0, 0) })
    }

    @Test func embeddingLooksUpRows() throws {
        let embedding = try Embedding(7, 4, seed: 0)
        embedding.weight.value = Fixture.tensor("embedding", "table")
        let y = try embedding(Fixture.tensor("embedding", "ids")).value
        #expect(y.shape == [2, 3, 4])
        #expect(maxDifference(y, Fixture.tensor("embedding", "y")) == 0)
        #expect(throws: NNError.self) { try embedding(Tensor([7])) }
    }

    func fixtureAttention() throws -> CausalSelfAttention {
        let attention = try CausalSelfAttention(dim: 8, heads: 2, seed: 0)
        attention.parameter(named: "qkv.weight")!.value = Fixture.tensor("attention", "qkv_w")
        attention.parameter(named: "qkv.bias")!.value = Fixture.tensor("attention", "qkv_b")
        attention.parameter(named: "proj.weight")!.value = Fixture.tensor("attention", "proj_w")
        attention.parameter(named: "proj.bias")!.value = Fixture.tensor("attention", "proj_b")
        return attention
    }

    @Test func causalSelfAttentionMatchesNumpy() throws {
        let attention = try fixtureAttention()
        _ = try attention(Fixture.tensor("attention", "x"))
        #expect(attention.lastWeights.map { _ in true } == nil, "kept only on request")
        attention.recordsWeights = true
        let y = try attention(Fixture.tensor("attention", "x")).value
        #expect(maxDifference(y, Fixture.tensor("attention", "y")) < 1e-4)
        #expect(maxDifference(try #require(attention.lastWeights), Fixture.tensor("attention", "weights")) < 1e-5)
    }

    @Test func attentionIsCausal() throws {
        // Changing the last token must not change earlier outputs.
        let attention = try CausalSelfAttention(dim: 8, heads: 2, seed: 5)
        var x = try Tensor.randn([1, 5, 8], seed: 1)
        let before = try attention(x).value
        for c in 0..<8 { x[0, 4, c] = 100 }
        let after = try attention(x).value
        #expect(maxDifference(try before.slice(axis: 1, end: 4), try after.slice(axis: 1, end: 4)) < 1e-6)
        #expect(maxDifference(try before.slice(axis: 1, start: 4), try after.slice(axis: 1, start: 4)) > 1e-3)
    }

    @Test func headMaskRemovesAHead() throws {
        let attention = try fixtureAttention()
        let x = Fixture.tensor("attention", "x")
        attention.headMask = Tensor([1, 0])
        let masked = try attention(x).value
        // Zeroing head 1's slice of V has the same effect as gating head 1 off.
        var qkvW = Fixture.tensor("attention", "qkv_w"), qkvB = Fixture.tensor("attention", "qkv_b")
        for row in 20..<24 {
            qkvB[row] = 0
            for c in 0..<8 { qkvW[row, c] = 0 }
        }
        attention.headMask = nil
        attention.parameter(named: "qkv.weight")!.value = qkvW
        attention.parameter(named: "qkv.bias")!.value = qkvB
        #expect(maxDifference(masked, try attention(x).value) < 1e-5)
    }

    @Test func preLNBlockMatchesNumpy() throws {
        var rng = WhittleRandom(seed: 0)
        let block = try Block(dim: 8, heads: 2, mlpRatio: 2, using: &rng)
        let attention = try fixtureAttention()
        for (name, parameter) in attention.namedParameters() {
            try #require(block.parameter(named: "attn." + name)).value = parameter.value
        }
        let names = ["ln1.weight": "ln1_w", "ln1.bias": "ln1_b", "ln2.weight": "ln2_w", "ln2.bias": "ln2_b",
                     "mlp.fc1.weight": "fc1_w", "mlp.fc1.bias": "fc1_b", "mlp.fc2.weight": "fc2_w", "mlp.fc2.bias": "fc2_b"]
        for (path, key) in names { try #require(block.parameter(named: path)).value = Fixture.tensor("block", key) }
        let y = try block(Fixture.tensor("attention", "x")).value
        #expect(maxDifference(y, Fixture.tensor("block", "y")) < 1e-4)
    }

    @Test func dropoutIsSeededInvertedAndOffInEval() throws {
        let x = try Tensor.ones([1000])
        let a = try Dropout(0.25, seed: 9), b = try Dropout(0.25, seed: 9)
        let ya = try a(x).value, yb = try b(x).value
        #expect(ya.scalars == yb.scalars)
        #expect(Set(ya.scalars) == [0, Float(1) / 0.75])
        let kept = ya.scalars.filter { $0 > 0 }.count
        #expect(kept > 700 && kept < 800)
        a.eval()
        #expect(try a(x).value.scalars == x.scalars)
    }

    @Test func mlpBuilderMakesTheLayersAsked() throws {
        let model = try mlp([64, 128, 10], activation: "relu", seed: 0)
        #expect(model.layers.map(\.summaryName) == ["Linear(64 → 128)", "ReLU", "Linear(128 → 10)"])
        #expect(model.parameterCount == 64 * 128 + 128 + 128 * 10 + 10)
        #expect(throws: NNError.self) { try mlp([4, 2], activation: "swish") }
        #expect(throws: NNError.self) { try mlp([4]) }
    }
}

@Suite struct LinearFromTensorsTests {
    @Test func linearFromGivenTensorsChecksShapes() throws {
        let layer = try Linear(weight: Fixture.tensor("linear", "w"), bias: Fixture.tensor("linear", "b"))
        #expect(layer.inFeatures == 5 && layer.outFeatures == 3)
        #expect(maxDifference(try layer(Fixture.tensor("linear", "x")).value, Fixture.tensor("linear", "y")) < 1e-5)
        #expect(throws: NNError.self) { try Linear(weight: Fixture.tensor("linear", "w"), bias: Tensor([1, 2])) }
    }
}
