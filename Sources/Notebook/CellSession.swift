/// The interpreter as the notebook runner sees it: one session, cells run in order.
///
/// The runner knows nothing about the language. The host (the CLI) adapts the real
/// interpreter to this protocol; tests use a fake.
public protocol CellSession: AnyObject {
    /// Runs `code` whose first line is line `firstLine` of `file`, in the session's state.
    ///
    /// - Parameters:
    ///   - code: the cell's source, without option lines.
    ///   - file: the notebook path, for diagnostics.
    ///   - firstLine: 1-based line in `file` of the first line of `code`.
    ///   - timeout: seconds the cell may take, or nil for no limit.
    /// - Returns: what the cell printed and displayed, its error, and its checks.
    func run(code: String, file: String, firstLine: Int, timeout: Double?) -> CellResult
}

/// What running one cell produced.
public struct CellResult: Equatable {
    /// Outputs in the order they were produced.
    public var outputs: [CellOutput]
    /// The error that stopped the cell, if any.
    public var error: CellError?
    /// The `check` statements the cell ran.
    public var checks: [CheckOutcome]

    /// Creates a result.
    public init(outputs: [CellOutput] = [], error: CellError? = nil, checks: [CheckOutcome] = []) {
        self.outputs = outputs
        self.error = error
        self.checks = checks
    }
}

/// One thing a cell showed.
public enum CellOutput: Equatable {
    /// Printed text (each print's text, newline included).
    case text(String)
    /// A display value (table, equation, plot) in each rendering the hosts need.
    case display(terminal: String, markdown: String, svg: String?)
}

/// An error raised by a cell (syntax or runtime), already rendered by the interpreter.
public struct CellError: Equatable, Error {
    /// The short message, e.g. "shape mismatch: [2, 3] vs [3, 2]" (what `error:` matches).
    public var message: String
    /// The full diagnostic: `file:line:col: error: …`, the source line, a caret.
    public var rendered: String
    /// 1-based file line of the error, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?

    /// Creates an error; `rendered` defaults to the message.
    public init(message: String, rendered: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.message = message
        self.rendered = rendered ?? message
        self.line = line
        self.column = column
    }
}

/// The outcome of one `check "name" { … } points N hint "…"` statement.
public struct CheckOutcome: Equatable {
    /// The check's name.
    public var name: String
    /// Whether the condition held.
    public var passed: Bool
    /// Points earned (maxPoints when passed, else 0 unless partial credit).
    public var points: Double
    /// Points the check is worth.
    public var maxPoints: Double
    /// Shown when the check fails.
    public var hint: String?
    /// Why it failed (e.g. the error inside the condition), when known.
    public var message: String?

    /// Creates a check outcome.
    public init(name: String, passed: Bool, points: Double, maxPoints: Double, hint: String? = nil, message: String? = nil) {
        self.name = name
        self.passed = passed
        self.points = points
        self.maxPoints = maxPoints
        self.hint = hint
        self.message = message
    }
}
