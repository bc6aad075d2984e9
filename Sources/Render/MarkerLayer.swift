// Marker characters drawn over a braille canvas so that several series can be told
// apart without colour (see SeriesStyle for the choice of characters).
//
// Rules, all deterministic:
// - A marker fills a whole character cell and is drawn on top of every braille line.
// - Scatter series put a marker at every point (several points of one series in a
//   cell show as one marker).
// - Line series put one at their first and last points, at the first point to enter
//   each `columnGap`-wide band of columns, and at any point `rowGap` or more rows from
//   the previous marker. Sparse data (a sweep of 5–11 settings) thus has every point
//   marked, and dense data (a curve of 100 points) keeps its braille shape visible
//   between markers; a steep stretch still gets markers along it. The bands of series
//   i of n start i·columnGap/n columns later than series 0's, so curves that share x
//   values and run close together alternate their markers (o x o x) instead of piling
//   them onto the same cells.
// - A cell that gets markers of two or more series shows `SeriesStyle.overlapMarker`,
//   whatever order the series were drawn in.

struct MarkerLayer {
    /// A character cell of the canvas.
    struct Cell: Hashable {
        let column: Int
        let row: Int
    }

    /// Owner value of a cell where different series meet.
    static let overlap = -1

    /// Width of a line series' column bands (one marker each), and the vertical distance
    /// from the previous marker, in rows, that earns a steep stretch a marker of its own.
    static let columnGap = 6
    static let rowGap = 3

    /// The series whose marker is in each cell, or `overlap`.
    private(set) var owners: [Cell: Int] = [:]

    /// Whether any cell holds markers of more than one series.
    var hasOverlap: Bool { owners.values.contains(Self.overlap) }

    /// Marks the cells of one series' points (canvas cells, in drawing order); `series`
    /// is its index among `count` series.
    mutating func add(_ cells: [Cell], series: Int, of count: Int, connected: Bool) {
        let phase = series * Self.columnGap / max(1, count)
        for cell in connected ? Self.thinned(cells, phase: phase) : cells {
            if let owner = owners[cell], owner != series {
                owners[cell] = Self.overlap
            } else {
                owners[cell] = series
            }
        }
    }

    /// The cells of a line series that get a marker (see the rules above); the series'
    /// bands of columns start at `phase`.
    static func thinned(_ cells: [Cell], phase: Int = 0) -> [Cell] {
        guard let first = cells.first, let last = cells.last else { return [] }
        func band(_ cell: Cell) -> Int {
            let shifted = cell.column - phase
            // Floor division, so that the columns left of `phase` form their own band.
            return shifted >= 0 ? shifted / columnGap : (shifted + 1) / columnGap - 1
        }
        var kept = [first]
        var previous = first
        for cell in cells.dropFirst() where band(cell) != band(previous)
            || abs(cell.row - previous.row) >= rowGap {
            kept.append(cell)
            previous = cell
        }
        if kept.last != last {
            kept.append(last)
        }
        return kept
    }

    /// Puts the markers on `canvas`; overlap cells are left uncoloured.
    func draw(on canvas: inout BrailleCanvas) {
        for (cell, owner) in owners {
            let character = owner == Self.overlap ? SeriesStyle.overlapMarker : SeriesStyle.textMarker(owner)
            canvas.label(column: cell.column, row: cell.row, character: character,
                         series: owner == Self.overlap ? nil : owner)
        }
    }
}
