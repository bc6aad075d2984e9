/// The result of running a notebook: one entry per cell, the score, the exit status.
public struct RunReport: Equatable {
    /// The notebook that ran.
    public var notebook: Notebook
    /// One entry per cell, in cell order (cells after a stop are `.notRun`).
    public var cells: [CellRun]
    /// Whether failed checks make the exit status 1 (see `exitStatus`).
    public var strict: Bool

    /// Creates a report.
    public init(notebook: Notebook, cells: [CellRun], strict: Bool = false) {
        self.notebook = notebook
        self.cells = cells
        self.strict = strict
    }

    /// Every check that ran, in order.
    public var checks: [CheckOutcome] { cells.flatMap { $0.result?.checks ?? [] } }

    /// Points earned and points possible over the checks that ran.
    public var score: (points: Double, maxPoints: Double) {
        checks.reduce((0, 0)) { ($0.0 + $1.points, $0.1 + $1.maxPoints) }
    }

    /// The cells that failed (an unexpected error, or an expected one that did not come).
    public var failures: [CellRun] {
        cells.filter {
            switch $0.status {
            case .failed: return true
            case .passed, .expectedError, .skipped, .notRun: return false
            }
        }
    }

    /// The process exit status for `whittle run`.
    ///
    /// 0 when every cell that ran behaved as written; 1 when a cell failed. A failed
    /// `check` is a result, not a breakage: it gives 1 only in strict mode (`--strict`),
    /// so a learner's half-done exercise still produces a report and status 0, while CI
    /// on lecture notebooks can demand that every check passes.
    public var exitStatus: Int32 {
        if !failures.isEmpty { return 1 }
        if strict && checks.contains(where: { !$0.passed }) { return 1 }
        return 0
    }
}

/// One cell's run.
public struct CellRun: Equatable {
    /// The cell.
    public var cell: Cell
    /// What happened.
    public var status: CellStatus
    /// What the session returned (nil when the cell did not run).
    public var result: CellResult?
    /// Wall-clock seconds (for the terminal only; never written to reports).
    public var seconds: Double

    /// Creates a cell run.
    public init(cell: Cell, status: CellStatus, result: CellResult?, seconds: Double = 0) {
        self.cell = cell
        self.status = status
        self.result = result
        self.seconds = seconds
    }
}

/// How a cell's run ended.
public enum CellStatus: Equatable {
    /// Ran without error, as expected.
    case passed
    /// Raised the error its `error:` option expects.
    case expectedError
    /// Not what the cell says it does.
    case failed(CellFailure)
    /// `eval: false`.
    case skipped
    /// An earlier cell failed and the run stopped.
    case notRun
}

/// Why a cell failed.
public enum CellFailure: Equatable {
    /// An error the cell did not expect.
    case unexpectedError
    /// `error:` was set but the cell ran without error.
    case missingError
    /// `error: "text"` was set and the error's message does not contain the text.
    case wrongError(expected: String)

    /// A one-line explanation for reports.
    public var summary: String {
        switch self {
        case .unexpectedError: return "error"
        case .missingError: return "expected an error, but the cell ran without one"
        case .wrongError(let expected): return "expected an error containing \"\(expected)\", got a different one"
        }
    }
}
