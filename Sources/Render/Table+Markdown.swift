// GFM pipe-table rendering. Cells are padded by display width so that the raw
// Markdown file also lines up for Korean text, not only the rendered HTML.

extension Table {
    /// A GFM pipe table with an alignment row, cells padded by display width.
    public func markdown() -> String {
        let count = columnCount
        let grid = textGrid().map { row in row.map(escapeMarkdownCell) }
        let widths = (0..<count).map { column in
            grid.reduce(3) { max($0, displayWidth($1[column])) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                pad(cell, toWidth: widths[column], alignment: alignment(ofColumn: column))
            }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule = (0..<count).map { column -> String in
            let width = widths[column]
            switch alignment(ofColumn: column) {
            case .left:
                return String(repeating: "-", count: width)
            case .right:
                return String(repeating: "-", count: width - 1) + ":"
            case .center:
                return ":" + String(repeating: "-", count: width - 2) + ":"
            }
        }
        var lines: [String] = []
        if let title {
            lines.append("**" + escapeMarkdownCell(title) + "**")
            lines.append("")
        }
        if let header = grid.first {
            lines.append(line(header))
        }
        lines.append("| " + rule.joined(separator: " | ") + " |")
        for row in grid.dropFirst() {
            lines.append(line(row))
        }
        return lines.joined(separator: "\n")
    }

    /// Tables stay text in reports.
    public func svg() -> String? {
        nil
    }
}

/// Makes text safe inside a GFM table cell: pipes escaped, line breaks as `<br>`.
func escapeMarkdownCell(_ s: String) -> String {
    var result = ""
    for character in s {
        switch character {
        case "|":
            result += "\\|"
        case "\n", "\r\n", "\r":
            result += "<br>"
        default:
            result.append(character)
        }
    }
    return result
}
