/// Parses tokens into statements (recursive descent), collecting diagnostics.
///
/// Panic-mode recovery: after an error the parser skips to the next statement
/// boundary, so one mistake gives one message; it stops after `maxErrors`.
///
///     var parser = Parser(source: "print(1 + 2)\n", file: "a.wh")
///     let program = parser.parse()   // program.statements, program.diagnostics
public struct Parser {
    var tokens: [Token]
    var current = 0
    let file: String
    let lines: [Substring]
    let lineOffset: Int
    var diagnostics: [Diagnostic] = []
    /// Stop reporting after this many errors: later ones are usually echoes of the first.
    public var maxErrors = 20

    struct Failure: Error {}

    /// The result of parsing: statements, and diagnostics (empty on success).
    public struct Program: Sendable {
        public var statements: [Stmt]
        public var diagnostics: [Diagnostic]
    }

    /// Creates a parser; `lineOffset` makes locations point into a bigger file (a notebook).
    public init(source: String, file: String, lineOffset: Int = 0) {
        var lexer = Lexer(source: source, file: file, lineOffset: lineOffset)
        self.tokens = lexer.scanAll()
        self.file = file
        self.lineOffset = lineOffset
        self.lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        // One broken line can make thousands of lex errors: keep as many as parse errors.
        self.diagnostics = Array(lexer.diagnostics.prefix(maxErrors))
    }

    /// Parses a whole program.
    public mutating func parse() -> Program {
        var statements: [Stmt] = []
        skipSeparators()
        while !isAtEnd && diagnostics.count < maxErrors {
            do {
                statements.append(try statement())
                try endOfStatement()
            } catch {
                synchronize()
            }
            skipSeparators()
        }
        // A lexing error usually causes parse errors downstream; report the cause only.
        let lexErrors = diagnostics.filter { $0.kind == .lex }
        return Program(statements: statements, diagnostics: lexErrors.isEmpty ? diagnostics : lexErrors)
    }

    // MARK: - Token helpers

    var peek: Token { tokens[current] }
    var isAtEnd: Bool { peek.kind == .end }
    var previous: Token { tokens[max(0, current - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[current]
        if token.kind != .end { current += 1 }
        return token
    }

    func check(_ symbol: Symbol) -> Bool { peek.kind == .symbol(symbol) }
    func check(_ keyword: Keyword) -> Bool { peek.kind == .keyword(keyword) }

    mutating func match(_ symbol: Symbol) -> Bool {
        if check(symbol) { advance(); return true }
        return false
    }

    mutating func match(_ keyword: Keyword) -> Bool {
        if check(keyword) { advance(); return true }
        return false
    }

    @discardableResult
    mutating func consume(_ symbol: Symbol, _ message: String) throws -> Token {
        if check(symbol) { return advance() }
        throw error(message)
    }

    mutating func identifier(_ message: String) throws -> String {
        if case .identifier(let name) = peek.kind { advance(); return name }
        if case .keyword(let keyword) = peek.kind {
            throw error("'\(keyword.rawValue)' is a keyword; choose another name.")
        }
        throw error(message)
    }

    mutating func skipNewlines() {
        while peek.kind == .newline { advance() }
    }

    mutating func skipSeparators() {
        while peek.kind == .newline || check(.semicolon) { advance() }
    }

    func lineText(_ line: Int) -> String {
        let i = line - 1 - lineOffset
        return i >= 0 && i < lines.count ? String(lines[i]) : ""
    }

    /// Records an error at the current token and returns the value to throw.
    mutating func error(_ message: String, at location: SourceLocation? = nil) -> Failure {
        var where_ = location ?? peek.location
        if location == nil, isAtEnd, let last = tokens[..<current].last(where: { $0.kind != .newline }) {
            // At the end of input, point just past the last real token: the line the
            // learner is looking at, not an empty line after the file.
            where_ = SourceLocation(file: last.location.file, line: last.location.line,
                                    column: last.location.column + last.lexeme.count)
        }
        if diagnostics.count < maxErrors {
            diagnostics.append(Diagnostic(kind: .parse, message: message, location: where_,
                                          sourceLine: lineText(where_.line)))
        }
        return Failure()
    }

    mutating func endOfStatement() throws {
        if peek.kind == .newline || check(.semicolon) || check(.rightBrace) || isAtEnd { return }
        throw error("Expect a newline or ';' after a statement.")
    }

    /// Skips to the start of the next statement (panic-mode recovery).
    mutating func synchronize() {
        var depth = 0
        while !isAtEnd {
            let kind = advance().kind
            switch kind {
            case .symbol(.leftBrace): depth += 1
            case .symbol(.rightBrace):
                depth -= 1
                if depth <= 0 && (peek.kind == .newline || isAtEnd) { return }
            case .newline where depth <= 0: return
            default: break
            }
        }
    }

    /// The exact source between two locations (inclusive), for `source(f)`.
    func text(from start: SourceLocation, through end: SourceLocation) -> String {
        guard start.line <= end.line else { return "" }
        var out: [String] = []
        for line in start.line...end.line {
            let chars = Array(lineText(line))
            let from = line == start.line ? min(chars.count, max(0, start.column - 1)) : 0
            let to = line == end.line ? min(chars.count, max(from, end.column)) : chars.count
            out.append(String(chars[from..<to]))
        }
        return out.joined(separator: "\n")
    }
}
