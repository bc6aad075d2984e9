// A table of numbers and text: the output of `table(...)` in the language.
//
//     let t = Table(headers: ["기법", "압축률"],
//                   rows: [[.text("양자화"), .number(4)], [.text("가지치기"), .number(2.5)]])
//
// Numeric columns are right-aligned and text columns left-aligned unless explicit
// alignments are given. Widths are measured with `displayWidth`, so Hangul lines up.

/// One table cell: a number (formatted with `formatNumber`) or text.
public enum Cell: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral {
    /// A number, shown with `formatNumber` and right-aligned by default.
    case number(Double)
    /// Text, shown as-is and left-aligned by default.
    case text(String)

    /// A string literal is a text cell.
    public init(stringLiteral value: String) {
        self = .text(value)
    }

    /// A floating-point literal is a number cell.
    public init(floatLiteral value: Double) {
        self = .number(value)
    }

    /// An integer literal is a number cell.
    public init(integerLiteral value: Int) {
        self = .number(Double(value))
    }

    /// The cell as display text.
    /// - Parameter digits: Significant digits for numbers.
    /// - Returns: The text shown in the cell.
    public func text(digits: Int) -> String {
        switch self {
        case let .number(value):
            return formatNumber(value, digits: digits)
        case let .text(value):
            return value
        }
    }

    var isNumber: Bool {
        switch self {
        case .number:
            return true
        case .text:
            return false
        }
    }
}

/// A titled table with headers, rows of cells and per-column alignment.
public struct Table: Display, Equatable, Sendable {
    /// Column headers.
    public var headers: [String]
    /// Rows of cells; a short row is shown with empty cells at its end.
    public var rows: [[Cell]]
    /// An optional title shown above the table.
    public var title: String?
    /// Per-column alignment; nil means numbers right, text left.
    public var alignments: [Alignment]?
    /// Significant digits used for numeric cells.
    public var digits: Int

    /// Creates a table.
    /// - Parameters:
    ///   - headers: Column headers.
    ///   - rows: Rows of cells (call `validate()` to reject rows of the wrong length).
    ///   - title: An optional title.
    ///   - alignments: Per-column alignment; by default numeric columns are right-aligned.
    ///   - digits: Significant digits for numbers.
    public init(headers: [String], rows: [[Cell]], title: String? = nil,
                alignments: [Alignment]? = nil, digits: Int = 4) {
        self.headers = headers
        self.rows = rows
        self.title = title
        self.alignments = alignments
        self.digits = digits
    }

    /// Checks that every row has exactly one cell per header.
    /// - Throws: `RenderError.rowWidthMismatch` for the first row that does not.
    public func validate() throws {
        guard !headers.isEmpty else { throw RenderError.noColumns }
        for (index, row) in rows.enumerated() where row.count != headers.count {
            throw RenderError.rowWidthMismatch(row: index, expected: headers.count, found: row.count)
        }
    }

    /// The number of columns shown: the widest of the header and the rows.
    var columnCount: Int {
        rows.reduce(headers.count) { max($0, $1.count) }
    }

    /// The alignment of column `column`: explicit if given, else right for all-numeric columns.
    func alignment(ofColumn column: Int) -> Alignment {
        if let alignments, column < alignments.count {
            return alignments[column]
        }
        let cells = rows.compactMap { column < $0.count ? $0[column] : nil }
        let numeric = !cells.isEmpty && cells.allSatisfy { $0.isNumber }
        return numeric ? .right : .left
    }

    /// The grid of display texts (header row first), every row `columnCount` long.
    func textGrid() -> [[String]] {
        let count = columnCount
        func filled(_ texts: [String]) -> [String] {
            texts + Array(repeating: "", count: count - texts.count)
        }
        return [filled(headers)] + rows.map { filled($0.map { $0.text(digits: digits) }) }
    }
}
