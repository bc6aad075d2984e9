// The key under a line or scatter plot: which symbol (and, in a terminal, which colour)
// stands for which series.

struct PlotLegend {
    /// One "symbol name" pair.
    struct Entry {
        let symbol: Character
        /// The series whose colour the symbol takes; nil leaves it uncoloured.
        let series: Int?
        let name: String

        var width: Int { displayWidth(of: symbol) + 1 + displayWidth(name) }
    }

    /// Spaces between entries on one line.
    static let gap = 3

    let entries: [Entry]

    /// The legend for `names` (empty names become "series N"). One series is keyed by
    /// a braille block, as its unmarked line is drawn; several by their markers, plus
    /// the overlap marker when some cell shows it.
    init(names: [String], overlap: Bool) {
        var entries = names.enumerated().map { index, name in
            Entry(symbol: names.count == 1 ? SeriesStyle.singleSeriesSymbol : SeriesStyle.textMarker(index),
                  series: index, name: name.isEmpty ? "series \(index + 1)" : name)
        }
        if overlap {
            entries.append(Entry(symbol: SeriesStyle.overlapMarker, series: nil, name: SeriesStyle.overlapName))
        }
        self.entries = entries
    }

    /// The legend's lines: every entry on one line when that fits in `width` columns,
    /// otherwise a grid filled row by row with as many columns as fit. Grid columns are
    /// padded by display width, so Hangul names (2 columns a syllable) stay aligned.
    func render(width: Int, color: Bool) -> [String] {
        let columns = columnCount(fitting: width)
        let widths = columnWidths(columns)
        return stride(from: 0, to: entries.count, by: columns).map { start in
            let row = entries[start..<min(entries.count, start + columns)]
            return row.enumerated().map { column, entry in
                let isLast = column == row.count - 1
                let padding = isLast ? 0 : widths[column] - entry.width + Self.gap
                return text(entry, color: color) + String(repeating: " ", count: padding)
            }.joined()
        }
    }

    /// The most grid columns (at most one line's worth) whose total width fits; at least 1.
    private func columnCount(fitting width: Int) -> Int {
        guard !entries.isEmpty else { return 1 }
        for columns in stride(from: entries.count, to: 1, by: -1) {
            let total = columnWidths(columns).reduce(0, +) + Self.gap * (columns - 1)
            if total <= width {
                return columns
            }
        }
        return 1
    }

    /// The widest entry in each grid column when entries fill `columns` per row.
    private func columnWidths(_ columns: Int) -> [Int] {
        var widths = Array(repeating: 0, count: columns)
        for (index, entry) in entries.enumerated() {
            widths[index % columns] = max(widths[index % columns], entry.width)
        }
        return widths
    }

    private func text(_ entry: Entry, color: Bool) -> String {
        let symbol = String(entry.symbol)
        guard color, let series = entry.series else { return symbol + " " + entry.name }
        return ANSI.seriesColor(series) + symbol + ANSI.reset + " " + entry.name
    }
}
