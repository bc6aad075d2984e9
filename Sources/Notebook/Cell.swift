/// One ```whittle code cell of a notebook.
public struct Cell: Equatable {
    /// 0-based position among the notebook's cells.
    public var index: Int
    /// The `id` option, or `cell-N` (N = index + 1) when the cell has none.
    public var id: String
    /// The parsed `#| key: value` lines.
    public var options: CellOptions
    /// The code without the option lines (each line ends with "\n").
    public var source: String
    /// 1-based line in the `.md` file of the first line of `source`.
    public var firstSourceLine: Int
    /// 1-based line of the opening fence.
    public var fenceLine: Int
    /// 1-based line of the closing fence.
    public var closingFenceLine: Int
    /// The fence's info string (`whittle` and anything after it).
    public var info: String
    /// The cell's text in the file, opening and closing fences included.
    public var raw: String

    /// Creates a cell (the parser builds these; tests and tools may too).
    public init(index: Int, id: String, options: CellOptions, source: String, firstSourceLine: Int,
                fenceLine: Int, closingFenceLine: Int, info: String, raw: String) {
        self.index = index
        self.id = id
        self.options = options
        self.source = source
        self.firstSourceLine = firstSourceLine
        self.fenceLine = fenceLine
        self.closingFenceLine = closingFenceLine
        self.info = info
        self.raw = raw
    }

    /// The 1-based number shown to people (`cell 3`).
    public var number: Int { index + 1 }
}
