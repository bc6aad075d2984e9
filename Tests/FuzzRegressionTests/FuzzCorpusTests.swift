import Foundation
import Testing
import FuzzTargets

/// Every input kept under fuzz/corpus (the crashes the fuzzers and the issue tracker found,
/// and the seeds) runs through its fuzz target in the ordinary build: a crash here is a
/// regression. Returning — with or without an error — is a pass.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fuzz/corpus")

    static func inputs(_ target: String) -> [URL] {
        let folder = corpus.appendingPathComponent(target)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test func everyTargetHasACorpus() {
        for target in ["syntax", "interpreter", "notebook"] { #expect(!Self.inputs(target).isEmpty, "\(target)") }
    }

    @Test(arguments: inputs("syntax")) func syntax(_ input: URL) throws {
        FuzzTargets.syntax(try Data(contentsOf: input))
    }

    @Test(arguments: inputs("interpreter")) func interpreter(_ input: URL) throws {
        FuzzTargets.interpreter(try Data(contentsOf: input), tensorLimits: false)
    }

    @Test(arguments: inputs("notebook")) func notebook(_ input: URL) throws {
        FuzzTargets.notebook(try Data(contentsOf: input))
    }
}
