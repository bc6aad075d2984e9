import Foundation
import Testing
@testable import Notebook

@Test func runnerRunsInOrderAndStopsAtFirstFailure() throws {
    let notebook = try Notebook(parsing: golden("lecture.md"), file: "lecture.md")
    let session = FakeSession()
    var finished: [Int] = []
    let report = NotebookRunner().run(notebook, in: session) { index, _ in finished.append(index) }
    #expect(finished == Array(0..<9))
    #expect(report.cells.map(\.status) == [
        .passed, .passed, .expectedError, .skipped, .passed, .passed, .passed,
        .failed(.unexpectedError), .notRun,
    ])
    // eval:false and not-run cells never reach the session.
    #expect(session.calls.count == 7)
    #expect(session.calls[0].firstLine == 13)
    #expect(session.calls[0].timeout == 30)
    #expect(session.calls.allSatisfy { $0.file == "lecture.md" })
    #expect(report.score.points == 5)
    #expect(report.score.maxPoints == 8)
    #expect(report.exitStatus == 1)
    #expect(report.failures.map(\.cell.fenceLine) == [56])
}

@Test func continueOnErrorRunsEveryCell() throws {
    let notebook = try Notebook(parsing: golden("lecture.md"), file: "lecture.md")
    let report = NotebookRunner(continueOnError: true).run(notebook, in: FakeSession())
    #expect(report.cells.last?.status == .passed)
    #expect(!report.cells.contains { $0.status == .notRun })
}

@Test func exitStatusPolicy() throws {
    let text = "```whittle\ncheck a fail 1\n```\n"
    let notebook = try Notebook(parsing: text, file: "s.md")
    #expect(NotebookRunner().run(notebook, in: FakeSession()).exitStatus == 0)
    #expect(NotebookRunner(strict: true).run(notebook, in: FakeSession()).exitStatus == 1)
    let missing = try Notebook(parsing: "```whittle\n#| error: true\nprint fine\n```\n", file: "m.md")
    let report = NotebookRunner().run(missing, in: FakeSession())
    #expect(report.cells[0].status == .failed(.missingError))
    #expect(report.exitStatus == 1)
    let wrong = try Notebook(parsing: "```whittle\n#| error: \"shape\"\nboom\n```\n", file: "w.md")
    #expect(NotebookRunner().run(wrong, in: FakeSession()).cells[0].status == .failed(.wrongError(expected: "shape")))
    let any = try Notebook(parsing: "```whittle\n#| error: true\nboom\n```\n", file: "a.md")
    #expect(NotebookRunner().run(any, in: FakeSession()).exitStatus == 0)
}

@Test func cellTimeoutOverridesFrontMatter() throws {
    let text = "---\ntimeout: 9\n---\n```whittle\n#| timeout: 2\nprint x\n```\n"
    let session = FakeSession()
    _ = NotebookRunner().run(try Notebook(parsing: text, file: "t.md"), in: session)
    #expect(session.calls.first?.timeout == 2)
    #expect(session.calls.first?.firstLine == 6)
}
