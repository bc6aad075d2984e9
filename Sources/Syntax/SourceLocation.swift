/// A position in a source file: 1-based line and column (columns count characters).
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The file name shown in diagnostics (a script path, a notebook path, or `<repl>`).
    public var file: String
    /// 1-based line, already shifted by the host's line offset.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form used at the start of a diagnostic.
    public var description: String { "\(file):\(line):\(column)" }
}
