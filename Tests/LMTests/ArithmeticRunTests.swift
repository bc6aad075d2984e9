import Foundation
import Testing
import TensorCore
@testable import LM
import NN

// The training pipeline end to end on a 30-step run (scripts/train-lm.sh trains the shipped
// checkpoints through the language's train_arithmetic).
@Test func arithmeticTrainingRun() throws {
    let run = try LMTraining.trainArithmetic(format: .scratchpad, digits: 1...2, steps: 30, batchSize: 8, seed: 3)
    #expect(run.lossCurve.count == 1 && run.lossCurve[0].isFinite)
    let score = try LMTraining.evaluateArithmetic(model: run.model, format: .scratchpad, digits: 1, problems: 3)
    #expect(score.problems == 3)
}
