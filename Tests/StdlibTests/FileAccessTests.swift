import Foundation
import Testing
@testable import Stdlib

/// The grading file policy on its own: course first, other submissions' scratch folders never.
@Suite struct FileAccessTests {
    @Test func gradingNeverReadsAnotherSubmissionsScratchFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-files-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let own = root.appendingPathComponent("whittle-grade-own")
        let other = root.appendingPathComponent("whittle-grade-other")
        for folder in [own, other, root.appendingPathComponent("models"), own.appendingPathComponent("models")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for file in ["whittle-grade-other/planted.safetensors", "whittle-grade-own/mine.safetensors",
                     "models/a.safetensors", "whittle-grade-own/models/a.safetensors"] {
            try Data("x".utf8).write(to: root.appendingPathComponent(file))
        }
        let files = FileAccess.grading(course: [root], scratch: own, scratchPrefix: "whittle-grade-")
        #expect(throws: (any Error).self) { try files.locate("whittle-grade-other/planted.safetensors", for: "load_lm") }
        #expect(try files.locate("mine.safetensors", for: "load_lm")?.path == own.appendingPathComponent("mine.safetensors").path)
        // The course's file wins over the submission's copy of the same name.
        #expect(try files.locate("models/a.safetensors", for: "load_lm")?.path == root.appendingPathComponent("models/a.safetensors").path)
        let written = try files.writable("sub/new.safetensors", for: "save_lm")
        #expect(written.path.hasPrefix(own.path + "/"))
        #expect(try FileAccess(readRoots: [root], writeRoot: nil).locate("nothing", for: "f") == nil)
        #expect(throws: (any Error).self) { try FileAccess(readRoots: [root], writeRoot: nil).writable("x", for: "save_lm") }
    }
}
