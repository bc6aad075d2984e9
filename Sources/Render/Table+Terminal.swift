// Box-drawing rendering of a table for the terminal.

extension Table {
    /// A box-drawn grid; the widest columns are cut with "…" to fit `width`; with
    /// `color`, a bold header and dim borders.
    public func terminal(width: Int, color: Bool) -> String {
        let count = columnCount
        var grid = textGrid().map { row in row.map(flattenLines) }
        var widths = (0..<count).map { column in
            grid.reduce(1) { max($0, displayWidth($1[column])) }
        }
        // Each column costs its width + 3 ("│ " before, " " after) and one final "│".
        // Shrink the widest column until the table fits, but never below 3 columns.
        while count > 0, widths.reduce(1, { $0 + $1 + 3 }) > width,
              let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 3 {
            widths[widest] -= 1
        }
        grid = grid.map { row in
            row.enumerated().map { truncate($0.element, toWidth: widths[$0.offset]) }
        }

        let dim = color ? ANSI.dim : ""
        let bold = color ? ANSI.bold : ""
        let reset = color ? ANSI.reset : ""
        func border(_ left: String, _ middle: String, _ right: String) -> String {
            dim + left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle)
                + right + reset
        }
        func line(_ cells: [String], header: Bool) -> String {
            var text = dim + "│" + reset
            for (column, cell) in cells.enumerated() {
                let alignment = self.alignment(ofColumn: column)
                let padded = pad(cell, toWidth: widths[column], alignment: alignment)
                text += " " + (header ? bold + padded + reset : padded) + " " + dim + "│" + reset
            }
            return text
        }

        var lines: [String] = []
        if let title {
            lines.append(bold + title + reset)
        }
        lines.append(border("┌", "┬", "┐"))
        if let header = grid.first {
            lines.append(line(header, header: true))
        }
        lines.append(border("├", "┼", "┤"))
        for row in grid.dropFirst() {
            lines.append(line(row, header: false))
        }
        lines.append(border("└", "┴", "┘"))
        return lines.joined(separator: "\n")
    }
}

/// Replaces line breaks and tabs by spaces so a cell stays on one line.
func flattenLines(_ s: String) -> String {
    String(s.map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
}
