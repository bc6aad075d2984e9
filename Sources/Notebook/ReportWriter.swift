/// Renders a `RunReport` as a GitHub-flavoured Markdown report.
///
/// The prose is copied byte for byte; each cell becomes its code (unless `echo: false` or
/// `hidden: true`), its outputs (text in a ```` ```text ```` fence, displays' Markdown
/// inline, SVG plots as image links), its error in a fence, and its checks as `✔`/`✘`
/// list items; a score table closes the report when checks ran. Nothing in the report
/// depends on the clock, so the same results give byte-identical files.
public struct ReportWriter {
    /// When set, SVG displays are written as `<svgBaseName>-<k>.svg` (k = 1, 2, … in
    /// order) next to the report and linked; when nil, their Markdown form is used.
    public var svgBaseName: String?

    /// Creates a writer.
    public init(svgBaseName: String? = nil) {
        self.svgBaseName = svgBaseName
    }

    /// The rendered report: Markdown text and the SVG files it links.
    public struct Rendered: Equatable {
        /// The report's Markdown.
        public var markdown: String
        /// SVG files to write next to the report: (file name, contents), in link order.
        public var files: [File]

        /// One file the report links.
        public struct File: Equatable {
            /// File name, relative to the report's folder.
            public var name: String
            /// File contents.
            public var contents: String
        }
    }

    /// Renders the report.
    public func render(_ report: RunReport) -> Rendered {
        var files: [Rendered.File] = []
        var markdown = report.notebook.frontMatter.raw
        var cellRuns = report.cells.makeIterator()
        for segment in report.notebook.segments {
            switch segment {
            case .markdown(let raw):
                markdown += raw
            case .cell(let cell):
                // Cells and runs are in the same order; a missing run means "not run".
                let run = cellRuns.next() ?? CellRun(cell: cell, status: .notRun, result: nil)
                markdown += renderCell(run, files: &files)
            }
        }
        let summary = renderSummary(report)
        if !summary.isEmpty && !markdown.isEmpty && !markdown.hasSuffix("\n") { markdown += "\n" }
        markdown += summary
        return Rendered(markdown: markdown, files: files)
    }

    private func renderCell(_ run: CellRun, files: inout [Rendered.File]) -> String {
        let cell = run.cell
        let options = cell.options
        var parts: [String] = []
        if options.echo && !options.hidden {
            parts.append(Formatting.fenced(cell.source, info: cell.info))
        }
        switch run.status {
        case .notRun:
            parts.append("*Not run: an earlier cell failed.*\n")
        case .skipped, .passed, .expectedError, .failed:
            break
        }
        if let result = run.result {
            if options.output != .hide && !options.hidden {
                parts += renderOutputs(result.outputs, asis: options.output == .asis, files: &files)
            }
            parts += renderError(run)
            if !result.checks.isEmpty {
                parts.append(result.checks.map { "- " + Self.checkLine($0) + "\n" }.joined())
            }
        }
        guard !parts.isEmpty else { return "" }
        return parts.joined(separator: "\n")
    }

    private func renderOutputs(_ outputs: [CellOutput], asis: Bool, files: inout [Rendered.File]) -> [String] {
        var parts: [String] = []
        var text = ""
        func flushText() {
            guard !text.isEmpty else { return }
            parts.append(asis ? Formatting.oneTrailingNewline(text) : Formatting.fenced(text, info: "text"))
            text = ""
        }
        for output in outputs {
            switch output {
            case .text(let printed):
                text += printed
            case .display(_, let markdown, let svg):
                flushText()
                if let svg, let base = svgBaseName {
                    let name = "\(base)-\(files.count + 1).svg"
                    files.append(Rendered.File(name: name, contents: svg))
                    parts.append("![plot](\(name))\n")
                } else {
                    parts.append(Formatting.oneTrailingNewline(markdown))
                }
            }
        }
        flushText()
        return parts
    }

    private func renderError(_ run: CellRun) -> [String] {
        let cell = run.cell
        let place = "cell \(cell.number) (line \(cell.fenceLine))"
        switch run.status {
        case .passed, .skipped, .notRun:
            return []
        case .expectedError:
            guard !cell.options.hidden, let error = run.result?.error else { return [] }
            return ["*Expected error:*\n", Formatting.fenced(error.rendered, info: "text")]
        case .failed(let failure):
            switch failure {
            case .missingError:
                return ["**Error** in \(place): \(failure.summary).\n"]
            case .unexpectedError, .wrongError:
                let heading = failure == .unexpectedError
                    ? "**Error** in \(place):\n" : "**Error** in \(place): \(failure.summary):\n"
                return [heading, Formatting.fenced(run.result?.error?.rendered ?? "", info: "text")]
            }
        }
    }

    /// `✔ name (2/2)` or `✘ name (0/2) — message — hint: …`.
    static func checkLine(_ check: CheckOutcome) -> String {
        var line = "\(check.passed ? "✔" : "✘") \(check.name) (\(Formatting.score(check.points, check.maxPoints)))"
        if !check.passed {
            if let message = check.message, !message.isEmpty { line += " — \(message)" }
            if let hint = check.hint, !hint.isEmpty { line += " — hint: \(hint)" }
        }
        return line
    }

    /// The closing section: failures and the score table, only when there is something to say.
    private func renderSummary(_ report: RunReport) -> String {
        var sections: [String] = []
        let failures = report.failures
        let notRun = report.cells.filter { $0.status == .notRun }.count
        if !failures.isEmpty {
            var text = "**Failed cells:** "
            text += failures.map { "cell \($0.cell.number) (line \($0.cell.fenceLine))" }.joined(separator: ", ")
            if notRun > 0 { text += "; \(notRun) later cell\(notRun == 1 ? "" : "s") not run" }
            sections.append(text + ".\n")
        }
        let checkRows = report.cells.flatMap { run in (run.result?.checks ?? []).map { (run.cell, $0) } }
        if !checkRows.isEmpty {
            var table = "## Score\n\n| check | cell | points |\n| :-- | --: | --: |\n"
            for (cell, check) in checkRows {
                let mark = check.passed ? "✔" : "✘"
                table += "| \(mark) \(Formatting.tableCell(check.name)) | \(cell.number) | \(Formatting.score(check.points, check.maxPoints)) |\n"
            }
            let score = report.score
            table += "| **total** | | **\(Formatting.score(score.points, score.maxPoints))** |\n"
            sections.append(table)
        }
        guard !sections.isEmpty else { return "" }
        return "\n---\n\n" + sections.joined(separator: "\n")
    }
}
