import Foundation
import Testing
@testable import LM

// bench/lm/run.sh sets WHITTLE_LM_BENCH_WEIGHTS to run the anchor benchmark through this test
// until the CLI's `whittle bench lm` exists; without it the test checks the benchmark on the fixture.
@Test func benchmarkRunsAndMatchesTheAnchor() throws {
    if let weights = ProcessInfo.processInfo.environment["WHITTLE_LM_BENCH_WEIGHTS"] {
        let result = try LMBenchmark.run(weights: weights)
        print("LMBENCH " + result.json)
        #expect(result.matchesExpected == true)
        // Speculative decoding on the anchor model, drafting with its own first blocks.
        let target = try GPTModel.load(from: URL(fileURLWithPath: weights))
        for (draftLayers, gamma) in [(1, 4), (2, 4), (2, 2), (3, 4)] {
            let draft = try target.truncated(layers: draftLayers)
            let r = try LMBenchmark.speculative(target: target, draft: draft, prompt: [0], gamma: gamma,
                                                options: GenerationOptions(maxTokens: 256), runs: 3)
            let g = r.generation
            print(String(format: "LMSPEC draft %d/%d layers γ=%d: α=%.3f, tokens/target call %.2f (E=%.2f), speedup %.2fx, same tokens %@",
                         draftLayers, target.config.layers, gamma, g.acceptanceRate, g.tokensPerTargetCall,
                         g.expectedTokensPerTargetCall, r.speedup, r.sameTokens ? "yes" : "NO"))
            #expect(r.sameTokens)
        }
        return
    }
    let data = try #require(Data(base64Encoded: AnchorFixture.safetensorsBase64, options: .ignoreUnknownCharacters))
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try data.write(to: dir.appendingPathComponent("model.safetensors"))
    let expected = "{\"tokens\": [\(AnchorFixture.tokens.map(String.init).joined(separator: ", "))]}"
    try Data(expected.utf8).write(to: dir.appendingPathComponent("expected.json"))
    let result = try LMBenchmark.run(weights: dir.appendingPathComponent("model.safetensors").path, tokens: 24, runs: 3)
    #expect(result.matchesExpected == true && result.tokensPerSecond > 0)
}
