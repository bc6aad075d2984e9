import Foundation
import Testing
import TensorCore
@testable import NN

@Suite struct ModuleTests {
    @Test func namedParametersUseDottedPaths() throws {
        let model = try mlp([4, 8, 2], seed: 0)
        #expect(model.namedParameters().map(\.0) == ["0.weight", "0.bias", "2.weight", "2.bias"])
        let block = try Block(dim: 8, heads: 2, seed: 0)
        let names = block.namedParameters().map(\.0)
        #expect(names.contains("attn.qkv.bias") && names.contains("mlp.fc2.weight") && names.contains("ln1.weight"))
        let stack = Sequential([block, try Block(dim: 8, heads: 2, seed: 1)])
        #expect(stack.parameter(named: "1.attn.qkv.weight")?.shape == [24, 8])
        #expect(stack.namedModules().map(\.0).contains("0.attn.proj"))
    }

    @Test func countsAndBytes() throws {
        let block = try Block(dim: 8, heads: 2, mlpRatio: 4, seed: 0)
        // ln 2·(8+8), qkv 8·24+24, proj 8·8+8, fc1 8·32+32, fc2 32·8+8
        let expected = 32 + 216 + 72 + 288 + 264
        #expect(block.parameterCount == expected)
        #expect(block.byteSize == expected * 4)
        let layer = try Linear(4, 4, seed: 0)
        layer.weight.value = layer.weight.value.astype(.int8)  // as quantized storage would
        #expect(layer.byteSize == 16 + 4 * 4)
        #expect(try layer(try Tensor.ones([1, 4])).shape == [1, 4])  // still runs on the stored values
    }

    @Test func trainAndEvalReachEverySubmodule() throws {
        let model = Sequential([try Linear(2, 2, seed: 0), try Dropout(0.5, seed: 0)])
        model.eval()
        #expect(model.namedModules().allSatisfy { !$0.1.isTraining })
        model.train()
        #expect(model.namedModules().allSatisfy { $0.1.isTraining })
    }

    @Test func flopsFollowTheStatedConvention() throws {
        let model = try mlp([64, 128, 10], seed: 0)
        #expect(try model.flops(inputShape: [3, 64]).total == 3 * 2 * (64 * 128 + 128 * 10))
        let block = try Block(dim: 8, heads: 2, mlpRatio: 4, seed: 0)
        let counter = try block.flops(inputShape: [1, 5, 8])
        let linear = 5 * 2 * (8 * 24 + 8 * 8 + 8 * 32 + 32 * 8)
        let attention = 2 * 2 * 2 * 5 * 5 * 4  // two products, 2 heads, T = 5, d = 4
        #expect(counter.byKind["Linear"] == linear && counter.byKind["attention"] == attention)
        #expect(block.isTraining)  // mode restored
    }

    @Test func saveAndLoadRoundTripAndRejectMismatches() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nn-\(UInt32.random(in: 0...UInt32.max)).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try mlp([4, 8, 2], seed: 1)
        try source.save(to: path)
        let target = try mlp([4, 8, 2], seed: 2)
        try target.load(from: path)
        for ((_, a), (_, b)) in zip(source.namedParameters(), target.namedParameters()) {
            #expect(a.value.scalars == b.value.scalars)
        }
        let wider = try mlp([4, 9, 2], seed: 3)
        #expect(throws: NNError.checkpoint("load: \"0.weight\" has shape [8, 4] in the checkpoint but [9, 4] in the model")) {
            try wider.load(from: path)
        }
        let deeper = try mlp([4, 8, 8, 2], seed: 3)
        #expect(throws: NNError.self) { try deeper.load(from: path) }
        let before = deeper.parameters.map(\.value.scalars)
        #expect(deeper.parameters.map(\.value.scalars) == before)  // nothing changed on failure
    }

    @Test func noGradModeBuildsNoGraph() throws {
        let layer = try Linear(3, 2, seed: 0)
        let y = try GradMode.withoutGrad { try layer(try Tensor.ones([1, 3])) }
        #expect(!y.requiresGrad)
        #expect(try layer(try Tensor.ones([1, 3])).requiresGrad)
    }
}

/// Tree operations work on any container: copy is deep, setModule replaces by path, freeze
/// stops gradients by path.
@Test func treeOperationsCopyReplaceAndFreeze() throws {
    let block = try Block(dim: 8, heads: 2, seed: 1)
    let copy = try #require(try block.copy() as? Block)
    let original = try #require(block.parameter(named: "mlp.fc1.weight"))
    let copied = try #require(copy.parameter(named: "mlp.fc1.weight"))
    #expect(original !== copied && original.value.scalars == copied.value.scalars)
    copied.value = copied.value * 2
    #expect(original.value.scalars != copied.value.scalars)      // deep: the original is untouched
    try copy.setModule(at: "mlp.fc2", to: try Linear(32, 8, bias: false, seed: 3))
    #expect(copy.parameter(named: "mlp.fc2.bias") == nil && block.parameter(named: "mlp.fc2.bias") != nil)
    #expect(throws: NNError.self) { try copy.setModule(at: "mlp.nope", to: try Linear(2, 2, seed: 0)) }
    let frozen = copy.freeze { !$0.hasPrefix("attn.") }
    #expect(frozen == copy.parameterCount - copy.trainableParameterCount)
    #expect(copy.trainableParameterCount == 8 * 24 + 24 + 8 * 8 + 8)   // qkv and proj only
    #expect(copy.matrixLayers().map(\.path) == ["attn.qkv", "attn.proj", "mlp.fc1", "mlp.fc2"])
}
