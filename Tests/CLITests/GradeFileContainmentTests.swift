import Foundation
import Testing

/// Student code writes nowhere grading, the key, the course or other submissions read
/// (issue: a submission planted `models/NAME.*` so that honest students graded after it
/// failed). Each test builds a small course: a key that loads `models/tiny` and checks it,
/// then grades hostile and honest submissions in one `grade` run.
@Suite struct GradeFileContainmentTests {
    /// A course folder with `models/tiny` (a 1-step arithmetic model) and a key that loads it.
    func makeCourse() throws -> URL {
        let course = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-course-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: course.appendingPathComponent("submissions"), withIntermediateDirectories: true)
        let make = course.appendingPathComponent("make.wh")
        try """
        let m = train_arithmetic(format: "direct", digits: [1, 1], steps: 1, batch: 2, width: 8, layers: 1, heads: 1, context: 16, seed: 0)
        save_lm(m, "models/tiny", manifest: {"course": true})
        """.write(to: make, atomically: true, encoding: .utf8)
        let (status, output) = try runWhittle(["run", make.path], cwd: course)
        #expect(status == 0, "\(output)")
        try """
        # Key

        ```whittle
        let expected_params = load_lm("models/tiny").params
        ```

        ```whittle
        #| exercise: q1
        ### BEGIN SOLUTION
        fn course_model() { load_lm("models/tiny") }
        ### END SOLUTION
        check "the course's model" { course_model().manifest.course == true } points 1
        check "its size" { course_model().params == expected_params } points 1
        ```
        """.write(to: course.appendingPathComponent("key.md"), atomically: true, encoding: .utf8)
        return course
    }

    func submission(_ course: URL, _ name: String, _ body: String) throws {
        try """
        ```whittle
        #| exercise: q1
        \(body)
        ```
        """.write(to: course.appendingPathComponent("submissions/\(name).md"), atomically: true, encoding: .utf8)
    }

    /// Every file under `folder` with its size and modification date, to see that nothing changed.
    func snapshot(_ folder: URL) -> [String: String] {
        var out: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])
        while let url = enumerator?.nextObject() as? URL {
            let values = try? url.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
            out[url.path] = "\(values?.fileSize ?? -1) \(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)"
        }
        return out
    }

    @Test func aPlantedModelReachesNeitherTheCourseNorLaterSubmissions() throws {
        let course = try makeCourse()
        defer { try? FileManager.default.removeItem(at: course) }
        // "a_" sorts first: graded (and reported) before the honest one.
        try submission(course, "a_planter", """
        let mine = train_arithmetic(format: "direct", digits: [1, 1], steps: 1, batch: 2, width: 8, layers: 1, heads: 1, context: 16, seed: 5)
        save_lm(mine, "models/tiny", manifest: {"course": false})
        save_lm(mine, "submissions/models/tiny", manifest: {"course": false})
        save_lm(mine, "results/b_honest", manifest: {"score": 999})
        fn course_model() { load_lm("models/tiny") }
        """)
        try submission(course, "b_honest", "fn course_model() { load_lm(\"models/tiny\") }")
        let before = snapshot(course)
        let results = course.appendingPathComponent("results/")
        let (status, output) = try runWhittle(["grade", "submissions", "--key", "key.md", "--json", "results/", "--jobs", "1"],
                                              cwd: course)
        #expect(status == 0, "\(output)")
        // Nothing in the course changed; the grader wrote only its two result files.
        var after = snapshot(course)
        after = after.filter { !$0.key.hasPrefix(results.path) && $0.key != results.path.dropLast().description }
        #expect(after == before, "files written during grading: \(Set(after.keys).symmetricDifference(before.keys))")
        let honest = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: results.appendingPathComponent("b_honest.json"))) as? [String: Any])
        #expect(honest["score"] as? Double == 2, "\(honest)")
        // The planter's saves went to its own scratch folder, which is read last: the course's model still wins.
        let planter = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: results.appendingPathComponent("a_planter.json"))) as? [String: Any])
        #expect(planter["score"] as? Double == 2, "\(planter)")
    }

    @Test func aSubmissionCanReloadWhatItSavedButCannotLeaveItsFolder() throws {
        let course = try makeCourse()
        defer { try? FileManager.default.removeItem(at: course) }
        try submission(course, "reloads", """
        save_lm(load_lm("models/tiny"), "mine", manifest: {"course": true})
        fn course_model() { load_lm("mine") }
        print(load_lm("mine").name)
        """)
        let out = course.appendingPathComponent("r.json")
        let (status, output) = try runWhittle(["grade", "submissions/reloads.md", "--key", "key.md", "--json", out.path], cwd: course)
        #expect(status == 0, "\(output)")
        let result = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        #expect(result["score"] as? Double == 2, "\(result)")
        #expect(!FileManager.default.fileExists(atPath: course.appendingPathComponent("mine.safetensors").path))

        for (path, message) in [("../escape", "would leave the project folder"), ("/tmp/abs", "use a path inside the project folder")] {
            try submission(course, "escapes", "save_lm(load_lm(\"models/tiny\"), \"\(path)\")\nfn course_model() { 1 }")
            let (_, escaped) = try runWhittle(["grade", "submissions/escapes.md", "--key", "key.md"], cwd: course)
            #expect(escaped.contains(message), "\(path): \(escaped)")
        }
    }

    @Test func aSymbolicLinkOutOfTheCourseIsRefused() throws {
        let course = try makeCourse()
        defer { try? FileManager.default.removeItem(at: course) }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-outside-\(UUID().uuidString).safetensors")
        try FileManager.default.copyItem(at: course.appendingPathComponent("models/tiny.safetensors"), to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: course.appendingPathComponent("models/link.safetensors"), withDestinationURL: outside)
        let script = course.appendingPathComponent("link.wh")
        try "load_lm(\"models/link\")\n".write(to: script, atomically: true, encoding: .utf8)
        let (status, output) = try runWhittle(["run", script.path], cwd: course)
        #expect(status == 1)
        #expect(output.contains("\"models/link.safetensors\" leads outside the project folder"), "\(output)")
    }
}
