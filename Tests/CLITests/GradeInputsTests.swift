import Foundation
import Testing

/// The grader's own inputs and outputs under attack: a submission that is a link to the key,
/// two submissions with one file name, an error message of megabytes, escape sequences in
/// what a submission names.
@Suite struct GradeInputsTests {
    static let key = """
    ```whittle
    #| exercise: q1
    ### BEGIN SOLUTION
    fn two() { 2 }
    ### END SOLUTION
    check "two" { two() == 2 } points 1
    ### BEGIN HIDDEN TESTS
    check "still two" { two() + 0 == 2 } points 1
    ### END HIDDEN TESTS
    ```
    """

    func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("subs"), withIntermediateDirectories: true)
        try Self.key.write(to: url.appendingPathComponent("key.md"), atomically: true, encoding: .utf8)
        return url
    }

    func write(_ text: String, _ path: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func answer(_ body: String, id: String = "q1") -> String { "```whittle\n#| exercise: \(id)\n\(body)\n```\n" }

    @Test func aLinkToTheKeyIsRefusedNotGraded() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("subs/sneaky.md").path, withDestinationPath: "../key.md")
        try write(Self.answer("fn two() { 2 }"), "subs/honest.md", in: dir)
        let (status, output) = try runWhittle(["grade", "subs", "--key", "key.md", "--json", "out/"], cwd: dir)
        #expect(status == 1, "a refused submission is the instructor's to see: \(output)")
        #expect(output.contains("refused: a symbolic link"), "\(output)")
        let sneaky = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/sneaky.json"))) as? [String: Any])
        #expect(sneaky["score"] as? Double == 0)
        let honest = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/honest.json"))) as? [String: Any])
        #expect(honest["score"] as? Double == 2)
    }

    @Test func twoSubmissionsWithOneNameKeepTheirOwnResults() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(Self.answer("fn two() { 2 }"), "subs/alice/hw.md", in: dir)
        try write(Self.answer("fn two() { 3 }"), "subs/bob/hw.md", in: dir)
        try write(Self.answer("fn two() { 2 }"), "subs/carol.md", in: dir)
        let (status, output) = try runWhittle(["grade", "subs", "--key", "key.md", "--json", "out/"], cwd: dir)
        #expect(status == 0, "\(output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted()
        #expect(names == ["carol.json", "subs__alice__hw.json", "subs__bob__hw.json"])
        let bob = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("out/subs__bob__hw.json"))) as? [String: Any])
        #expect(bob["score"] as? Double == 0)
    }

    @Test(arguments: ["error(\"E\" * 7500000)", "fn two() { error(\"E\" * 7500000) }", "print(\"P\" * 60000)\nfn two() { 2 }"])
    func hugeMessagesAreCappedEverywhere(body: String) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try write(Self.answer(body), "subs/big.md", in: dir)
        let (_, output) = try runWhittle(["grade", "subs/big.md", "--key", "key.md", "--json", "r.json", "--junit", "r.xml"], cwd: dir)
        let json = try Data(contentsOf: dir.appendingPathComponent("r.json"))
        let xml = try Data(contentsOf: dir.appendingPathComponent("r.xml"))
        #expect(json.count < 20_000, "results.json is \(json.count) bytes")
        #expect(xml.count < 20_000, "JUnit is \(xml.count) bytes")
        #expect(output.utf8.count < 40_000, "terminal output is \(output.utf8.count) bytes")
    }

    @Test func escapeSequencesNeverReachTheTerminalOrTheReports() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let escape = "\u{1B}[2J\u{1B}]0;owned\u{07}"
        try write(Self.answer("fn two() { 2 }") + "\n" + Self.answer("1", id: "q9\(escape)")
                  + "\n" + Self.answer("error(\"bad\u{1B}[31m\u{202E}txt\")", id: "q1"), "subs/esc.md", in: dir)
        try write(Self.answer("fn two() { error(\"\(escape)\") }"), "subs/esc\u{1B}[1m.md", in: dir)
        let (_, output) = try runWhittle(["grade", "subs", "--key", "key.md", "--json", "out/", "--junit", "r.xml"], cwd: dir)
        #expect(!output.unicodeScalars.contains("\u{1B}"), "\(output.debugDescription)")
        #expect(!output.unicodeScalars.contains("\u{202E}"))
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path) {
            #expect(!file.unicodeScalars.contains("\u{1B}"), "result file name \(file.debugDescription)")
            let text = try String(contentsOf: dir.appendingPathComponent("out/\(file)"), encoding: .utf8)
            #expect(!text.contains("\\u001b") && !text.unicodeScalars.contains("\u{1B}"), "\(file): \(text)")
        }
    }
}
