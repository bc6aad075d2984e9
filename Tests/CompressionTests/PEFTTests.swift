import Foundation
import Testing
@testable import Compression
import NN
import TensorCore

/// peft.json, written by Fixtures/make_peft_fixtures.py (numpy and scipy).
private struct PEFTFixture: Decodable {
    struct LoRACase: Decodable {
        let out, inp, rank, rows: Int
        let alpha: Float
        let W, b, A, B, x, g, y, dA, dB, dx, merged, y_rslora: [Float]
    }
    struct AdapterCase: Decodable {
        let d, m, rows: Int
        let Wd, bd, Wu, bu, x, g, y, dWu, dbu, dWd, dbd, dx: [Float]
    }
    struct NF4Case: Decodable {
        let levels, x, absmax, dequantized: [Float]
        let codes: [Int]
    }
    let lora: LoRACase
    let adapter: AdapterCase
    let nf4: NF4Case
    static func load() throws -> PEFTFixture { try Fixtures.load(PEFTFixture.self, from: "peft.json") }
}

/// A LoRA layer over the fixture's W and b with its A and B (B non-zero, to test the update).
private func fixtureLoRA(_ f: PEFTFixture.LoRACase, rankStabilized: Bool = false) throws -> LoRALinear {
    let base = try Linear(weight: try Tensor(shape: [f.out, f.inp], scalars: f.W), bias: Tensor(f.b))
    let layer = try LoRALinear(base, rank: f.rank, alpha: f.alpha, rankStabilized: rankStabilized, seed: 0)
    layer.loraA.weight.value = try Tensor(shape: [f.rank, f.inp], scalars: f.A)
    layer.loraB.weight.value = try Tensor(shape: [f.out, f.rank], scalars: f.B)
    return layer
}

@Suite struct LoRATests {
    @Test func forwardAndGradientsMatchNumpy() throws {
        let f = try PEFTFixture.load().lora
        let layer = try fixtureLoRA(f)
        base(layer).freeze()
        let x = Variable(try Tensor(shape: [f.rows, f.inp], scalars: f.x), requiresGrad: true)
        let y = try layer(x)
        expectClose(y.value.scalars, f.y, rtol: 1e-5, atol: 1e-5, "y")
        try (y * Tensor(shape: [f.rows, f.out], scalars: f.g)).sum().backward()
        expectClose(try #require(layer.loraA.weight.grad).scalars, f.dA, rtol: 1e-4, atol: 1e-5, "dA")
        expectClose(try #require(layer.loraB.weight.grad).scalars, f.dB, rtol: 1e-4, atol: 1e-5, "dB")
        expectClose(try #require(x.grad).scalars, f.dx, rtol: 1e-4, atol: 1e-5, "dx")
        #expect(base(layer).weight.grad == nil, "the frozen base gets no gradient")
        let rs = try fixtureLoRA(f, rankStabilized: true)
        expectClose(try rs(Tensor(shape: [f.rows, f.inp], scalars: f.x)).value.scalars, f.y_rslora, rtol: 1e-5, atol: 1e-5, "rsLoRA y")
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let f = try PEFTFixture.load().lora
        let x = try Tensor(shape: [f.rows, f.inp], scalars: f.x), g = try Tensor(shape: [f.rows, f.out], scalars: f.g)
        let layer = try fixtureLoRA(f)
        try (try layer(x) * g).sum().backward()
        for (name, parameter) in [("A", layer.loraA.weight), ("B", layer.loraB.weight)] {
            let analytic = try #require(parameter.grad).scalars
            let start = parameter.value.scalars
            for i in start.indices {
                func loss(_ delta: Float) throws -> Double {
                    var v = start
                    v[i] += delta
                    parameter.value = try Tensor(shape: parameter.shape, scalars: v)
                    return Double(try (try layer(x) * g).sum().value.item())
                }
                let h: Float = 1e-2
                let numeric = (try loss(h) - loss(-h)) / Double(2 * h)
                #expect(abs(numeric - Double(analytic[i])) < 2e-3 * max(1, abs(numeric)), "d\(name)[\(i)]: \(numeric) vs \(analytic[i])")
            }
            parameter.value = try Tensor(shape: parameter.shape, scalars: start)
        }
    }

    @Test func zeroBStartsAtTheBaseModelBitForBit() throws {
        let model = try mlp([6, 8, 3], seed: 4)
        let tuned = try model.copy()
        let report = try applyLoRA(to: tuned, config: LoRAConfig(rank: 2, alpha: 16, seed: 9)) { _, _ in true }
        #expect(report.layers == ["0", "2"])
        #expect(report.trainableParameters == 2 * (6 + 8) + 2 * (8 + 3))
        #expect(tuned.parameters.filter(\.requiresGrad).count == 4, "only A and B of two layers train")
        let x = try Tensor.randn([5, 6], seed: 2)
        #expect(try predict(tuned, x).scalars == predict(model, x).scalars)
        // A is Kaiming-uniform with PyTorch's bound 1/√in; B is zero.
        let first = try #require(tuned.module(named: "0") as? LoRALinear)
        #expect(first.loraA.weight.value.scalars.allSatisfy { abs($0) <= 1 / Float(6).squareRoot() })
        #expect(first.loraB.weight.value.scalars.allSatisfy { $0 == 0 })
        #expect(throws: CompressionError.self) { try applyLoRA(to: tuned, config: LoRAConfig(rank: 1)) { _, _ in true } }
        #expect(throws: CompressionError.self) { try applyLoRA(to: try model.copy(), config: LoRAConfig(rank: 1)) { _, _ in false } }
        #expect(throws: NNError.self) { try applyLoRA(to: try model.copy(), config: LoRAConfig(rank: 0)) { p, _ in p == "2" } }
    }

    @Test func onlyTheAdapterTrainsAndMergingKeepsTheOutputs() throws {
        let data = try Dataset(features: try Tensor.randn([64, 6], seed: 3),
                               targets: Tensor((0..<64).map { Float($0 % 3) }), classCount: 3)
        let model = try mlp([6, 16, 3], seed: 1)
        let tuned = try model.copy()
        try applyLoRA(to: tuned, config: LoRAConfig(rank: 2, alpha: 4, dropout: 0.1, seed: 1)) { _, _ in true }
        let frozenBefore = tuned.namedParameters().filter { !$0.1.requiresGrad }.map { $0.1.value.scalars }
        _ = try fit(tuned, loss: .crossEntropy, optimizer: try Adam(tuned.parameters, learningRate: 0.01), data: data,
                    epochs: 3, batchSize: 16, seed: 0)
        #expect(tuned.namedParameters().filter { !$0.1.requiresGrad }.map { $0.1.value.scalars } == frozenBefore)
        let lora = loraLayers(of: tuned)
        #expect(lora.allSatisfy { $0.layer.loraB.weight.value.scalars.contains { $0 != 0 } }, "B moved off zero")
        tuned.eval()
        let x = try Tensor.randn([7, 6], seed: 5)
        let adapted = try predict(tuned, x).scalars
        let merged = try mergedLoRA(tuned)
        #expect(merged.matrixLayers().allSatisfy { $0.layer is Linear })
        expectClose(try predict(merged, x).scalars, adapted, rtol: 0, atol: 1e-5, "merge_and_unload")
        // Merge in place, then unmerge: same outputs throughout, base weights restored.
        let layer = lora[0].layer
        let w0 = base(layer).weight.value.scalars
        try layer.merge()
        expectClose(try predict(tuned, x).scalars, adapted, rtol: 0, atol: 1e-5, "merged in place")
        #expect(throws: NNError.self) { try layer.merge() }
        try layer.unmerge()
        expectClose(base(layer).weight.value.scalars, w0, rtol: 0, atol: 1e-6, "unmerged base")
        expectClose(try predict(tuned, x).scalars, adapted, rtol: 0, atol: 1e-5, "unmerged")
    }

    @Test func theAdapterAloneRoundTripsWithPEFTNames() throws {
        let model = try mlp([6, 8, 3], seed: 4)
        let tuned = try model.copy()
        try applyLoRA(to: tuned, config: LoRAConfig(rank: 2, alpha: 4, seed: 2)) { p, _ in p == "2" }
        let layer = try #require(loraLayers(of: tuned).first?.layer)
        layer.loraB.weight.value = try Tensor.randn([3, 2], seed: 8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lora-\(UUID().uuidString).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try saveAdapter(tuned, to: url)
        let file = try SafeTensors.read(from: url)
        #expect(Set(file.tensors.keys) == ["base_model.model.2.lora_A.weight", "base_model.model.2.lora_B.weight"])
        #expect(file.metadata["r"] == "2" && file.metadata["target_modules"] == "2")
        let other = try model.copy()
        try applyLoRA(to: other, config: LoRAConfig(rank: 2, alpha: 4, seed: 99)) { p, _ in p == "2" }
        try loadAdapter(into: other, from: url)
        let x = try Tensor.randn([4, 6], seed: 1)
        #expect(try predict(other, x).scalars == predict(tuned, x).scalars)
        let wrongRank = try model.copy()
        try applyLoRA(to: wrongRank, config: LoRAConfig(rank: 1)) { p, _ in p == "2" }
        let before = wrongRank.stateDict()
        #expect(throws: CompressionError.self) { try loadAdapter(into: wrongRank, from: url) }
        #expect(wrongRank.stateDict().keys.allSatisfy { before[$0]!.scalars == wrongRank.stateDict()[$0]!.scalars }, "a failed load changes nothing")
    }

    @Test func trainingMemoryCountsGradientsAndAdamState() throws {
        let model = try mlp([64, 256, 10], seed: 0)
        let full = TrainingMemory(model, optimizer: .adam)
        #expect(full.gradientBytes == 4 * model.parameterCount && full.optimizerBytes == 8 * model.parameterCount)
        try applyLoRA(to: model, config: LoRAConfig(rank: 4)) { _, _ in true }
        let lora = TrainingMemory(model, optimizer: .adam)
        #expect(lora.trainableParameters == 4 * (64 + 256) + 4 * (256 + 10))
        #expect(lora.optimizerBytes == 8 * lora.trainableParameters && TrainingMemory(model, optimizer: .sgd).optimizerBytes == 0)
    }
}

/// The layer a LoRA wraps, as a Linear.
private func base(_ layer: LoRALinear) -> Linear { layer.base as! Linear }

@Suite struct AdapterTests {
    @Test func forwardAndGradientsMatchNumpy() throws {
        let f = try PEFTFixture.load().adapter
        let adapter = try Adapter(features: f.d, size: f.m, seed: 0)
        adapter.down.weight.value = try Tensor(shape: [f.m, f.d], scalars: f.Wd)
        adapter.down.bias!.value = Tensor(f.bd)
        adapter.up.weight.value = try Tensor(shape: [f.d, f.m], scalars: f.Wu)
        adapter.up.bias!.value = Tensor(f.bu)
        let x = Variable(try Tensor(shape: [f.rows, f.d], scalars: f.x), requiresGrad: true)
        let y = try adapter(x)
        expectClose(y.value.scalars, f.y, rtol: 1e-5, atol: 1e-5, "y")
        try (y * Tensor(shape: [f.rows, f.d], scalars: f.g)).sum().backward()
        expectClose(try #require(adapter.up.weight.grad).scalars, f.dWu, rtol: 1e-4, atol: 1e-5, "dW_up")
        expectClose(try #require(adapter.up.bias!.grad).scalars, f.dbu, rtol: 1e-4, atol: 1e-5, "db_up")
        expectClose(try #require(adapter.down.weight.grad).scalars, f.dWd, rtol: 1e-4, atol: 1e-5, "dW_down")
        expectClose(try #require(adapter.down.bias!.grad).scalars, f.dbd, rtol: 1e-4, atol: 1e-5, "db_down")
        expectClose(try #require(x.grad).scalars, f.dx, rtol: 1e-4, atol: 1e-5, "dx")
    }

    @Test func adaptersStartNearIdentityAfterTheHiddenLayers() throws {
        let model = try mlp([6, 16, 16, 3], seed: 2)
        let adapted = try model.copy()
        let report = try addAdapters(to: adapted, size: 4, where: houlsbyPlacement(for: adapted))
        #expect(report.layers == ["0", "2"], "after the hidden layers, not the output layer")
        #expect(report.trainableParameters == 2 * (2 * 16 * 4 + 4 + 16))
        let x = try Tensor.randn([5, 6], seed: 3)
        expectClose(try predict(adapted, x).scalars, try predict(model, x).scalars, rtol: 0, atol: 1e-2, "near identity")
        #expect(try predict(adapted, x).scalars != predict(model, x).scalars)
    }
}

@Suite struct NF4Tests {
    @Test func codebookAndCodesMatchBitsandbytesConstruction() throws {
        let f = try PEFTFixture.load().nf4
        expectClose(NF4.levels, f.levels, rtol: 0, atol: 1e-7, "NF4 levels")
        #expect(NF4.levels[7] == 0 && NF4.levels.first == -1 && NF4.levels.last == 1)
        let x = Tensor(f.x)
        let (codes, absmax) = try NF4.encode(x)
        #expect(codes.map(Int.init) == f.codes)
        expectClose(absmax, f.absmax, rtol: 0, atol: 0, "absmax")
        expectClose(try NF4.decode(codes: codes, absmax: absmax, shape: x.shape).scalars, f.dequantized, rtol: 0, atol: 1e-7, "dequantized")
    }

    @Test func nf4LinearStoresFourAndAHalfBitsAndQLoRATrainsOnTop() throws {
        let linear = try Linear(128, 64, seed: 1)
        let q = try NF4Linear(linear)
        #expect(q.codes.bytes == 128 * 64 / 2 && q.absmax.count == 128 * 64 / 64)
        let w = linear.weight.value.scalars, wq = try q.effectiveWeight().scalars
        let rel = zip(w, wq).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / w.map { $0 * $0 }.reduce(0, +)
        #expect(rel < 0.02, "4-bit relative squared error \(rel)")
        let adapted = try LoRALinear(q, rank: 2, alpha: 2, seed: 0)
        let x = try Tensor.randn([3, 128], seed: 2)
        #expect(try adapted(x).value.scalars == q(x).value.scalars)
        #expect(throws: NNError.self) { try adapted.merge() }
    }
}

@Suite struct ModelFactorizationTests {
    @Test func energyAndBudgetRulesPickRanksAndErrorsFollowEckartYoung() throws {
        let model = try mlp([32, 48, 40, 10], seed: 3)
        let (byEnergy, layers) = try factorizeModel(model, rule: .energy(0.8))
        for layer in layers {
            let squares = layer.singularValues.map { Double($0) * Double($0) }
            let total = squares.reduce(0, +)
            guard let r = layer.rank else { continue }
            #expect(squares.prefix(r).reduce(0, +) >= 0.8 * total * (1 - 1e-9))
            #expect(squares.prefix(r - 1).reduce(0, +) < 0.8 * total, "the smallest such rank")
            expectClose([layer.error], [layer.tailNorm], rtol: 2e-3, atol: 1e-4, "\(layer.path) error = tail norm")
        }
        #expect(byEnergy.parameterCount < model.parameterCount)
        let (budgeted, budgetLayers) = try factorizeModel(model, rule: .budget(0.3))
        let dense = budgetLayers.map(\.parametersBefore).reduce(0, +)
        let after = budgetLayers.map { layer in layer.rank.map { $0 * (layer.inFeatures + layer.outFeatures) } ?? layer.parametersBefore }.reduce(0, +)
        #expect(after <= Int(0.3 * Double(dense)) + 100, "within the budget (+ at most one direction's rounding)")
        #expect(budgeted.matrixLayers().allSatisfy { $0.layer is LowRankLinear })
        let (same, full) = try factorizeModel(model, rule: .energy(1))
        #expect(full.allSatisfy { $0.rank == nil }, "keeping all energy leaves every layer dense")
        let x = try Tensor.randn([2, 32], seed: 0)
        #expect(try predict(same, x).scalars == predict(model, x).scalars)
        #expect(throws: CompressionError.self) { try factorizeModel(model, rule: .energy(0)) }
        #expect(throws: CompressionError.self) { try factorizeModel(model, rule: .budget(1.5)) }
    }
}
