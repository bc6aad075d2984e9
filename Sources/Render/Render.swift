// Render: display values (tables, equations, plots, text) and their renderers.
//
// A display value is plain data (arrays of Double/String); it knows how to show
// itself three ways: as Unicode text for a terminal (optionally with ANSI colour),
// as GitHub-flavoured Markdown for a report, and (for plots) as a standalone SVG.
// The host (REPL or notebook runner) chooses which one to use.
//
//     let t = Table(headers: ["기법", "MSE"],
//                   rows: [[.text("양자화"), .number(1.2e-5)]])
//     print(t.terminal(width: 80, color: false))
//     let report = t.markdown()
//
// Everything is deterministic: numbers go through `formatNumber`, widths through
// `displayWidth`, and nothing reads the clock or a random source.

/// Errors thrown by the Render module.
public enum RenderError: Error, Equatable, CustomStringConvertible {
    /// A table row has a different number of cells than the header.
    case rowWidthMismatch(row: Int, expected: Int, found: Int)
    /// A series has x and y arrays of different lengths.
    case seriesLengthMismatch(name: String, xCount: Int, yCount: Int)
    /// A heatmap row has a different length than the first row.
    case raggedMatrix(row: Int, expected: Int, found: Int)
    /// Bar labels and values differ in count.
    case barCountMismatch(labels: Int, values: Int)
    /// A histogram was asked for zero or negative bins.
    case invalidBinCount(Int)
    /// A table without a single column header (it would draw a broken box).
    case noColumns

    /// A short imperative message for the learner.
    public var description: String {
        switch self {
        case let .rowWidthMismatch(row, expected, found):
            return "Give row \(row) \(expected) cells to match the header (it has \(found))."
        case let .seriesLengthMismatch(name, xCount, yCount):
            return "Give series '\(name)' as many x values as y values (\(xCount) vs \(yCount))."
        case let .raggedMatrix(row, expected, found):
            return "Make every heatmap row \(expected) long (row \(row) has \(found))."
        case let .barCountMismatch(labels, values):
            return "Give one label per bar (\(labels) labels for \(values) values)."
        case let .invalidBinCount(count):
            return "Use at least one histogram bin (got \(count))."
        case .noColumns:
            return "Give the table at least one column header, e.g. table([\"name\"], rows)."
        }
    }
}
