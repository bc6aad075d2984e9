import Foundation
import Testing
import TensorCore
@testable import LM
import NN

/// grpo.json, written by Fixtures/make_grpo_fixtures.py (numpy).
private struct GRPOFixture: Decodable {
    struct Case: Decodable {
        let loss, kl, clip_fraction: Double
        let grad: [Float]
    }
    let rewards, advantages, advantages_unscaled, old, logp, ref, adv: [Float]
    let group: Int
    let sequence: [Int]
    let clip, beta: Float
    let sequence_norm, token_norm: Case

    static func load() throws -> GRPOFixture {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/grpo", withExtension: "json"))
        return try JSONDecoder().decode(GRPOFixture.self, from: Data(contentsOf: url))
    }
}

@Suite struct GRPOTests {
    @Test func advantagesMatchNumpy() throws {
        let f = try GRPOFixture.load()
        let a = try GRPO.advantages(f.rewards, groupSize: f.group)
        let u = try GRPO.advantages(f.rewards, groupSize: f.group, scaleByStd: false)
        #expect(zip(a, f.advantages).allSatisfy { abs($0 - $1) < 1e-4 }, "\(a)")
        #expect(zip(u, f.advantages_unscaled).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(GRPO.tiedGroupFraction(f.rewards, groupSize: f.group) == 1.0 / 3)
        #expect(throws: LMError.self) { try GRPO.advantages([1, 2, 3], groupSize: 2) }
    }

    @Test func clippedObjectiveKLAndGradientMatchNumpy() throws {
        let f = try GRPOFixture.load()
        for (normalization, expected) in [(GRPONormalization.sequence, f.sequence_norm), (.token, f.token_norm)] {
            let logp = Variable(Tensor(f.logp), requiresGrad: true)
            let (loss, stats) = try GRPO.loss(logProbs: logp, oldLogProbs: f.old, refLogProbs: f.ref, advantages: f.adv,
                                              sequence: f.sequence, clip: f.clip, beta: f.beta, normalization: normalization)
            #expect(abs(Double(try loss.value.item()) - expected.loss) < 1e-5, "\(normalization) loss")
            #expect(abs(stats.kl - expected.kl) < 1e-5 && abs(stats.clipFraction - expected.clip_fraction) < 1e-9)
            try loss.backward()
            let grad = try #require(logp.grad).scalars
            #expect(zip(grad, expected.grad).allSatisfy { abs($0 - $1) < 1e-5 }, "\(normalization) gradient \(grad)")
        }
    }

    @Test func equalRewardsInEveryGroupChangeNothing() throws {
        let model = try GPTModel.random(config: GPTConfig(vocabularySize: 19, context: 32, width: 16, heads: 2, layers: 1,
                                                          positions: .rotary, tiedHead: true), seed: 2, initialization: .gpt2)
        let before = model.network.namedParameters().map { $0.1.value.scalars }
        var config = GRPOConfig()
        config.steps = 2
        config.groupSize = 4
        config.prompts = 2
        config.innerIterations = 2
        config.learningRate = 0.1
        let logs = try LMTraining.grpo(model, format: .direct, config: config) { _, _ in 0.5 }
        #expect(logs.allSatisfy { $0.tiedGroups == 1 && $0.kl == 0 })
        let unchanged = model.network.namedParameters().map { $0.1.value.scalars } == before
        #expect(unchanged, "no advantage, no KL gradient: no change")
        // A reward that differs within groups does move the weights.
        let moved = try LMTraining.grpo(model, format: .direct, config: config) { text, _ in Float(text.filter { $0 == "1" }.count) }
        #expect(moved.contains { $0.tiedGroups < 1 })
        let changed = model.network.namedParameters().map { $0.1.value.scalars } != before
        #expect(changed)
    }

    @Test func rewardsScoreAnswersAndFormat() {
        let p = Arithmetic.Problem(a: 47, b: 38)
        #expect(ArithmeticReward.exact.score(" A: 85\n", problem: p, format: .direct) == 1)
        #expect(ArithmeticReward.exactAndFormat.score(" A: 85\n", problem: p, format: .direct) == 1.1)
        #expect(ArithmeticReward.exactAndFormat.score(" A: 84\n", problem: p, format: .direct) == 0.1)
        #expect(ArithmeticReward.exactAndFormat.score(" A: 8", problem: p, format: .direct) == 0)
        #expect(ArithmeticReward.lastDigit.score(" A: 15\n", problem: p, format: .direct) == 1)
        #expect(ArithmeticReward.exactAndFormat.score(" S: 7+8+0=5c1 4+3+1=8c0 A: 85\n", problem: p, format: .scratchpad) == 1.1)
    }
}
