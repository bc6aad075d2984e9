import Foundation

/// Renders a run for a terminal, cell by cell as it finishes (what `whittle run` prints).
///
/// ```
/// ── cell 3/7 (line 42) ──
/// INT8: MSE = 1.2e-05
/// ✔ INT8 error is small (2/2)
/// ```
/// Colour is the caller's decision (NO_COLOR, TTY); without it the text is plain.
public struct TerminalRenderer {
    /// Use ANSI colours.
    public var color: Bool

    /// Creates a renderer.
    /// The notebook's path, for locations in messages that have no source error (nil: none).
    let file: String?

    public init(color: Bool, file: String? = nil) {
        self.color = color
        self.file = file
    }

    /// Which stream a piece of a cell's rendering belongs on.
    public enum Stream { case output, error }

    /// The block for one finished cell: header, outputs, error, checks.
    /// - Parameters:
    ///   - run: the cell's run.
    ///   - total: number of cells in the notebook (for the `3/7` progress).
    public func render(_ run: CellRun, total: Int) -> String {
        segments(run, total: total).map(\.text).joined()
    }

    /// The same block in order, each piece marked with its stream: the cell's error goes to
    /// standard error, as a script's does; everything else to standard output.
    public func segments(_ run: CellRun, total: Int) -> [(text: String, stream: Stream)] {
        let cell = run.cell
        var text = paint("── cell \(cell.number)/\(total) (line \(cell.fenceLine)) ──", .dim) + "\n"
        switch run.status {
        case .skipped:
            return [(text + paint("skipped (eval: false)", .dim) + "\n", .output)]
        case .notRun:
            return [(text + paint("not run: an earlier cell failed", .dim) + "\n", .output)]
        case .passed, .expectedError, .failed:
            break
        }
        var pieces: [(text: String, stream: Stream)] = []
        if let result = run.result {
            if cell.options.output != .hide && !cell.options.hidden {
                for output in result.outputs {
                    switch output {
                    case .text(let printed): text += printed
                    case .display(let terminal, _, _): text += Formatting.oneTrailingNewline(terminal)
                    }
                }
                if !text.hasSuffix("\n") { text += "\n" }
            }
            pieces.append((text, .output))
            let error = renderError(run)
            if !error.isEmpty {
                let isFailure: Bool
                if case .failed = run.status { isFailure = true } else { isFailure = false }
                pieces.append((error, isFailure ? .error : .output))
            }
            var checks = ""
            for check in result.checks {
                checks += paint(ReportWriter.checkLine(check), check.passed ? .green : .red) + "\n"
            }
            if !checks.isEmpty { pieces.append((checks, .output)) }
        } else {
            pieces.append((text, .output))
        }
        return pieces
    }

    private func renderError(_ run: CellRun) -> String {
        switch run.status {
        case .passed, .skipped, .notRun:
            return ""
        case .expectedError:
            return paint("expected error: " + (run.result?.error?.message ?? ""), .dim) + "\n"
        case .failed(let failure):
            switch failure {
            case .missingError:
                // Point at the `error:` option that asked for the error.
                let line = run.cell.options.entries.first { $0.key == "error" }?.line ?? run.cell.fenceLine
                let location = file.map { "\($0):\(line): " } ?? ""
                return paint("\(location)error: \(failure.summary) (its `error:` option)", .red) + "\n"
            case .unexpectedError, .wrongError:
                var text = failure == .unexpectedError ? "" : paint("error: \(failure.summary)", .red) + "\n"
                text += paint(Formatting.oneTrailingNewline(run.result?.error?.rendered ?? "").dropLastNewline, .red) + "\n"
                return text
            }
        }
    }

    /// The last line: counts, score and time, e.g.
    /// `7 cells: 5 ok, 1 failed, 1 not run · score 3/5 · 0.42 s`.
    public func summary(_ report: RunReport, seconds: Double) -> String {
        let cells = report.cells
        let ok = cells.filter { $0.status == .passed || $0.status == .expectedError }.count
        let failed = report.failures.count
        let skipped = cells.filter { $0.status == .skipped }.count
        let notRun = cells.filter { $0.status == .notRun }.count
        var parts = ["\(ok) ok"]
        if failed > 0 { parts.append("\(failed) failed") }
        if skipped > 0 { parts.append("\(skipped) skipped") }
        if notRun > 0 { parts.append("\(notRun) not run") }
        var line = "\(cells.count) cell\(cells.count == 1 ? "" : "s"): " + parts.joined(separator: ", ")
        let progress = ExerciseProgress(report)
        if !report.checks.isEmpty || progress.unreachedPoints > 0 {
            let score = report.score
            line += " · score \(Formatting.score(score.points, score.maxPoints + progress.unreachedPoints))"
        }
        if !progress.unsolved.isEmpty { line += " · unsolved: " + progress.unsolved.joined(separator: ", ") }
        line += " · " + String(format: "%.2f s", seconds)
        return paint(line, report.exitStatus == 0 ? .green : .red) + "\n"
    }

    private enum Style: String {
        case dim = "\u{1B}[2m"
        case red = "\u{1B}[31m"
        case green = "\u{1B}[32m"
    }

    private func paint(_ text: String, _ style: Style) -> String {
        color ? style.rawValue + text + "\u{1B}[0m" : text
    }
}

private extension String {
    var dropLastNewline: String { hasSuffix("\n") ? String(dropLast()) : self }
}
