import Foundation
import Interpreter
import Notebook

/// Runs a notebook headlessly: streams each cell's terminal rendering as it finishes,
/// shows a progress line on a terminal, and renders the report.
struct NotebookRun {
    let path: String
    let terminal: Terminal
    let options: InterpreterOptions
    let seed: UInt64?
    var continueOnError = false
    var strict = false
    /// Print cells as they finish (off for `check`, which prints only the diff).
    var stream = true

    /// Parses and runs the notebook.
    /// - Throws: the parse error (malformed front matter, an unclosed fence, an unknown option).
    func runReport() throws -> (notebook: Notebook, report: RunReport) {
        let notebook = try Notebook(contentsOf: path)
        for warning in notebook.warnings { terminal.error(warning) }
        let session = LanguageCellSession(seed: seed ?? notebook.frontMatter.seed ?? 0, options: options,
                                          terminalWidth: terminal.width, color: terminal.color)
        let renderer = TerminalRenderer(color: terminal.color, file: notebook.file)
        let total = notebook.cells.count
        var runner = NotebookRunner(continueOnError: continueOnError, strict: strict)
        // Ctrl-C stops the cell that runs (native work included) and the run; the report of what
        // ran, with the interrupted cell's location, is still written. A second Ctrl-C quits.
        let interrupt = InterruptWatch { session.session.interpreter.interrupt() }
        defer { interrupt.stop() }
        runner.shouldStop = { interrupt.fired }
        let start = DispatchTime.now().uptimeNanoseconds
        if stream { terminal.status("running cell 1/\(total) …") }
        let report = runner.run(notebook, in: session) { index, run in
            guard stream else { return }
            terminal.clearStatus()
            for piece in renderer.segments(run, total: total) {
                if piece.stream == .error { terminal.error(piece.text, newline: false) } else { terminal.out(piece.text) }
            }
            if index + 1 < total { terminal.status("running cell \(index + 2)/\(total) …") }
        }
        if stream {
            terminal.clearStatus()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            terminal.out(renderer.summary(report, seconds: seconds))
        }
        if interrupt.fired { terminal.error("interrupted (Ctrl-C): the cells after the interrupted one were not run") }
        return (notebook, report)
    }

    /// Runs and writes the report (if asked); returns the exit status.
    func execute(report reportPath: String?, svg: Bool) -> Int32 {
        let report: RunReport
        do {
            report = try runReport().report
        } catch {
            terminal.error("\(error)")
            // Even a notebook that cannot be parsed leaves a report: its text and the error.
            if let reportPath {
                let source = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                try? ReportWriter.write(ReportWriter.unparsedReport(source: source, error: error), to: reportPath)
            }
            return 1
        }
        if let reportPath {
            let writer = ReportWriter(svgBaseName: svg ? ReportWriter.svgBaseName(forReport: reportPath) : nil)
            do {
                try ReportWriter.write(writer.render(report), to: reportPath)
                terminal.error("report written to \(reportPath)")
            } catch {
                terminal.error("error: \(error)")
                return 1
            }
        }
        return report.exitStatus
    }
}
