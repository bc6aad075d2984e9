import Foundation
import Notebook
import Render

/// Gradescope's autograder `results.json` (one per submission): top-level score and
/// max_score, and one entry per test with its score, status, output and visibility.
struct GradescopeResults: Codable {
    struct Test: Codable {
        var name: String
        var score: Double
        var max_score: Double
        var status: String
        var output: String
        var visibility: String
    }
    var score: Double
    var max_score: Double
    var output: String
    var visibility: String
    var tests: [Test]

    /// - Parameter hiddenVisibility: Gradescope visibility of hidden tests
    ///   ("hidden", "after_due_date" or "after_published").
    init(_ grade: SubmissionGrade, hiddenVisibility: String) {
        score = grade.score
        max_score = grade.maxScore
        output = (grade.notes + (grade.failure.map { ["grading failed: \($0)"] } ?? [])).joined(separator: "\n")
        visibility = "visible"
        tests = grade.tests.map {
            Test(name: $0.expected.testName, score: $0.score, max_score: $0.expected.points,
                 status: $0.passed ? "passed" : "failed", output: $0.output,
                 visibility: $0.expected.hidden ? hiddenVisibility : "visible")
        }
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// JUnit XML: one <testsuite> per submission, one <testcase> per check.
enum JUnitReport {
    static func xml(_ grades: [SubmissionGrade]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let failures = grades.reduce(0) { $0 + $1.tests.filter { !$0.passed }.count }
        out += "<testsuites tests=\"\(grades.reduce(0) { $0 + $1.tests.count })\" failures=\"\(failures)\">\n"
        for grade in grades {
            let failed = grade.tests.filter { !$0.passed }.count
            out += "  <testsuite name=\"\(escape(grade.path))\" tests=\"\(grade.tests.count)\" failures=\"\(failed)\""
            out += " errors=\"\(grade.failure == nil ? 0 : 1)\">\n"
            for test in grade.tests {
                let classname = escape(test.expected.exercise ?? "notebook")
                out += "    <testcase name=\"\(escape(test.expected.testName))\" classname=\"\(classname)\""
                if test.passed {
                    out += "/>\n"
                    continue
                }
                let message = test.output.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? "failed"
                out += ">\n      <failure message=\"\(escape(message))\">\(escape(test.output))</failure>\n"
                out += "    </testcase>\n"
            }
            if !grade.notes.isEmpty {
                out += "    <system-out>\(escape(grade.notes.joined(separator: "\n")))</system-out>\n"
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// Escapes text for XML attributes and content (Render's `escapeXML`).
    static func escape(_ text: String) -> String { escapeXML(text) }
}

/// The terminal forms: one submission's checks, and the summary table.
enum GradeTerminal {
    static func details(_ grade: SubmissionGrade) -> String {
        var out = "\(grade.path)\n"
        for test in grade.tests {
            let points = "\(formatNumber(test.score))/\(formatNumber(test.expected.points))"
            let hidden = test.expected.hidden ? " [hidden]" : ""
            out += "  \(test.passed ? "✔" : "✘") \(test.expected.testName)\(hidden) (\(points))\n"
            for line in test.output.split(separator: "\n") { out += "      \(line)\n" }
        }
        for note in grade.notes { out += "  note: \(note)\n" }
        if let failure = grade.failure { out += "  error: \(failure)\n" }
        return out
    }

    static func summary(_ grades: [SubmissionGrade], exercises: [String], width: Int) -> String {
        let headers = ["submission"] + exercises + ["total", "max"]
        let rows: [[Render.Cell]] = grades.map { grade in
            var row: [Render.Cell] = [.text(grade.path)]
            for exercise in exercises {
                let tests = grade.tests.filter { ($0.expected.exercise ?? "") == exercise }
                row.append(.number(tests.reduce(0) { $0 + $1.score }))
            }
            row.append(.number(grade.score))
            row.append(.number(grade.maxScore))
            return row
        }
        return Table(headers: headers, rows: rows).terminal(width: width, color: false) + "\n"
    }
}
