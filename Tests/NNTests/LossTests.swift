import Testing
import TensorCore
@testable import NN

@Suite struct LossTests {
    let logits = Variable(Fixture.tensor("losses", "logits"))
    let labels = Fixture.tensor("losses", "labels")

    @Test func crossEntropyMatchesNumpy() throws {
        let loss = try Losses.crossEntropy(logits: logits, labels: labels).value.item()
        #expect(abs(loss - Fixture.number("losses", "cross_entropy")) < 1e-5)
        let smooth = try Losses.crossEntropy(logits: logits, labels: labels, labelSmoothing: 0.1).value.item()
        #expect(abs(smooth - Fixture.number("losses", "cross_entropy_smooth_0.1")) < 1e-5)
    }

    @Test func crossEntropyRejectsBadLabels() {
        #expect(throws: NNError.self) { try Losses.crossEntropy(logits: logits, labels: Tensor([0, 1, 2, 3, 4])) }
        #expect(throws: NNError.self) { try Losses.crossEntropy(logits: logits, labels: Tensor([0, 1])) }
    }

    @Test func klDivergenceIsBatchmeanLikePyTorch() throws {
        let logQ = try logits.logSoftmax(axis: 1)
        let kl = try Losses.klDivergence(logQ: logQ, p: Fixture.tensor("losses", "p")).value.item()
        #expect(abs(kl - Fixture.number("losses", "kl_batchmean")) < 1e-5)
    }

    @Test func mseMatchesNumpy() throws {
        let mse = try Losses.mse(Variable(Fixture.tensor("losses", "pred")), Fixture.tensor("losses", "target")).value.item()
        #expect(abs(mse - Fixture.number("losses", "mse")) < 1e-5)
    }

    @Test func accuracyCountsArgmaxHits() throws {
        let scores = try Tensor([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7], [0.6, 0.4]])
        #expect(try Losses.accuracy(logits: scores, labels: Tensor([1, 0, 0, 0])) == 0.75)
    }
}
