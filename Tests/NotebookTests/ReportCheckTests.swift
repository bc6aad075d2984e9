import Foundation
import Testing
@testable import Notebook

private func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "whittle-notebook-tests-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Test func checkModeDetectsStaleReportsAndUpdateFixesThem() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let notebookPath = folder + "/lecture.md"
    let reportPath = ReportWriter.reportPath(forNotebook: notebookPath)
    let notebook = try Notebook(parsing: golden("lecture.md"), file: "lecture.md")
    let writer = ReportWriter(svgBaseName: ReportWriter.svgBaseName(forReport: reportPath))
    let rendered = writer.render(NotebookRunner().run(notebook, in: FakeSession()))

    // No committed report yet: stale, and the diff adds every line.
    let missing = ReportCheck.compare(rendered, withReportAt: reportPath)
    #expect(!missing.isCurrent)
    #expect(missing.exitStatus == 1)

    try ReportCheck.update(rendered, reportAt: reportPath)
    #expect(ReportCheck.compare(rendered, withReportAt: reportPath).isCurrent)
    #expect(FileManager.default.fileExists(atPath: folder + "/reports/lecture-1.svg"))
    // No temporary files are left behind by the atomic writes.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/reports").sorted() == ["lecture-1.svg", "lecture.md"])

    // Someone edits the committed report by hand: check mode shows the diff.
    let edited = rendered.markdown.replacingOccurrences(of: "```text\nsetup done", with: "```text\nsetup finished")
    try edited.write(toFile: reportPath, atomically: true, encoding: .utf8)
    let stale = ReportCheck.compare(rendered, withReportAt: reportPath)
    #expect(stale.diff == """
        --- \(reportPath) (committed)
        +++ \(reportPath) (fresh run)
        @@ -13,7 +13,7 @@
         ```
         
         ```text
        -setup finished
        +setup done
         ```
         
         A diagram that is not a cell:

        """)
}

@Test func checkModeComparesSVGFiles() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let reportPath = folder + "/reports/nb.md"
    let rendered = ReportWriter.Rendered(markdown: "![plot](nb-1.svg)\n",
                                         files: [.init(name: "nb-1.svg", contents: "<svg>new</svg>\n")])
    try ReportWriter.write(.init(markdown: rendered.markdown, files: [.init(name: "nb-1.svg", contents: "<svg>old</svg>\n")]),
                           to: reportPath)
    let outcome = ReportCheck.compare(rendered, withReportAt: reportPath)
    #expect(outcome.diff.contains("-<svg>old</svg>\n+<svg>new</svg>\n"))
    #expect(outcome.diff.hasPrefix("--- \(folder)/reports/nb-1.svg (committed)"))
}
