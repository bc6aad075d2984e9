// Golden-file comparison for renderer output.
//
// Golden files live in Tests/RenderTests/Golden/ and are bundled as a resource
// (`.copy("Golden")`), read through `Bundle.module`, and compared byte for byte.
//
// To regenerate them after an intended change, run the tests with
//     WHITTLE_UPDATE_GOLDEN=1 swift test --filter RenderTests
// which rewrites the files in the source tree (found from this file's #filePath);
// review the diff with `git diff Tests/RenderTests/Golden` before committing.
import Foundation
import Testing

enum Golden {
    static var updating: Bool {
        ProcessInfo.processInfo.environment["WHITTLE_UPDATE_GOLDEN"] == "1"
    }

    /// The bundled copy of a golden file.
    static func read(_ name: String) -> String? {
        guard let folder = Bundle.module.url(forResource: "Golden", withExtension: nil) else { return nil }
        let url = folder.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Expects `actual` to equal the golden file `name` (a trailing newline is added
    /// to the file so it is a well-formed text file); rewrites it in update mode.
    static func expect(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let content = actual + "\n"
        if updating {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Golden").appendingPathComponent(name)
            #expect(throws: Never.self, sourceLocation: sourceLocation) {
                try Data(content.utf8).write(to: source)
            }
            return
        }
        guard let expected = read(name) else {
            Issue.record("Missing golden file \(name); run with WHITTLE_UPDATE_GOLDEN=1 to create it.",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(content == expected, "golden \(name) differs", sourceLocation: sourceLocation)
    }
}
