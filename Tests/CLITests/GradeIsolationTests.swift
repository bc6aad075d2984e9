import Foundation
import Testing

/// What one exercise does must not change how the next is graded: an interrupt left pending
/// by an output flood, or a huge error message, stays with the cell that caused it.
@Suite struct GradeIsolationTests {
    func course(key: String, submission: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-isolation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try key.write(to: folder.appendingPathComponent("key.md"), atomically: true, encoding: .utf8)
        try submission.write(to: folder.appendingPathComponent("sub.md"), atomically: true, encoding: .utf8)
        return folder
    }

    static let key = """
    ```whittle
    #| exercise: q1
    ### BEGIN SOLUTION
    fn shout() { "hi" }
    ### END SOLUTION
    check "shout" { shout() == "hi" } points 1
    ```

    ```whittle
    #| exercise: q2
    ### BEGIN SOLUTION
    fn total(n) { var s = 0; for i in 0..<n { s += i }; s }
    ### END SOLUTION
    check "total" { total(5000) == 12497500 } points 1
    ```
    """

    @Test(arguments: ["print(\"E\" * 200000)", "for i in 0..<3 { print(\"F\" * 40000) }"])
    func aFloodInOneExerciseDoesNotInterruptTheNext(flood: String) throws {
        let folder = try course(key: Self.key, submission: """
        ```whittle
        #| exercise: q1
        \(flood)
        fn shout() { "hi" }
        ```

        ```whittle
        #| exercise: q2
        fn total(n) { var s = 0; for i in 0..<n { s += i }; s }
        ```
        """)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("r.json")
        let (status, output) = try runWhittle(["grade", "sub.md", "--key", "key.md", "--json", out.path], cwd: folder)
        #expect(status == 0, "\(output)")
        let result = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any])
        let tests = try #require(result["tests"] as? [[String: Any]])
        #expect(tests[1]["score"] as? Double == 1, "q2 must pass: \(tests[1])")
    }
}
