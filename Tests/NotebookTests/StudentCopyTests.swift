import Foundation
import Testing
@testable import Notebook

@Test func studentCopyMatchesGoldenFile() throws {
    let key = try Notebook(parsing: golden("exercise.key.md"), file: "exercise.md")
    let student = try key.studentCopy()
    if let path = ProcessInfo.processInfo.environment["WHITTLE_DUMP_STUDENT"] {
        try student.write(toFile: path, atomically: true, encoding: .utf8)
    }
    #expect(student == (try golden("exercise.student.md")))
    // The student copy is itself a valid notebook with the same exercises.
    let parsed = try Notebook(parsing: student, file: "student.md")
    #expect(parsed.cells.compactMap(\.options.exercise) == ["q1", "q2"])
}

@Test func studentCopyKeepsCRLFAndIndentation() throws {
    let text = "```whittle\r\n\t### BEGIN SOLUTION\r\n\tx\r\n\t### END SOLUTION\r\n```\r\n"
    let copy = try Notebook(parsing: text, file: "c.md").studentCopy()
    #expect(copy == "```whittle\r\n\ttodo(\"write your solution here\")\r\n```\r\n")
}

@Test func unbalancedMarkersAreErrors() throws {
    func copy(_ body: String) throws -> String {
        try Notebook(parsing: "intro\n\n```whittle\n" + body + "```\n", file: "m.md").studentCopy()
    }
    #expect(throws: NotebookError.unbalancedMarker(SourceLocation(file: "m.md", line: 4),
        "'### BEGIN SOLUTION' has no matching end in this cell; add '### END SOLUTION'")) {
        try copy("### BEGIN SOLUTION\nx\n")
    }
    #expect(throws: NotebookError.unbalancedMarker(SourceLocation(file: "m.md", line: 5),
        "'### END SOLUTION' without a matching '### BEGIN SOLUTION'")) {
        try copy("x\n### END SOLUTION\n")
    }
    #expect(throws: NotebookError.unbalancedMarker(SourceLocation(file: "m.md", line: 5),
        "'### BEGIN HIDDEN TESTS' inside the region opened at line 4; close it with '### END SOLUTION' first")) {
        try copy("### BEGIN SOLUTION\n### BEGIN HIDDEN TESTS\n")
    }
    #expect(throws: NotebookError.unbalancedMarker(SourceLocation(file: "m.md", line: 5),
        "'### END HIDDEN TESTS' without a matching '### BEGIN HIDDEN TESTS'")) {
        try copy("### BEGIN SOLUTION\n### END HIDDEN TESTS\n")
    }
}
