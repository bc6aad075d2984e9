// Charts as display values: line, scatter, bar, histogram and heatmap.
//
//     let plot = Plot.line([Series(name: "INT8", x: [1, 2, 3], y: [0.1, 0.05, 0.04])],
//                          title: "loss", xLabel: "epoch", yLabel: "MSE")
//     print(plot.terminal(width: 80, color: true))
//
// In a terminal and in Markdown a plot is Unicode text: a braille canvas (2×4 dots
// per character cell) for lines and points, block characters for bars, and shades
// for heatmaps. `svg()` draws the same chart as a standalone SVG document.

/// One named data series of a line or scatter plot.
public struct Series: Equatable, Sendable {
    /// The name shown in the legend.
    public var name: String
    /// X coordinates.
    public var x: [Double]
    /// Y coordinates, one per x.
    public var y: [Double]

    /// Creates a series.
    /// - Parameters:
    ///   - name: The legend name.
    ///   - x: X coordinates.
    ///   - y: Y coordinates (call `Plot.validate()` to reject a length mismatch).
    public init(name: String, x: [Double], y: [Double]) {
        self.name = name
        self.x = x
        self.y = y
    }

    /// Creates a series with x = 0, 1, 2, ...
    public init(name: String, y: [Double]) {
        self.init(name: name, x: y.indices.map(Double.init), y: y)
    }

    /// The finite (x, y) pairs, in order; a length mismatch keeps the shorter prefix.
    var points: [(x: Double, y: Double)] {
        zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }.map { (x: $0.0, y: $0.1) }
    }

    /// The finite points split where a NaN or infinity was: a line is drawn within each run
    /// and leaves a gap across the missing value (matplotlib's behaviour), never a segment
    /// that pretends the value was there.
    var runs: [[(x: Double, y: Double)]] {
        var out: [[(x: Double, y: Double)]] = [[]]
        for (x, y) in zip(x, y) {
            if x.isFinite && y.isFinite {
                out[out.count - 1].append((x, y))
            } else if !(out.last?.isEmpty ?? true) {
                out.append([])
            }
        }
        return out.filter { !$0.isEmpty }
    }
}

/// A chart: its kind and data, and the texts around it.
public struct Plot: Display, Equatable, Sendable {
    /// What is drawn.
    public enum Kind: Equatable, Sendable {
        /// Series joined by lines.
        case line([Series])
        /// Series as unconnected points.
        case scatter([Series])
        /// One bar per label.
        case bar(labels: [String], values: [Double])
        /// Precomputed bins (see `Histogram.bins(_:count:)`).
        case histogram(Histogram)
        /// A matrix of values shown as shades, row 0 at the top.
        case heatmap([[Double]])
    }

    /// The chart's kind and data.
    public var kind: Kind
    /// The title shown above the chart.
    public var title: String?
    /// The label under the x axis.
    public var xLabel: String?
    /// The label above the y axis.
    public var yLabel: String?
    /// Height of the plotting area in text rows.
    public var height: Int

    /// Creates a plot.
    /// - Parameters:
    ///   - kind: What to draw.
    ///   - title: An optional title.
    ///   - xLabel: An optional x-axis label.
    ///   - yLabel: An optional y-axis label.
    ///   - height: Height of the plotting area in text rows (at least 2).
    public init(_ kind: Kind, title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                height: Int = 12) {
        self.kind = kind
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.height = max(2, height)
    }

    /// A line plot of one or more series.
    public static func line(_ series: [Series], title: String? = nil, xLabel: String? = nil,
                            yLabel: String? = nil) -> Plot {
        Plot(.line(series), title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A scatter plot of one or more series.
    public static func scatter(_ series: [Series], title: String? = nil, xLabel: String? = nil,
                               yLabel: String? = nil) -> Plot {
        Plot(.scatter(series), title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A bar chart, one bar per label.
    public static func bar(labels: [String], values: [Double], title: String? = nil,
                           xLabel: String? = nil, yLabel: String? = nil) -> Plot {
        Plot(.bar(labels: labels, values: values), title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// A histogram of `values` in `bins` equal-width bins (numpy.histogram's binning).
    /// - Throws: `RenderError.invalidBinCount` when `bins` < 1.
    public static func histogram(_ values: [Double], bins: Int = 10, title: String? = nil,
                                 xLabel: String? = nil, yLabel: String? = nil) throws -> Plot {
        Plot(.histogram(try Histogram.bins(values, count: bins)), title: title, xLabel: xLabel,
             yLabel: yLabel ?? "count")
    }

    /// A heatmap of a matrix (row 0 at the top).
    public static func heatmap(_ matrix: [[Double]], title: String? = nil, xLabel: String? = nil,
                               yLabel: String? = nil) -> Plot {
        Plot(.heatmap(matrix), title: title, xLabel: xLabel, yLabel: yLabel)
    }

    /// Checks the data for shape errors that rendering would otherwise paper over.
    /// - Throws: `RenderError` for mismatched series, bar counts or ragged heatmap rows.
    public func validate() throws {
        switch kind {
        case let .line(series), let .scatter(series):
            for item in series where item.x.count != item.y.count {
                throw RenderError.seriesLengthMismatch(name: item.name, xCount: item.x.count,
                                                       yCount: item.y.count)
            }
        case let .bar(labels, values):
            if labels.count != values.count {
                throw RenderError.barCountMismatch(labels: labels.count, values: values.count)
            }
        case let .histogram(histogram):
            if histogram.edges.count != histogram.counts.count + 1 {
                throw RenderError.invalidBinCount(histogram.counts.count)
            }
        case let .heatmap(matrix):
            let expected = matrix.first?.count ?? 0
            for (index, row) in matrix.enumerated() where row.count != expected {
                throw RenderError.raggedMatrix(row: index, expected: expected, found: row.count)
            }
        }
    }

    /// The chart as Unicode text within about `width` columns; `color` adds ANSI colours.
    public func terminal(width: Int, color: Bool) -> String {
        let body: [String]
        switch kind {
        case let .line(series):
            body = renderXY(series, connect: true, width: width, color: color)
        case let .scatter(series):
            body = renderXY(series, connect: false, width: width, color: color)
        case let .bar(labels, values):
            body = renderBars(labels: labels, values: values, width: width, color: color)
        case let .histogram(histogram):
            body = renderHistogram(histogram, width: width, color: color)
        case let .heatmap(matrix):
            body = renderHeatmap(matrix, width: width, color: color)
        }
        var lines: [String] = []
        if let title {
            lines.append(color ? ANSI.bold + title + ANSI.reset : title)
        }
        lines += body
        return lines.map(trimTrailingSpaces).joined(separator: "\n")
    }

    /// The terminal rendering at 80 columns without colour, in a ```text fence.
    public func markdown() -> String {
        fencedText(terminal(width: 80, color: false))
    }
}

/// `x` rounded to an Int for a screen position; NaN and huge values (from data near
/// Double's limits) become safe numbers instead of trapping.
func screenIndex(_ x: Double) -> Int {
    guard x.isFinite else { return 0 }
    return Int(max(-1e9, min(1e9, x.rounded())))
}

/// Trailing spaces are invisible and make golden files fragile, so plots drop them.
func trimTrailingSpaces(_ line: String) -> String {
    var slice = Substring(line)
    while slice.last == " " {
        slice = slice.dropLast()
    }
    return String(slice)
}
