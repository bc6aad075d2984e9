import Foundation
import Testing
@testable import LM
import NN

// The benchmark itself runs through `whittle bench lm` (bench/lm/run.sh); this checks that it
// decodes the anchor fixture's tokens.
@Test func benchmarkRunsAndMatchesTheAnchor() throws {
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
