import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A submission that reads but does not parse as a notebook is the student's mistake: it
/// scores 0 on every check, with the parse error as the feedback, and grading succeeds.
/// A file that cannot be read, or a key that does not parse, still fails grading.
extension GradeTests {
    /// Each fixture in Fixtures/grading/unparsable and the error (file:line) it must report.
    static let parseErrors = [
        "bad_front_matter": "unparsable/bad_front_matter.md:4:8: error: invalid front matter:",
        "unclosed_fence": "unparsable/unclosed_fence.md:47:1: error: this ```whittle fence is never closed",
        "unknown_option": "unparsable/unknown_option.md:34:4: error: unknown cell option 'exercize' (did you mean 'exercise'?)",
    ]

    @Test func unparsableSubmissionsScoreZeroWithTheParseError() throws {
        let folder = try temporaryFolder()
        let json = folder.appendingPathComponent("json")
        let junit = folder.appendingPathComponent("results.xml")
        let (status, output) = try runWhittle([
            "grade", "unparsable", "--key", "key.md", "--json", json.path + "/", "--junit", junit.path,
        ], cwd: Self.fixtures)
        #expect(status == 0, "\(output)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(try XMLDocument(xmlString: xml).rootElement()?.elements(forName: "testsuite").count == 3)
        for (name, error) in Self.parseErrors {
            let result = try results(json.appendingPathComponent(name + ".json"))
            #expect(result["score"] as? Double == 0, "\(name)")
            #expect(result["max_score"] as? Double == 10, "\(name)")
            #expect((result["output"] as? String ?? "").contains(error), "\(name)")
            // Every check of the key is listed, the hidden ones too, each with the error.
            let tests = try #require(result["tests"] as? [[String: Any]])
            #expect(tests.count == 7)
            #expect(tests.filter { $0["visibility"] as? String == "after_due_date" }.count == 3)
            for test in tests {
                #expect(test["score"] as? Double == 0 && test["status"] as? String == "failed")
                let feedback = test["output"] as? String ?? ""
                #expect(feedback.hasPrefix("not graded: ") && feedback.contains(error), "\(name)")
            }
            // The only character of these errors that XML escapes is the quote.
            let escaped = error.replacingOccurrences(of: "'", with: "&apos;")
            #expect(xml.contains("<failure message=\"not graded: \(escaped)"), "\(name)")
            #expect(output.contains(error), "\(name)")
        }
    }

    @Test func unparsableSubmissionShowsTheErrorForEachCheck() throws {
        let (status, output) = try runWhittle(["grade", "unparsable/unclosed_fence.md", "--key", "key.md"],
                                              cwd: Self.fixtures)
        #expect(status == 0, "\(output)")
        let error = try #require(Self.parseErrors["unclosed_fence"])
        #expect(output.contains("✘ q2: clamps below [hidden] (0/1)\n      not graded: \(error)"))
        #expect(output.components(separatedBy: "not graded: \(error)").count - 1 == 7)
    }

    @Test func nonUTF8SubmissionFailsGradingWithStatus1() throws {
        let file = try temporaryFolder().appendingPathComponent("latin1.md")
        try Data("# Caf\u{E9}\n".data(using: .isoLatin1)!).write(to: file)
        let (status, output) = try runWhittle([
            "grade", file.path, "--key", Self.fixtures.appendingPathComponent("key.md").path,
        ])
        #expect(status == 1, "\(output)")
        #expect(output.contains("\(file.path): error: the file is not UTF-8 text; save it as UTF-8"))
    }

    @Test func keyThatDoesNotParseFailsGradingWithStatus1() throws {
        let key = try temporaryFolder().appendingPathComponent("key.md")
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("key.md"), encoding: .utf8)
        try text.replacingOccurrences(of: "#| exercise: q2", with: "#| exercize: q2").write(to: key, atomically: true, encoding: .utf8)
        let (status, output) = try runWhittle([
            "grade", Self.fixtures.appendingPathComponent("submissions/correct.md").path, "--key", key.path,
        ])
        #expect(status == 1, "\(output)")
        #expect(output.contains("\(key.path):39:4: error: unknown cell option 'exercize'"))
    }
}
