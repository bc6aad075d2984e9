import Foundation
import Testing
@testable import NN
import TensorCore

/// moe.json, written by Fixtures/make_moe_fixtures.py (numpy).
private struct MoEFixture: Decodable {
    struct Expert: Decodable { let W1, b1, W2, b2: [Float] }
    struct Case: Decodable {
        let y, fraction: [Float]
        let balance, z: Double
        let kept: [Int]
        let dropped: Int
    }
    let d, experts, k, tokens, hidden: Int
    let router, x: [Float]
    let expert_weights: [Expert]
    let unlimited, capacity_half, switch_top1: Case

    static func load() throws -> MoEFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/moe", withExtension: "json"))
        return try JSONDecoder().decode(MoEFixture.self, from: Data(contentsOf: url))
    }

    /// The fixture's layer, with its router and expert weights.
    func layer(_ routing: RoutingConfig) throws -> MixtureOfExperts {
        let router = try Linear(weight: try Tensor(shape: [experts, d], scalars: self.router), bias: nil)
        let list: [any Module] = try expert_weights.map { w in
            let block = try MLPBlock(dim: d, ratio: hidden / d, seed: 0)
            try block.setChild("fc1", to: try Linear(weight: try Tensor(shape: [hidden, d], scalars: w.W1), bias: Tensor(w.b1)))
            try block.setChild("fc2", to: try Linear(weight: try Tensor(shape: [d, hidden], scalars: w.W2), bias: Tensor(w.b2)))
            return block
        }
        return try MixtureOfExperts(router: router, experts: list, dim: d, routing: routing)
    }
}

private func close(_ a: [Float], _ b: [Float], _ tolerance: Float = 1e-4) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
}

@Suite struct MixtureOfExpertsTests {
    @Test func outputsAndRoutingLossesMatchNumpy() throws {
        let f = try MoEFixture.load()
        let x = try Tensor(shape: [f.tokens, f.d], scalars: f.x)
        for (routing, expected) in [(RoutingConfig(topK: 2), f.unlimited), (RoutingConfig(topK: 2, capacityFactor: 0.5), f.capacity_half),
                                    (RoutingConfig(topK: 1), f.switch_top1)] {
            let moe = try f.layer(routing)
            let y = try moe(x).value.scalars
            #expect(close(y, expected.y), "\(routing): \(y) vs \(expected.y)")
            let stats = try #require(moe.lastRouting)
            #expect(stats.kept == expected.kept && stats.dropped == expected.dropped)
            #expect(close(stats.fraction, expected.fraction, 1e-6))
            #expect(abs(Double(stats.balanceLoss) - expected.balance) < 1e-4 && abs(Double(stats.zLoss) - expected.z) < 1e-4)
        }
    }

    @Test func routerGradientsMatchFiniteDifferences() throws {
        let f = try MoEFixture.load()
        let x = try Tensor(shape: [f.tokens, f.d], scalars: f.x)
        let g = try Tensor.randn([f.tokens, f.d], seed: 3)
        for routing in [RoutingConfig(topK: 2, balanceCoefficient: 0.5, zLossCoefficient: 0.1), RoutingConfig(topK: 1)] {
            let moe = try f.layer(routing)
            // A small step: a larger one can flip a token's top-k choice, where the loss jumps.
            let worst = try checkGradients(of: moe.router, lossValue: {
                try moe.addingAuxiliaryLoss(to: try (try moe(x) * g).sum())
            }, step: 1e-3)
            #expect(worst < 2e-2, "router, top-\(routing.topK): worst relative error \(worst)")
        }
    }

    @Test func theBalanceLossIsOneWhenBalancedAndEvaluationAddsNone() throws {
        let moe = try MixtureOfExperts(dim: 4, experts: 4, ratio: 1, routing: RoutingConfig(topK: 1), seed: 1)
        // A zero router gives every expert probability 1/4; ties go to expert 0, so f = (1, 0, 0, 0).
        for (_, p) in moe.router.namedParameters() { p.value = try Tensor.zeros(p.shape) }
        _ = try moe(try Tensor.randn([8, 4], seed: 2))
        let stats = try #require(moe.lastRouting)
        #expect(stats.assigned == [8, 0, 0, 0] && abs(stats.balanceLoss - 1) < 1e-6)
        #expect(moe.auxiliaryLoss != nil)
        moe.eval()
        _ = try moe(try Tensor.randn([8, 4], seed: 2))
        #expect(moe.auxiliaryLoss == nil, "evaluation adds no loss")
        #expect(throws: NNError.self) { try MixtureOfExperts(dim: 4, experts: 2, routing: RoutingConfig(topK: 3), seed: 0) }
    }

    @Test func droppedTokensPassThroughTheResidualAndTrainingUsesTheAuxiliaryLoss() throws {
        let moe = try MixtureOfExperts(dim: 4, experts: 2, ratio: 1, routing: RoutingConfig(topK: 1, capacityFactor: 0.25),
                                       residual: true, seed: 3)
        let x = try Tensor.randn([8, 4], seed: 4)
        let y = try moe(x).value.scalars
        let stats = try #require(moe.lastRouting)
        #expect(stats.capacity == 1 && stats.kept.reduce(0, +) <= 2 && stats.tokensDropped >= 6)
        // A token none of whose choices were served leaves the layer unchanged.
        let input = x.scalars
        let unchanged = (0..<8).filter { (t: Int) -> Bool in Array(y[(t * 4)..<(t * 4 + 4)]) == Array(input[(t * 4)..<(t * 4 + 4)]) }
        #expect(unchanged.count == stats.tokensDropped)
        let model = Sequential([try Linear(4, 4, seed: 1), moe, try Linear(4, 2, seed: 2)])
        let data = try Dataset(features: try Tensor.randn([32, 4], seed: 5), targets: Tensor((0..<32).map { Float($0 % 2) }), classCount: 2)
        let before = try #require(moe.router.localParameters.first?.1.value.scalars)
        _ = try fit(model, loss: .crossEntropy, optimizer: try Adam(model.parameters, learningRate: 0.01), data: data, epochs: 2, batchSize: 8, seed: 0)
        #expect(try #require(moe.router.localParameters.first?.1.value.scalars) != before, "the router trains")
    }
}
