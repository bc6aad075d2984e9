import Foundation
import Testing
import NN
import TensorCore
@testable import LM

@Test(arguments: [GPTConfig.Positions.rotary, .learned])
func networkForwardEqualsDecoder(positions: GPTConfig.Positions) throws {
    let config = GPTConfig(vocabularySize: 11, context: 12, width: 16, heads: 2, layers: 2, positions: positions, tiedHead: positions == .learned)
    let model = try GPTModel.random(config: config, seed: 21)
    let rows = [[1, 4, 2, 9, 0, 3, 3], [10, 2, 5, 5, 1, 0, 7]]
    let ids = try Tensor(shape: [2, 7], scalars: rows.flatMap { $0.map(Float.init) })
    let logits = try model.network(ids).value.scalars
    for (b, row) in rows.enumerated() {
        var cache = model.makeCache()
        let fast = try model.forward(row, cache: &cache, allLogits: true)
        let slow = Array(logits[(b * row.count * 11)..<((b + 1) * row.count * 11)])
        #expect((zip(fast, slow).map { abs($0 - $1) }.max() ?? 1) < 1e-4)
    }
}

@Test func networkGradientMatchesFiniteDifferences() throws {
    let config = GPTConfig(vocabularySize: 7, context: 8, width: 8, heads: 2, layers: 1)
    let network = try GPTModel.random(config: config, seed: 5).network
    let x = [[1, 2, 3, 4, 5]], y = [[2, 3, 4, 5, 6]]
    let loss = try NextTokenLoss.loss(network, inputs: x, targets: y)
    try loss.backward()
    for name in ["h.0.attn.qkv.weight", "h.0.mlp.fc1.weight", "wte.weight", "h.0.ln1.weight", "h.0.ln2.bias", "ln_f.weight"] {
        let p = try #require(network.parameter(named: name))
        let grad = try #require(p.grad).scalars
        let i = grad.indices.max { abs(grad[$0]) < abs(grad[$1]) } ?? 0      // the most sensitive entry
        let original = p.value
        var values = original.scalars
        let eps: Float = 1e-2
        values[i] += eps; p.value = try Tensor(shape: original.shape, scalars: values)
        let up = try NextTokenLoss.loss(network, inputs: x, targets: y).value.item()
        values[i] -= 2 * eps; p.value = try Tensor(shape: original.shape, scalars: values)
        let down = try NextTokenLoss.loss(network, inputs: x, targets: y).value.item()
        p.value = original
        let numeric = (up - down) / (2 * eps)
        #expect(abs(numeric - grad[i]) <= 0.03 * abs(grad[i]) + 1e-3, "\(name): numeric \(numeric) vs autodiff \(grad[i])")
    }
}

@Test func trainingMemorisesASequence() throws {
    let config = GPTConfig(vocabularySize: 8, context: 16, width: 16, heads: 2, layers: 1, tiedHead: true)
    let network = try GPTModel.random(config: config, seed: 2, initialization: .gpt2).network
    let optimizer = try AdamW(network.parameters, learningRate: 1e-2, weightDecay: 0)
    let seq = [0, 3, 1, 4, 1, 5, 2, 6, 5, 3, 5, 7]
    let x = [Array(seq.dropLast())], y = [Array(seq.dropFirst())]
    var first: Float = 0, last: Float = 0
    for step in 0..<80 {
        optimizer.zeroGrad()
        let loss = try NextTokenLoss.loss(network, inputs: x, targets: y)
        try loss.backward()
        try optimizer.step()
        if step == 0 { first = try loss.value.item() }
        last = try loss.value.item()
    }
    #expect(last < 0.1 * first)
    // The decoder reads the trained parameters themselves: no conversion step.
    let out = try GPTModel(network: network).generate(prompt: [0], options: GenerationOptions(maxTokens: 11))
    #expect(out.tokens == Array(seq.dropFirst()))
}

@Test func arithmeticFormats() throws {
    let p = Arithmetic.Problem(a: 347, b: 285)
    #expect(p.prompt + p.completion(.direct) == "Q: 347+285= A: 632\n")
    #expect(p.completion(.scratchpad) == " S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0 A: 632\n")
    #expect(Arithmetic.answer(in: " S: 1+1+0=2c0 A: 2\n") == 2 && Arithmetic.answer(in: " S: 1+") == nil)
    let tok = Arithmetic.tokenizer
    #expect(try tok.decode(tok.encode(p.prompt + p.completion(.scratchpad))) == p.prompt + p.completion(.scratchpad))
    var rng = WhittleRandom(seed: 1)
    for _ in 0..<50 {
        let q = Arithmetic.problem(digits: 3, rng: &rng)
        #expect((100..<1000).contains(q.a) && (100..<1000).contains(q.b))
    }
}
