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
