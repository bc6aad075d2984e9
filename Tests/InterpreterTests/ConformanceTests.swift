import Foundation
import Testing
@testable import Interpreter

/// Runs every golden script in Conformance/. Expectations live in the scripts:
///
///     print(1 + 2)          # expect: 3
///     print(f(1, 2)         # expect error at 3:9: Expect ')' after arguments.
///
/// `# expect:` lines are matched in order against output lines; `# expect error:`
/// lines against the diagnostics' messages (and locations when `at L:C` is given).
/// A `# expect runtime error` script still checks the output printed before the error.
struct ConformanceTests {
    static var scripts: [URL] {
        guard let folder = Bundle.module.url(forResource: "Conformance", withExtension: nil),
              let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { return [] }
        return files.filter { $0.pathExtension == "wh" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test func scriptsExist() {
        #expect(Self.scripts.count >= 10)
    }

    @Test(arguments: scripts.map(\.lastPathComponent))
    func script(_ name: String) throws {
        guard let url = Self.scripts.first(where: { $0.lastPathComponent == name }) else {
            Issue.record("missing \(name)"); return
        }
        let source = try String(contentsOf: url, encoding: .utf8)
        var expectedOutput: [String] = []
        var expectedErrors: [(message: String, line: Int?, column: Int?)] = []
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if let r = line.range(of: "# expect: ") {
                expectedOutput.append(String(line[r.upperBound...]))
            } else if line.hasSuffix("# expect:") {
                expectedOutput.append("")
            } else if let r = line.range(of: "# expect error") {
                var rest = line[r.upperBound...]
                var at: (Int, Int)?
                if rest.hasPrefix(" at ") {
                    rest = rest.dropFirst(4)
                    let position = rest.prefix(while: { $0 != ":" || rest.first == ":" })
                    let parts = rest.split(separator: ":", maxSplits: 2)
                    if parts.count >= 3, let l = Int(parts[0]), let c = Int(parts[1]) {
                        at = (l, c)
                        rest = parts[2]
                    }
                    _ = position
                } else if rest.hasPrefix(":") {
                    rest = rest.dropFirst()
                }
                let message = rest.drop(while: { $0 == " " })
                expectedErrors.append((String(message), at?.0, at?.1))
            }
        }
        let interpreter = Interpreter(options: InterpreterOptions(maxCallDepth: 1000, stepLimit: 2_000_000))
        let sink = BufferSink()
        interpreter.sink = sink
        let outcome = interpreter.run(source, file: name)
        var actualLines = sink.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if actualLines.last == "" { actualLines.removeLast() }
        #expect(actualLines == expectedOutput, "output of \(name)")
        switch outcome {
        case .value:
            #expect(expectedErrors.isEmpty, "\(name) expected errors but ran cleanly")
        case .failure(let diagnostics):
            let rendered = diagnostics.map { $0.render() }.joined()
            #expect(diagnostics.count == expectedErrors.count, "\(name): \(rendered)")
            for (d, e) in zip(diagnostics, expectedErrors) {
                #expect(d.message == e.message, "\(name): \(rendered)")
                if let line = e.line { #expect(d.location.line == line, "\(name): \(rendered)") }
                if let column = e.column { #expect(d.location.column == column, "\(name): \(rendered)") }
            }
        }
    }
}
