import Foundation
import Testing
@testable import LM

// scripts/train-lm-arithmetic.sh sets WHITTLE_LM_TRAIN_DIR to train the models/ checkpoints and
// print their accuracy table; without it, a 30-step smoke run checks the pipeline end to end.
@Test func arithmeticTrainingRun() throws {
    let env = ProcessInfo.processInfo.environment
    guard let dir = env["WHITTLE_LM_TRAIN_DIR"] else {
        let run = try LMTraining.trainArithmetic(format: .scratchpad, digits: 1...2, steps: 30, batchSize: 8, seed: 3)
        #expect(run.lossCurve.count == 1 && run.lossCurve[0].isFinite)
        let score = try LMTraining.evaluateArithmetic(model: run.model, format: .scratchpad, digits: 1, problems: 3)
        #expect(score.problems == 3)
        return
    }
    let steps = Int(env["WHITTLE_LM_TRAIN_STEPS"] ?? "") ?? 1200
    let url = URL(fileURLWithPath: dir)
    var lines = ["| format | digits | greedy | self-consistency (n=5, T=0.8) |", "| --- | --- | --- | --- |"]
    for format in Arithmetic.Format.allCases {
        let run = try LMTraining.trainArithmetic(format: format, digits: 1...3, steps: steps, outputDirectory: url) { step, loss in
            print("LMTRAIN \(format.rawValue) step \(step) loss \(loss)")
        }
        for digits in 1...4 {
            let greedy = try LMTraining.evaluateArithmetic(model: run.model, format: format, digits: digits, problems: 100)
            let vote = try LMTraining.evaluateArithmetic(model: run.model, format: format, digits: digits, problems: 100, samples: 5)
            lines.append("| \(format.rawValue) | \(digits) | \(greedy.correct)% | \(vote.correct)% |")
        }
    }
    let table = lines.joined(separator: "\n")
    print("LMTRAIN table\n" + table)
    try Data((table + "\n").utf8).write(to: url.appendingPathComponent("arith-accuracy.md"))
}
