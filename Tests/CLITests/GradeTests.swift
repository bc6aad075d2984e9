import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// End-to-end tests of `whittle assign` and `whittle grade` on the fixtures in
/// Fixtures/grading: a key with three exercises (visible and hidden checks), its golden
/// student copy, and submissions that are correct, partly wrong, broken or hostile.
@Suite struct GradeTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        .appendingPathComponent("grading")

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-grade-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func results(_ url: URL) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    @Test func assignWritesTheGoldenStudentCopy() throws {
        let out = try temporaryFolder().appendingPathComponent("student.md")
        let (status, output) = try runWhittle(["assign", Self.fixtures.appendingPathComponent("key.md").path, "-o", out.path])
        #expect(status == 0, "\(output)")
        let golden = try String(contentsOf: Self.fixtures.appendingPathComponent("student.golden.md"), encoding: .utf8)
        #expect(try String(contentsOf: out, encoding: .utf8) == golden)
        #expect(!golden.contains("HIDDEN") && !golden.contains("absmax of negatives"))
    }

    @Test func gradesEverySubmissionWithExactScores() throws {
        let folder = try temporaryFolder()
        let json = folder.appendingPathComponent("json")
        let junit = folder.appendingPathComponent("results.xml")
        let (status, output) = try runWhittle([
            "grade", "submissions", "--key", "key.md",
            "--json", json.path + "/", "--junit", junit.path, "--time-limit", "8", "--jobs", "4",
        ], cwd: Self.fixtures)
        #expect(status == 0, "\(output)")
        let expected: [String: Double] = [
            "correct": 10, "partly_wrong": 8, "syntax_error": 6, "infinite_loop": 6,
            "huge_output": 7, "redefines_check": 0, "reads_outside": 3,
        ]
        for (name, score) in expected {
            let result = try results(json.appendingPathComponent(name + ".json"))
            #expect(result["score"] as? Double == score, "\(name)")
            #expect(result["max_score"] as? Double == 10, "\(name)")
            let tests = try #require(result["tests"] as? [[String: Any]])
            #expect(tests.count == 7)
            // Gradescope's documented fields, with their allowed values.
            for test in tests {
                #expect(test["name"] is String && test["score"] is Double && test["max_score"] is Double)
                #expect(["passed", "failed"].contains(test["status"] as? String ?? ""))
                #expect(["visible", "after_due_date"].contains(test["visibility"] as? String ?? ""))
                #expect(test["output"] is String)
            }
            #expect(tests.filter { $0["visibility"] as? String == "after_due_date" }.count == 3)
        }
        let loop = try results(json.appendingPathComponent("infinite_loop.json"))
        let loopTests = try #require(loop["tests"] as? [[String: Any]])
        #expect((loopTests[2]["output"] as? String ?? "").contains("time limit exceeded"))
        let flood = try results(json.appendingPathComponent("huge_output.json"))
        let floodTests = try #require(flood["tests"] as? [[String: Any]])
        #expect((floodTests[5]["output"] as? String ?? "").contains("output limit exceeded"))
        let hostile = try results(json.appendingPathComponent("redefines_check.json"))
        let hostileOutput = (hostile["tests"] as? [[String: Any]] ?? []).compactMap { $0["output"] as? String }.joined()
        #expect(hostileOutput.contains("Can't redefine 'close'; it is a locked built-in."))
        #expect(hostileOutput.contains("Can't redefine 'todo'; it is a locked built-in."))
        let outside = try results(json.appendingPathComponent("reads_outside.json"))
        #expect(((outside["tests"] as? [[String: Any]])?[0]["output"] as? String ?? "").contains("Undefined variable 'read_file'"))

        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites tests=\"49\""))
        #expect(xml.contains("<testcase name=\"q1: absmax of w\" classname=\"q1\"/>"))
        #expect(xml.contains("<failure message=\"your code for q2 failed: Expect &apos;)&apos; after arguments.\">"))
        #expect(try XMLDocument(xmlString: xml).rootElement()?.elements(forName: "testsuite").count == 7)
        // The summary table lists the submissions in path order.
        let order = ["correct", "huge_output", "infinite_loop", "partly_wrong", "reads_outside", "redefines_check", "syntax_error"]
        let positions = order.compactMap { output.range(of: "/\($0).md")?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted())
    }

    @Test func wallClockKillKeepsWhatWasGraded() throws {
        let out = try temporaryFolder().appendingPathComponent("r.json")
        let (status, output) = try runWhittle([
            "grade", Self.fixtures.appendingPathComponent("slow/two_loops.md").path,
            "--key", Self.fixtures.appendingPathComponent("key.md").path, "--json", out.path, "--time-limit", "3",
        ])
        #expect(status == 0, "\(output)")
        let result = try results(out)
        #expect(result["score"] as? Double == 0)
        let tests = try #require(result["tests"] as? [[String: Any]])
        #expect((tests[0]["output"] as? String ?? "").contains("time limit exceeded (2 s for this cell)"))
        #expect(tests[6]["output"] as? String == "time limit exceeded")
    }

    @Test func aKeyWhoseCellStopsIsRefusedNotGradedWithFewerPoints() throws {
        let folder = try temporaryFolder()
        let key = folder.appendingPathComponent("key.md")
        try """
            ---
            title: slow key
            ---

            ```whittle
            var n = 0
            while true { n = n + 1 }
            check "never reached" { n > 0 } points 1
            ```

            ```whittle
            #| exercise: q1
            #| points: 1
            let x = 1
            check "one" { x == 1 } points 1
            ```
            """.write(to: key, atomically: true, encoding: .utf8)
        let submission = folder.appendingPathComponent("student.md")
        try FileManager.default.copyItem(at: key, to: submission)
        let (status, output) = try runWhittle(["grade", submission.path, "--key", key.path, "--cell-timeout", "1"])
        #expect(status == 1, "\(output)")
        #expect(output.contains("the key's cell at") && output.contains("stopped"), "\(output)")
    }

    @Test func submissionCannotRebindWhatTheChecksRead() throws {
        // The student's q1 rebinds the key's `w` so that a wrong absmax passes "absmax of w";
        // the key's names are locked during student code, so q1 fails to compile instead.
        let out = try temporaryFolder().appendingPathComponent("r.json")
        let (status, output) = try runWhittle([
            "grade", Self.fixtures.appendingPathComponent("rebinds/rebinds_setup.md").path,
            "--key", Self.fixtures.appendingPathComponent("key.md").path, "--json", out.path,
        ])
        #expect(status == 0, "\(output)")
        let result = try results(out)
        #expect(result["score"] as? Double == 7)
        let tests = try #require(result["tests"] as? [[String: Any]])
        #expect((tests[0]["output"] as? String ?? "").contains("Can't redefine 'w'; the exercise's setup defines it"))
    }

    @Test func unreadableSubmissionFailsGradingWithStatus1() throws {
        let (status, output) = try runWhittle([
            "grade", "/no/such/submission.md", "--key", Self.fixtures.appendingPathComponent("key.md").path,
        ])
        #expect(status == 1, "\(output)")
        #expect(output.contains("cannot read the file: '/no/such/submission.md'"), "\(output)")
    }
}
