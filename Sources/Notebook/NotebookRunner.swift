import Foundation

/// Runs a notebook's cells in order in one `CellSession`.
///
/// Policy: by default the run stops at the first cell that fails (an error it did not
/// expect, or a missing expected error), because later cells nearly always depend on
/// earlier state and would only add noise; the remaining cells are reported as "not
/// run" and the report is still written. `continueOnError` runs every cell instead. An
/// exercise cell (`#| exercise:`) that fails stops only itself: exercises are independent,
/// and a learner works through them in any order.
public struct NotebookRunner {
    /// Run the remaining cells after a failure (default false: stop).
    public var continueOnError: Bool
    /// Asked after each cell: true stops the run there, whatever `continueOnError` says (Ctrl-C).
    public var shouldStop: (() -> Bool)?
    /// Failed checks make the exit status 1 (default false).
    public var strict: Bool

    /// Creates a runner.
    public init(continueOnError: Bool = false, strict: Bool = false) {
        self.continueOnError = continueOnError
        self.strict = strict
    }

    /// Runs every cell of `notebook` in `session`.
    ///
    /// - Parameters:
    ///   - notebook: the parsed notebook.
    ///   - session: a fresh session (the caller seeds it from `notebook.frontMatter.seed`).
    ///   - onCellFinished: called after each cell (also for skipped and not-run cells)
    ///     with the cell's 0-based index and its run, so a CLI can stream output.
    /// - Returns: the report; `exitStatus` says how it went.
    public func run(_ notebook: Notebook, in session: CellSession,
                    onCellFinished: ((Int, CellRun) -> Void)? = nil) -> RunReport {
        var runs: [CellRun] = []
        var stopped = false
        for cell in notebook.cells {
            let run: CellRun
            if stopped {
                run = CellRun(cell: cell, status: .notRun, result: nil)
            } else if !cell.options.eval {
                run = CellRun(cell: cell, status: .skipped, result: nil)
            } else {
                let timeout = cell.options.timeout ?? notebook.frontMatter.timeout
                let start = DispatchTime.now().uptimeNanoseconds
                let result = session.run(code: cell.source, file: notebook.file,
                                         firstLine: cell.firstSourceLine, timeout: timeout)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                run = CellRun(cell: cell, status: Self.status(of: result, options: cell.options),
                              result: result, seconds: seconds)
                if case .failed = run.status, !continueOnError, cell.options.exercise == nil { stopped = true }
                if shouldStop?() == true { stopped = true }
            }
            runs.append(run)
            onCellFinished?(cell.index, run)
        }
        return RunReport(notebook: notebook, cells: runs, strict: strict)
    }

    /// Compares what happened with what the cell's `error:` option says should happen.
    static func status(of result: CellResult, options: CellOptions) -> CellStatus {
        switch (options.expectedError, result.error) {
        case (nil, nil): return .passed
        case (nil, .some): return .failed(.unexpectedError)
        case (.some, nil): return .failed(.missingError)
        case (.some(let expected), .some(let error)):
            if expected.matches(error.message) { return .expectedError }
            if case .containing(let text) = expected { return .failed(.wrongError(expected: text)) }
            return .failed(.unexpectedError)
        }
    }
}
