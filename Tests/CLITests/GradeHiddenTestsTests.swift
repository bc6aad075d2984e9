import Foundation
import Testing

/// Hidden tests run where nothing they cause reaches what students see (issue 13, class 5): a
/// student function that records its arguments, and a later failure that prints them, must not
/// show a hidden test's inputs.
@Suite struct GradeHiddenTestsTests {
    static let key = """
    ```whittle
    #| exercise: q1
    ### BEGIN SOLUTION
    fn double(x) { 2 * x }
    ### END SOLUTION
    check "doubles 2" { double(2) == 4 } points 1
    ### BEGIN HIDDEN TESTS
    check "doubles a secret" { double(31337) == 62674 } points 2
    ### END HIDDEN TESTS
    ```

    ```whittle
    #| exercise: q2
    ### BEGIN SOLUTION
    fn triple(x) { 3 * x }
    ### END SOLUTION
    check "triples 2" { triple(2) == 6 } points 1
    ### BEGIN HIDDEN TESTS
    check "triples a secret" { triple(4242) == 12726 } points 1
    ### END HIDDEN TESTS
    ```
    """

    static let spy = """
    ```whittle
    #| exercise: q1
    var seen = []
    fn double(x) { append(seen, x); 2 * x }
    ```

    ```whittle
    #| exercise: q2
    print("seen: {seen}")
    fn triple(x) { error("I saw {seen}") }
    ```
    """

    @Test func aSpyCannotShowTheHiddenInputsAndTheScoresStayRight() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-hidden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.key.write(to: dir.appendingPathComponent("key.md"), atomically: true, encoding: .utf8)
        try Self.spy.write(to: dir.appendingPathComponent("spy.md"), atomically: true, encoding: .utf8)
        let (status, output) = try runWhittle(["grade", "spy.md", "--key", "key.md", "--json", "r.json", "--junit", "r.xml"],
                                              cwd: dir)
        #expect(status == 0, "\(output)")
        let json = try String(contentsOf: dir.appendingPathComponent("r.json"), encoding: .utf8)
        let xml = try String(contentsOf: dir.appendingPathComponent("r.xml"), encoding: .utf8)
        for (name, text) in [("terminal", output), ("results.json", json), ("JUnit", xml)] {
            #expect(!text.contains("31337"), "\(name) shows the hidden input: \(text)")
        }
        // The visible feedback still shows what the visible checks' inputs were.
        #expect(json.contains("I saw [2]"), "\(json)")
        let result = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as? [String: Any])
        let scores = (result["tests"] as? [[String: Any]] ?? []).map { $0["score"] as? Double ?? -1 }
        // q1 visible 1, q1 hidden 2 (the spy still doubles), q2 both 0.
        #expect(scores == [1, 2, 0, 0], "\(scores)")
    }
}
