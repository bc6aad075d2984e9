import Foundation
import Testing
@testable import Compression
import NN
import TensorCore

struct PruneFixture: Decodable {
    struct Array2: Decodable { let shape: [Int]; let data: [Float] }
    struct Prune: Decodable {
        let weights: [Array2]; let local_06: [[Float]]; let global_06: [[Float]]; let global_threshold: Float
        let nm_2_4: [Float]; let rows_l1_05: [Float]; let rows_l2_025: [Float]; let grad: [Float]; let taylor_05: [Float]
    }
    struct KD: Decodable {
        struct Case: Decodable { let T: Float; let alpha: Float; let loss: Float; let grad: [Float] }
        let n: Int; let c: Int; let student: [Float]; let teacher: [Float]; let labels: [Float]; let cases: [Case]
    }
    struct Schedule: Decodable { let si: Float; let sf: Float; let t0: Int; let n: Int; let dt: Int; let steps: [Int]; let values: [Float] }
    struct SVD: Decodable { let w: [Float]; let s: [Float]; let tail: [Float] }
    let prune: Prune; let kd: KD; let schedule: Schedule; let svd: SVD

    static func load() throws -> PruneFixture { try Fixtures.load(PruneFixture.self, from: "prune.json") }
}

extension SerializedModelTests {
@Suite struct PruningTests {
    @Test func masksMatchNumpy() throws {
        let f = try PruneFixture.load().prune
        let ws = try f.weights.map { try Tensor(shape: $0.shape, scalars: $0.data) }
        for (w, expected) in zip(ws, f.local_06) {
            #expect(try Pruning.magnitudeMask(w, sparsity: 0.6).scalars == expected)
        }
        let global = try Pruning.globalMasks(scores: ws.map { $0.abs() }, sparsity: 0.6)
        #expect(global.masks.map(\.scalars) == f.global_06)
        #expect(global.threshold == f.global_threshold)
        // Global differs from local: the small-scale layer (×0.3) loses more than 60 %.
        #expect(Pruning.sparsity(global.masks[1]) > 0.8)
        #expect(Pruning.sparsity(global.masks[2]) < 0.4)
        #expect(try Pruning.nmMask(ws[0], n: 2, m: 4).scalars == f.nm_2_4)
        #expect(try Pruning.structuredMask(ws[0], sparsity: 0.5, p: 1).scalars == f.rows_l1_05)
        #expect(try Pruning.structuredMask(ws[0], sparsity: 0.25, p: 2).scalars == f.rows_l2_025)
        let taylor = try Pruning.taylorScores(weight: ws[0], gradient: try Tensor(shape: ws[0].shape, scalars: f.grad))
        #expect(try Pruning.mask(scores: taylor, sparsity: 0.5).scalars == f.taylor_05)
    }

    @Test func randomMaskIsSeededAndExact() throws {
        let a = try Pruning.randomMask(shape: [10, 10], sparsity: 0.3, seed: 7)
        #expect(a.scalars == (try Pruning.randomMask(shape: [10, 10], sparsity: 0.3, seed: 7)).scalars)
        #expect(a.scalars != (try Pruning.randomMask(shape: [10, 10], sparsity: 0.3, seed: 8)).scalars)
        #expect(Pruning.sparsity(a) == 0.3)
        #expect(throws: CompressionError.self) { try Pruning.randomMask(shape: [4], sparsity: 1.5, seed: 0) }
        #expect(throws: CompressionError.self) { try Pruning.nmMask(try Tensor.randn([2, 6], seed: 0), n: 2, m: 4) }
    }

    @Test func gradualScheduleMatchesFormula() throws {
        let f = try PruneFixture.load().schedule
        let s = try GradualSchedule(initialSparsity: f.si, finalSparsity: f.sf, startStep: f.t0, pruningSteps: f.n, frequency: f.dt)
        expectClose(f.steps.map { s.sparsity(at: $0) }, f.values, rtol: 1e-6, atol: 1e-7, "schedule")
        #expect(s.isPruningStep(15) && !s.isPruningStep(16) && !s.isPruningStep(45))
    }

    @Test func modelMasksSurviveOptimizerSteps() throws {
        let model = try mlp([8, 16, 4], seed: 1)
        let report = try prune(model, sparsity: 0.5, method: .magnitude, scope: .global)
        #expect(abs(report.overallSparsity - 0.5) < 0.01)
        let optimizer = try SGD(model.parameters, learningRate: 0.1)
        let x = try Tensor.randn([5, 8], seed: 2)
        for _ in 0..<3 {
            optimizer.zeroGrad()
            try model(x).pow(2).sum().backward()
            try optimizer.step()
        }
        #expect(abs(SparsityReport(model).overallSparsity - 0.5) < 0.01)
        #expect(report.description.contains("| total |"))
        // Cumulative: pruning again to 75 % keeps the old zeros.
        let before = try #require((model.layers[0] as? Linear)?.weight.mask)
        try prune(model, sparsity: 0.75, method: .magnitude, scope: .local)
        let after = try #require((model.layers[0] as? Linear)?.weight.mask)
        #expect(try (before * after).scalars == after.scalars)
        #expect(abs(SparsityReport(model).overallSparsity - 0.75) < 0.01)
    }

    @Test func structuredPruningAndShrinkingKeepOutputs() throws {
        let model = try mlp([6, 10, 3], seed: 4)
        let x = try Tensor.randn([7, 6], seed: 5)
        try prune(model, sparsity: 0.4, method: .structured(p: 2), filter: { path, _ in path == "0" })
        let masked = try predict(model, x)
        removeMasks(model)
        let keep = try shrinkHidden(model, layerIndex: 0, sparsity: 0.4)
        #expect(keep.count == 6)
        #expect((model.layers[0] as? Linear)?.outFeatures == 6 && (model.layers[2] as? Linear)?.inFeatures == 6)
        expectClose(try predict(model, x).scalars, masked.scalars, rtol: 1e-5, atol: 1e-6, "shrunk vs masked")
        #expect(model.parameterCount == 6 * 6 + 6 + 6 * 3 + 3)
    }

    @Test func taylorPruningNeedsGradients() throws {
        let model = try mlp([4, 4], seed: 0)
        #expect(throws: CompressionError.self) { try prune(model, sparsity: 0.5, method: .taylor) }
        try model(try Tensor.randn([3, 4], seed: 1)).sum().backward()
        let report = try prune(model, sparsity: 0.5, method: .taylor)
        #expect(report.overallSparsity == 0.5)
    }

    @Test func nOfMModelPruningIsHalfSparse() throws {
        let model = try mlp([8, 8, 4], seed: 3)
        let report = try prune(model, sparsity: 0, method: .nOfM(n: 2, m: 4))
        #expect(report.rows.allSatisfy { $0.sparsity == 0.5 })
    }

    @Test func lotteryTicketRewindsSurvivorsToInit() throws {
        let model = try mlp([4, 8, 2], seed: 9)
        let snapshot = WeightSnapshot(model)
        let optimizer = try SGD(model.parameters, learningRate: 0.5)
        try model(try Tensor.randn([6, 4], seed: 1)).pow(2).sum().backward()
        try optimizer.step()
        try prune(model, sparsity: 0.5, scope: .global)
        try snapshot.rewind(model)
        let w = try #require(model.layers[0] as? Linear).weight
        let initial = try #require(snapshot.values["0.weight"])
        expectClose(w.value.scalars, (try initial * (try #require(w.mask))).scalars, "rewound weights")
        var rounds: [Int] = []
        let reports = try iterativePrune(model, targetSparsity: 0.8, rounds: 3, rewindTo: snapshot) { rounds.append($0) }
        #expect(rounds == [1, 2, 3])
        let expected: [Float] = [0.8 * (1 - 8.0 / 27), 0.8 * (1 - 1.0 / 27), 0.8]
        let measured = reports.map(\.overallSparsity)
        for (m, e) in zip(measured, expected) { #expect(abs(m - e) < 0.02, "round sparsity \(m) vs \(e)") }
    }
}
}
