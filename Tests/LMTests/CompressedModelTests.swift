// The one transformer carries compression to the language model: whatever quantize, prune or
// factorize make of the network's layers, the fast decoder computes what the network computes.
import Compression
import Foundation
import Testing
import TensorCore
@testable import LM
import NN

/// Decoder logits for every position of `row` vs the network's autodiff forward.
private func decoderMatchesNetwork(_ model: GPTModel, _ row: [Int], tolerance: Float = 1e-4) throws {
    var cache = model.makeCache()
    let fast = try model.forward(row, cache: &cache, allLogits: true)
    let slow = try model.network(Tensor(row.map(Float.init))).value.scalars
    #expect(fast.count == slow.count)
    #expect((zip(fast, slow).map { abs($0 - $1) }.max() ?? 1) < tolerance)
}

private let config = GPTConfig(vocabularySize: 13, context: 16, width: 16, heads: 2, layers: 2, positions: .rotary, tiedHead: false)
private let row = [1, 4, 2, 9, 0, 3, 3, 12]

@Test func quantizedNetworkDecodesAsItComputes() throws {
    let model = try GPTModel.random(config: config, seed: 3)
    let (q, report) = try quantize(model.network, bits: 4, granularity: .perGroup(size: 8))
    let network = try #require(q as? GPT)
    #expect(report.rows.map(\.name).contains("h.1.mlp.fc2.weight"))
    #expect(report.rows.count == 2 * 4 + 1)   // four matrices per block and the untied head
    #expect(network.block(0).mlp.namedChildren.first { $0.0 == "fc1" }?.1 is QuantizedLinear)
    #expect(network.byteSize < model.network.byteSize)
    let quantized = GPTModel(network: network)
    try decoderMatchesNetwork(quantized, row)
    // The original is untouched and still decodes its own (different) logits.
    var a = model.makeCache(), b = quantized.makeCache()
    #expect(try model.forward(row, cache: &a) != quantized.forward(row, cache: &b))
    #expect(model.network.block(0).attn.namedChildren.first?.1 is Linear)
}

@Test func prunedAndFactorizedNetworksDecode() throws {
    let model = try GPTModel.random(config: config, seed: 4)
    let pruned = try #require(try model.network.copy() as? GPT)
    try prune(pruned, sparsity: 0.5, filter: { path, _ in path.hasPrefix("h.") })
    let w = try #require(pruned.parameter(named: "h.0.mlp.fc1.weight")).value
    #expect(w.scalars.filter { $0 == 0 }.count == w.count / 2)
    try decoderMatchesNetwork(GPTModel(network: pruned), row)
    let factorized = try mapLinears(model.network, filter: { path, _ in path.hasSuffix("fc1") }) { _, linear in
        try factorize(linear, rank: 4).model
    }
    try decoderMatchesNetwork(GPTModel(network: try #require(factorized as? GPT)), row)
}

@Test func decoderFollowsParameterChanges() throws {
    // The packed decoder weights are derived: editing a parameter changes what decoding computes.
    let model = try GPTModel.random(config: config, seed: 5)
    var cache = model.makeCache()
    let before = try model.forward(row, cache: &cache)
    let p = try #require(model.network.parameter(named: "h.1.attn.proj.bias"))
    p.value = p.value + 0.5
    try decoderMatchesNetwork(model, row)
    cache = model.makeCache()
    #expect(try model.forward(row, cache: &cache) != before)
    // Replacing a layer counts too.
    try model.network.setModule(at: "h.0.mlp.fc2", to: try Linear(64, 16, seed: 9))
    try decoderMatchesNetwork(model, row)
}

@Test func checkpointNamesRoundTrip() throws {
    // Anchor-named tensors in, the same tensors out, through the network's module paths.
    let model = try GPTModel.random(config: config, seed: 6)
    let tensors = try model.parameters
    let again = try GPTModel(config: config, parameters: tensors)
    for (name, t) in tensors { #expect(try again.parameters[name]?.scalars == t.scalars, "\(name)") }
    #expect(model.network.parameterCount == config.parameterCount)
}

@Test func distillationTrainsAPrunedStudentAndKeepsItsZeros() throws {
    let config = GPTConfig(vocabularySize: Arithmetic.alphabet.count, context: 40, width: 16, heads: 2, layers: 1,
                           positions: .rotary, tiedHead: true)
    let teacher = try GPTModel.random(config: config, seed: 1, initialization: .gpt2)
    let student = try #require(try GPTModel.random(config: config, seed: 2, initialization: .gpt2).network.copy() as? GPT)
    try prune(student, sparsity: 0.5, filter: { path, _ in path.hasPrefix("h.") })
    let curve = try LMTraining.distillArithmetic(teacher: teacher, student: student, format: .direct, digits: 1...2,
                                                 steps: 50, batchSize: 4, learningRate: 1e-2, temperature: 2, alpha: 1, seed: 3)
    #expect(curve.count == 2 && curve[1] < curve[0] * 0.8, "\(curve)")
    let w = try #require(student.parameter(named: "h.0.mlp.fc1.weight")).value
    #expect(w.scalars.filter { $0 == 0 }.count == w.count / 2)   // the masks held through training
    #expect(throws: LMError.self) {
        try LMTraining.distillArithmetic(teacher: teacher, student: student, format: .direct, temperature: 0)
    }
}

@Test func aCompressedModelSavesAsTheDenseModelItComputesAs() throws {
    let model = try GPTModel.random(config: config, seed: 8)
    let quantized = GPTModel(network: try #require(try quantize(model.network, bits: 4, granularity: .perGroup(size: 8)).model as? GPT))
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("q-\(UUID().uuidString).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try quantized.save(to: url)
    let reloaded = try GPTModel.load(from: url)
    var a = quantized.makeCache(), b = reloaded.makeCache()
    #expect(try quantized.forward(row, cache: &a) == reloaded.forward(row, cache: &b))
}

@Test func loraDecodesOnTheFastPathAndAdaptersOnTheReferencePath() throws {
    let model = try GPTModel.random(config: config, seed: 6)
    // LoRA layers are matrix layers: the fast decoder packs W₀ + (α/r)·B·A.
    let tuned = try #require(try model.network.copy() as? GPT)
    try applyLoRA(to: tuned, config: LoRAConfig(rank: 2, alpha: 4, seed: 1)) { _, _ in true }
    for (_, layer) in loraLayers(of: tuned) { layer.loraB.weight.value = try Tensor.randn(layer.loraB.weight.shape, seed: 2) }
    try decoderMatchesNetwork(GPTModel(network: tuned), row)
    // Adapters are not: the model decodes through the network's own forward pass, token by token
    // with the same logits as one pass over the whole row.
    let adapted = try #require(try model.network.copy() as? GPT)
    try addAdapters(to: adapted, size: 3, seed: 1, where: houlsbyPlacement(for: adapted))
    let reference = GPTModel(network: adapted)
    try decoderMatchesNetwork(reference, row)
    var cache = reference.makeCache()
    var stepwise: [Float] = []
    for token in row { stepwise += try reference.forward([token], cache: &cache) }
    let whole = try adapted(Tensor(row.map(Float.init))).value.scalars
    #expect(zip(stepwise, whole).allSatisfy { abs($0 - $1) < 1e-4 })
    try cache.rollback(to: 3)
    let again = try reference.forward([row[3]], cache: &cache)
    #expect(again == Array(stepwise[(3 * 13)..<(4 * 13)]), "rollback trims the reference path's history")
    // Adapters whose up-projection is zero are the identity: the reference path then gives the
    // fast path's logits of the plain model (the two paths agree).
    for case let adapter as Adapter in adapted.namedModules().map(\.1) {
        adapter.up.weight.value = try Tensor.zeros(adapter.up.weight.shape)
        adapter.up.bias?.value = try Tensor.zeros([16])
    }
    var a = model.makeCache(), b = reference.makeCache()
    let fast = try model.forward(row, cache: &a, allLogits: true), slow = try reference.forward(row, cache: &b, allLogits: true)
    #expect(zip(fast, slow).allSatisfy { abs($0 - $1) < 1e-4 })
    var past = reference.makeCache()
    #expect(throws: LMError.self) { try reference.forward([Int](repeating: 1, count: 17), cache: &past) }
}

@Test func integerKernelNetworksDecodeAsTheyCompute() throws {
    // Width 32 so that 4-bit groups of 32 fit every layer.
    let wide = GPTConfig(vocabularySize: 13, context: 16, width: 32, heads: 2, layers: 2, positions: .rotary, tiedHead: false)
    let model = try GPTModel.random(config: wide, seed: 5)
    for bits in [8, 4] {
        let (q, report) = try quantizeDynamic(model.network, bits: bits)
        #expect(report.rows.count == 2 * 4 + 1)
        let network = try #require(q as? GPT)
        #expect(network.block(1).mlp.namedChildren.first { $0.0 == "fc2" }?.1 is IntegerLinear)
        let quantized = GPTModel(network: network)
        // The decoder calls the same integer kernel on the same per-token codes.
        try decoderMatchesNetwork(quantized, row, tolerance: 1e-4)
        // Token by token (one row per call, the GEMV path) as in one chunk.
        var one = quantized.makeCache(), chunk = quantized.makeCache()
        var stepped: [Float] = []
        for t in row { stepped = try quantized.forward([t], cache: &one) }
        #expect(stepped == (try quantized.forward(row, cache: &chunk)))
    }
}
