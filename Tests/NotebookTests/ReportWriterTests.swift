import Foundation
import Testing
@testable import Notebook

private func lectureReport(svg: Bool = true) throws -> ReportWriter.Rendered {
    let notebook = try Notebook(parsing: golden("lecture.md"), file: "notebooks/lecture.md")
    let report = NotebookRunner().run(notebook, in: FakeSession())
    return ReportWriter(svgBaseName: svg ? "lecture" : nil).render(report)
}

@Test func reportMatchesGoldenFile() throws {
    let rendered = try lectureReport()
    if let path = ProcessInfo.processInfo.environment["WHITTLE_DUMP_GOLDEN"] {
        try rendered.markdown.write(toFile: path, atomically: true, encoding: .utf8)
    }
    #expect(rendered.markdown == (try golden("lecture.report.md")))
    #expect(rendered.files == [.init(name: "lecture-1.svg", contents: "<svg><title>weights</title></svg>\n")])
}

@Test func reportIsByteIdenticalOnRerun() throws {
    #expect(try lectureReport() == lectureReport())
}

@Test func withoutSVGDisplaysUseTheirMarkdown() throws {
    let rendered = try lectureReport(svg: false)
    #expect(rendered.files.isEmpty)
    #expect(rendered.markdown.contains("| weights |\n| --- |\n| 1 |\n"))
}

@Test func fencesGrowPastBackticksInOutput() {
    #expect(Formatting.fenced("a ``` b\n", info: "text") == "````text\na ``` b\n````\n")
    #expect(Formatting.points(2) == "2")
    #expect(Formatting.points(0.5) == "0.5")
}

@Test func reportPathConvention() {
    #expect(ReportWriter.reportPath(forNotebook: "notebooks/02-quantization.md") == "notebooks/reports/02-quantization.md")
    #expect(ReportWriter.reportPath(forNotebook: "nb.md") == "reports/nb.md")
    #expect(ReportWriter.svgBaseName(forReport: "notebooks/reports/02-quantization.md") == "02-quantization")
}

@Test func terminalRendering() throws {
    let notebook = try Notebook(parsing: golden("lecture.md"), file: "lecture.md")
    let report = NotebookRunner().run(notebook, in: FakeSession())
    let renderer = TerminalRenderer(color: false)
    #expect(renderer.render(report.cells[1], total: 9) == "── cell 2/9 (line 22) ──\nhidden source, visible output\n[weights]\n")
    #expect(renderer.render(report.cells[6], total: 9)
        == "── cell 7/9 (line 50) ──\n✔ scale (2/2)\n✘ zero-point (0/3) — hint: use the minimum\n")
    #expect(renderer.render(report.cells[8], total: 9) == "── cell 9/9 (line 61) ──\nnot run: an earlier cell failed\n")
    #expect(renderer.summary(report, seconds: 0.5) == "9 cells: 6 ok, 1 failed, 1 skipped, 1 not run · score 5/8 · unsolved: q1 · 0.50 s\n")
    #expect(TerminalRenderer(color: true).summary(report, seconds: 0).hasPrefix("\u{1B}[31m"))
}

@Test func asisOutputIsRawMarkdownAndHiddenCellsShowOnlyChecks() throws {
    let text = """
        ```whittle
        #| output: asis
        print **bold** text
        ```

        ```whittle
        #| hidden: true
        print secret
        check c pass 1
        ```
        """
    let notebook = try Notebook(parsing: text, file: "a.md")
    let rendered = ReportWriter().render(NotebookRunner().run(notebook, in: FakeSession()))
    #expect(rendered.markdown == """
        ```whittle
        print **bold** text
        ```

        **bold** text

        - ✔ c (1/1)

        ---

        ## Score

        | check | cell | points |
        | :-- | --: | --: |
        | ✔ c | 2 | 1/1 |
        | **total** | | **1/1** |

        """)
}
