import Syntax

/// Self-study progress in a run of a student copy: which exercises are not yet solved, and
/// the visible points their checks are worth even when the checks never ran (a cell that
/// stops at `todo()` never reaches them — the summary once said "score 6/6" with 7 points
/// on offer).
public struct ExerciseProgress: Equatable {
    /// Exercises whose cell failed or whose checks did not all pass, in notebook order.
    public var unsolved: [String]
    /// Points of the `check`s written in exercise cells that did not run.
    public var unreachedPoints: Double

    /// Reads progress from a finished run. Points of a check that did not run come from its
    /// `points` literal (1 when it has none, as `check` itself counts).
    public init(_ report: RunReport) {
        var unsolved: [String] = []
        var unreached = 0.0
        for run in report.cells {
            guard let exercise = run.cell.options.exercise else { continue }
            let ran = run.result?.checks ?? []
            var ranNames = ran.map(\.name)
            var notRun = 0.0
            for check in Self.writtenChecks(in: run.cell) {
                if let i = ranNames.firstIndex(of: check.name) { ranNames.remove(at: i) } else { notRun += check.points }
            }
            unreached += notRun
            let failed: Bool
            switch run.status {
            case .failed, .notRun: failed = true
            default: failed = false
            }
            if failed || notRun > 0 || ran.contains(where: { !$0.passed }) { unsolved.append(exercise) }
        }
        self.unsolved = unsolved
        self.unreachedPoints = unreached
    }

    /// The top-level `check "name" { … } points N` statements of a cell (names and points that
    /// are literals; others count with the default of 1 point and no name to match).
    static func writtenChecks(in cell: Cell) -> [(name: String, points: Double)] {
        var parser = Parser(source: cell.source, file: "<cell>")
        return parser.parse().statements.compactMap { statement in
            guard case .check(let name, _, let points, _) = statement.kind else { return nil }
            var title = ""
            if case .string(let text) = name.kind { title = text }
            var value = 1.0
            if let points, case .number(let n) = points.kind { value = n }
            return (title, value)
        }
    }
}
