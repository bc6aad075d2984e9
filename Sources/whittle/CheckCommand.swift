import ArgumentParser
import Foundation
import Interpreter
import Notebook

/// `whittle check NB.md`: re-runs notebooks and compares with their committed reports.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-run notebooks and compare each with its committed report (DIR/reports/NAME.md).",
        discussion: """
        Prints a unified diff for every stale report. With --update, rewrites the reports instead.

        Exit status: 0 when every report is current and every notebook ran; 1 otherwise; 2 usage error.
        """)

    @ArgumentParser.Argument(help: "Notebooks (.md) to check.", completion: .file(extensions: ["md"]))
    var notebooks: [String]

    @Flag(name: .long, help: "Rewrite the committed reports with the fresh outputs.")
    var update = false

    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard !notebooks.isEmpty else { throw ValidationError("Give at least one notebook.") }
        for path in notebooks where !path.hasSuffix(".md") {
            throw ValidationError("Expect .md notebooks, got '\(path)'.")
        }
    }

    func run() throws {
        try compute.apply()
        let terminal = Terminal()
        var status: Int32 = 0
        for path in notebooks {
            var run = NotebookRun(path: path, terminal: terminal, options: InterpreterOptions(), seed: nil)
            run.stream = false
            run.strict = true  // a lecture's own checks must pass on the instructor copy
            let report: RunReport
            do {
                report = try run.runReport().report
            } catch {
                terminal.error("\(error)")
                status = 1
                continue
            }
            let rendered = ReportWriter().render(report)
            let reportPath = ReportWriter.reportPath(forNotebook: path)
            if report.exitStatus != 0 {
                terminal.error("\(path): a cell failed:")
                for failure in report.failures {
                    terminal.error(failure.result?.error?.rendered ?? "cell \(failure.cell.number): \(failure.status)")
                }
                status = 1
            }
            if update {
                try ReportCheck.update(rendered, reportAt: reportPath)
                terminal.out("updated \(reportPath)\n")
                continue
            }
            let outcome = ReportCheck.compare(rendered, withReportAt: reportPath)
            if outcome.isCurrent {
                terminal.out("✔ \(path) matches \(reportPath)\n")
            } else {
                terminal.out("✘ \(path) differs from \(reportPath) (run `whittle check --update \(path)` to accept):\n")
                terminal.out(outcome.diff)
                status = 1
            }
        }
        if status != 0 { throw ExitCode(status) }
    }
}
