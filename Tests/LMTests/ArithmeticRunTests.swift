import Foundation
import Testing
import TensorCore
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

// WHITTLE_LM_SPEC_DIR=models: speculative decoding with the scratchpad model as target and a
// smaller scratchpad model (width 32, 1 layer; trained here if models/ lacks it) as draft.
@Test func arithmeticSpeculativeRun() throws {
    guard let dir = ProcessInfo.processInfo.environment["WHITTLE_LM_SPEC_DIR"] else { return }
    let url = URL(fileURLWithPath: dir)
    let target = try GPTModel.load(from: url.appendingPathComponent("arith-scratchpad.safetensors"))
    let draftURL = url.appendingPathComponent("arith-scratchpad-draft.safetensors")
    var draftConfig = LMTraining.arithmeticConfig
    draftConfig.width = 32; draftConfig.heads = 2; draftConfig.layers = 1
    let draft = FileManager.default.fileExists(atPath: draftURL.path) ? try GPTModel.load(from: draftURL)
        : try LMTraining.trainArithmetic(format: .scratchpad, digits: 1...3, steps: 1200, config: draftConfig,
                                         outputDirectory: url, name: "arith-scratchpad-draft").model
    let tok = Arithmetic.tokenizer
    var rng = WhittleRandom(seed: 99)
    var report = ["Speculative decoding, target arith-scratchpad (width 64, 2 layers), draft arith-scratchpad-draft",
                  "(width 32, 1 layer); 30 three-digit prompts, up to 44 tokens, 1 thread, median of 3 timings.", ""]
    for (temperature, gamma) in [(Float(0), 2), (0, 4), (0, 6), (0.8, 4)] {
        var proposed = 0, accepted = 0, rounds = 0, produced = 0, same = true
        var plainSeconds = 0.0, specSeconds = 0.0
        for _ in 0..<30 {
            let problem = Arithmetic.problem(digits: 3, rng: &rng)
            let prompt = try tok.encode(problem.prompt)
            let options = GenerationOptions(maxTokens: 44, temperature: temperature, stopTokens: [0], seed: 5)
            let r = try LMBenchmark.speculative(target: target, draft: draft, prompt: prompt, gamma: gamma, options: options, runs: 3)
            proposed += r.generation.proposed; accepted += r.generation.accepted; rounds += r.generation.rounds
            produced += r.generation.tokens.count; same = same && (temperature > 0 || r.sameTokens)
            plainSeconds += r.targetSeconds; specSeconds += r.speculativeSeconds
        }
        let alpha = Double(accepted) / Double(max(proposed, 1))
        let line = String(format: "speculative T=%.1f γ=%d: α=%.3f, tokens/target call %.2f (E=%.2f), speedup %.2fx, greedy-identical %@",
                     temperature, gamma, alpha, Double(produced) / Double(max(rounds, 1)),
                     SpeculativeDecoding.expectedTokensPerCall(alpha: alpha, gamma: gamma), plainSeconds / specSeconds, same ? "yes" : "NO")
        print("LMTRAIN " + line)
        report.append("- " + line)
        #expect(same)
    }
    try Data((report.joined(separator: "\n") + "\n").utf8).write(to: url.appendingPathComponent("arith-speculative.md"))
}
