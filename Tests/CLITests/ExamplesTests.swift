import Foundation
import Testing

/// Every script in examples/ runs cleanly (they are documentation; they must not rot).
@Suite struct ExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var scripts: [String] {
        let folder = root.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".wh") }.sorted().map { folder.appendingPathComponent($0).path }
    }

    @Test func examplesFolderHasScripts() {
        #expect(Self.scripts.count >= 4)
    }

    @Test(arguments: scripts)
    func exampleRuns(_ path: String) throws {
        let (status, output) = try runWhittle(["run", path], cwd: Self.root)
        #expect(status == 0, "\(path) failed:\n\(output)")
    }
}
