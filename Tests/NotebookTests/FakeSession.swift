@testable import Notebook

/// A stand-in for the interpreter: a tiny line language just rich enough to exercise
/// the runner and the report writer.
///
/// - `print TEXT` prints TEXT; `show NAME` emits a display (with an SVG);
/// - `check NAME pass|fail POINTS [hint…]` records a check;
/// - a line containing `boom` raises "boom: something exploded" at that line;
/// - `todo(...)` raises "not implemented"; anything else is ignored.
final class FakeSession: CellSession {
    var calls: [(code: String, file: String, firstLine: Int, timeout: Double?)] = []

    func run(code: String, file: String, firstLine: Int, timeout: Double?) -> CellResult {
        calls.append((code, file, firstLine, timeout))
        var result = CellResult()
        for (offset, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: " ")
            let lineNumber = firstLine + offset
            if text.contains("boom") || text.hasPrefix("todo(") {
                let message = text.hasPrefix("todo(") ? "not implemented: write your solution" : "boom: something exploded"
                result.error = CellError(message: message,
                                         rendered: "\(file):\(lineNumber):1: error: \(message)\n  \(text)\n  ^",
                                         line: lineNumber, column: 1)
                return result
            } else if text.hasPrefix("print ") {
                result.outputs.append(.text(String(text.dropFirst(6)) + "\n"))
            } else if text.hasPrefix("show ") {
                let name = text.dropFirst(5)
                result.outputs.append(.display(terminal: "[\(name)]", markdown: "| \(name) |\n| --- |\n| 1 |\n",
                                               svg: "<svg><title>\(name)</title></svg>\n"))
            } else if text.hasPrefix("check ") {
                let words = text.split(separator: " ").map(String.init)
                guard words.count >= 4, let points = Double(words[3]) else { continue }
                let passed = words[2] == "pass"
                let hint = words.count > 4 ? words[4...].joined(separator: " ") : nil
                result.checks.append(CheckOutcome(name: words[1], passed: passed, points: passed ? points : 0,
                                                  maxPoints: points, hint: hint))
            }
        }
        return result
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: Character) -> String {
        var text = Substring(self)
        while text.first == set { text.removeFirst() }
        while text.last == set { text.removeLast() }
        return String(text)
    }
}

/// Reads a golden file from the test bundle's `Golden` folder.
func golden(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Golden") else {
        throw NotebookError.io(path: name, "golden file missing")
    }
    return try String(contentsOf: url, encoding: .utf8)
}

import Foundation
