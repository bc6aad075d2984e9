import Foundation
import Testing

/// docs/library.md is generated from the doc strings (`whittle reference`); CI fails when a
/// function's documentation changed and the committed reference did not.
@Suite struct LibraryReferenceTests {
    @Test func theCommittedReferenceIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/library.md"), encoding: .utf8)
        let (status, fresh) = try runWhittle(["reference"], cwd: root)
        #expect(status == 0)
        #expect(fresh == committed, "docs/library.md is stale: run `.build/release/whittle reference > docs/library.md`")
        for name in ["close", "quantize", "generate", "all", "apropos", "import quant"] {
            #expect(fresh.contains("`\(name)"), "\(name) is missing from the reference")
        }
    }

    @Test func helpListsTopicsAndAproposSearches() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("help-\(UUID().uuidString).wh")
        try "help()\napropos(\"BEAM SEARCH\")\napropos(\"zzzz\")\n".write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let (status, output) = try runWhittle(["run", script.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("Quantization:\n") && output.contains("Tensors:\n"), "\(output)")
        #expect(output.contains("generate — "), "apropos finds generate by its doc: \(output)")
        #expect(output.contains("nothing mentions 'zzzz'"))
    }
}
