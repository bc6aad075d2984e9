import Foundation
import Testing

/// A check's inputs cannot be changed by the code it judges, whatever the order of imports
/// and declarations, at run time as well as compile time (issue 13, class 4). One key, one
/// hostile submission per attack; each attack must earn nothing the honest answer would not.
@Suite struct GradeKeyDataTests {
    static let key = """
    ```whittle
    let rows = [{"acc": 0.5}, {"acc": 0.6}]
    var best = 0.6
    ```

    ```whittle
    #| exercise: q1
    ### BEGIN SOLUTION
    fn mean_acc(rs) { (rs[0].acc + rs[1].acc) / 2 }
    ### END SOLUTION
    check "mean of the rows" { close(mean_acc(rows), 0.55) } points 1
    check "not above the best" { mean_acc(rows) <= best } points 1
    ```

    ```whittle
    import quant
    let limit = 1e-3
    ```

    ```whittle
    #| exercise: q2
    ### BEGIN SOLUTION
    fn error_of(w) { mse(w, w * 1.01) }
    ### END SOLUTION
    check "small error" { error_of(tensor([1, 2])) < limit } points 1
    check "mse is the library's" { close(mse(tensor([0, 0]), tensor([1, 1])), 1) } points 1
    ```
    """

    func grade(_ submission: String) throws -> (score: Double, tests: [[String: Any]], output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-keydata-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.key.write(to: dir.appendingPathComponent("key.md"), atomically: true, encoding: .utf8)
        try submission.write(to: dir.appendingPathComponent("sub.md"), atomically: true, encoding: .utf8)
        let (status, output) = try runWhittle(["grade", "sub.md", "--key", "key.md", "--json", "r.json"], cwd: dir)
        #expect(status == 0, "\(output)")
        let result = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as? [String: Any])
        return (result["score"] as? Double ?? -1, result["tests"] as? [[String: Any]] ?? [], output)
    }

    static func submission(q1: String, q2: String = "fn error_of(w) { mse(w, w * 1.01) }") -> String {
        "```whittle\n#| exercise: q1\n\(q1)\n```\n\n```whittle\n#| exercise: q2\n\(q2)\n```\n"
    }

    @Test func theKeyAndAnHonestAnswerScoreFull() throws {
        #expect(try grade(Self.submission(q1: "fn mean_acc(rs) { (rs[0].acc + rs[1].acc) / 2 }")).score == 4)
    }

    @Test(arguments: [
        // Mutate the key's rows in the student's own step, so a wrong answer matches.
        ("for r in rows { r.acc = 0.55 }\nfn mean_acc(rs) { rs[0].acc }", "Can't change this record"),
        ("rows[0] = {\"acc\": 0.55}\nfn mean_acc(rs) { rs[0].acc }", "Can't change this list"),
        ("append(rows, {\"acc\": 0.55})\npop(rows)\nfn mean_acc(rs) { rs[0].acc }", "Can't change this list"),
        // ... or from inside the function the check calls.
        ("fn mean_acc(rs) { rs[0].acc = 0.55; rs[0].acc }", "Can't change this record"),
        ("fn mean_acc(rs) { remove(rs[0], \"acc\"); 0.55 }", "Can't change this dict"),
        // Reassign the key's `var` from a function the check calls.
        ("fn mean_acc(rs) { best = 100; 0.55 + 1 }", "Can't assign to 'best'"),
    ])
    func changingTheKeysDataIsRefused(attack: (String, String)) throws {
        let (score, tests, _) = try grade(Self.submission(q1: attack.0))
        let q1 = tests.prefix(2).map { ($0["output"] as? String) ?? "" }.joined(separator: "\n")
        #expect(q1.contains(attack.1), "\(attack.0): \(q1)")
        #expect(score <= 2, "\(attack.0) scored \(score): \(tests)")
        #expect(tests.prefix(2).allSatisfy { ($0["score"] as? Double) == 0 }, "\(attack.0): \(tests)")
    }

    @Test func aFunctionCompiledBeforeTheKeysLetCannotAssignItLater() throws {
        // q1 defines `cheat`, which assigns `limit` — declared by the key only after q1.
        let (_, tests, _) = try grade(Self.submission(
            q1: "fn mean_acc(rs) { (rs[0].acc + rs[1].acc) / 2 }\nfn cheat() { limit = 1e9 }",
            q2: "cheat()\nfn error_of(w) { 1 }"))
        let q2 = tests[2]
        #expect((q2["output"] as? String ?? "").contains("Can't assign to 'limit'; it is declared with 'let'"), "\(q2)")
        #expect(q2["score"] as? Double == 0)
    }

    @Test func importingAModuleFirstCannotReplaceWhatTheKeyImports() throws {
        // The student imports quant before the key does and replaces its mse; the key's import
        // must bring the module's own mse back, and lock it.
        let (_, tests, _) = try grade(Self.submission(
            q1: "import quant\nfn mse(a, b) { 0 }\nfn mean_acc(rs) { (rs[0].acc + rs[1].acc) / 2 }",
            q2: "fn error_of(w) { mse(w, w * 1.01) }"))
        #expect(tests[3]["score"] as? Double == 1, "the library's mse must be back: \(tests[3])")
        #expect(tests[2]["score"] as? Double == 1, "computed with the library's mse: \(tests[2])")
        // And after the key's import, redefining it is refused.
        let (_, later, _) = try grade(Self.submission(
            q1: "fn mean_acc(rs) { (rs[0].acc + rs[1].acc) / 2 }",
            q2: "fn mse(a, b) { 0 }\nfn error_of(w) { 0 }"))
        #expect((later[2]["output"] as? String ?? "").contains("Can't redefine 'mse'"), "\(later[2])")
    }
}
