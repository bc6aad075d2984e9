/// Turns source text into tokens, each with its location.
///
/// Newlines end statements, except inside `(...)` and `[...]` where a line may
/// continue freely; inside `{...}` they stay significant because braces usually
/// open blocks (the parser skips them itself inside dict literals).
///
///     var lexer = Lexer(source: "let x = 1\n", file: "a.wh")
///     let tokens = lexer.scanAll()   // let, x, =, 1, newline, end
public struct Lexer {
    private let chars: [Character]
    private let file: String
    private var index = 0
    private var line: Int
    private var column: Int
    /// Open brackets, innermost last; decides whether a newline is significant.
    private var brackets: [Character] = []
    /// Problems found while scanning (unterminated strings, stray characters).
    public private(set) var diagnostics: [Diagnostic] = []
    private let sourceLines: [Substring]
    private let lineOffset: Int

    /// Creates a lexer; `lineOffset` shifts reported lines (a notebook cell starting at line 40 passes 39).
    public init(source: String, file: String, lineOffset: Int = 0, column: Int = 1) {
        let source = Lexer.normalizingLineEndings(source)
        self.chars = Array(source)
        self.file = file
        self.line = 1 + lineOffset
        self.column = column
        self.lineOffset = lineOffset
        self.sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `source` with Windows (CRLF) and old Mac (CR) line ends as "\n". Needed because Swift
    /// reads "\r\n" as one Character, which matched no rule and made every line an error.
    public static func normalizingLineEndings(_ source: String) -> String {
        guard source.unicodeScalars.contains("\r") else { return source }
        var out = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in source.unicodeScalars {
            if scalar == "\n" && previousWasCR { previousWasCR = false; continue }  // the LF of a CRLF
            previousWasCR = scalar == "\r"
            out.append(previousWasCR ? "\n" : scalar)
        }
        return String(out)
    }

    /// Scans the whole source; the last token is always `.end`.
    public mutating func scanAll() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    private func peek(_ ahead: Int = 0) -> Character? {
        index + ahead < chars.count ? chars[index + ahead] : nil
    }

    @discardableResult
    private mutating func advance() -> Character {
        let c = chars[index]
        index += 1
        if c == "\n" { line += 1; column = 1 } else { column += 1 }
        return c
    }

    private mutating func report(_ message: String, at location: SourceLocation) {
        let text = sourceLine(location.line)
        diagnostics.append(Diagnostic(kind: .lex, message: message, location: location, sourceLine: text))
    }

    private func sourceLine(_ line: Int) -> String {
        let i = line - 1 - lineOffset
        return i >= 0 && i < sourceLines.count ? String(sourceLines[i]) : ""
    }

    /// Scans the next token.
    public mutating func next() -> Token {
        while let c = peek() {
            if c == "#" {
                while let d = peek(), d != "\n" { advance() }
            } else if c == "\n" {
                let start = here
                advance()
                if brackets.last == nil || brackets.last == "{" {
                    return Token(kind: .newline, location: start, lexeme: "\\n")
                }
            } else if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if c == "\\" && peek(1) == "\n" {
                advance(); advance()   // explicit line continuation
            } else {
                break
            }
        }
        let start = here
        guard let c = peek() else { return Token(kind: .end, location: start, lexeme: "end of input") }
        if c.isNumber && c.isASCII { return number(start) }
        if c == "r" && peek(1) == "\"" { advance(); return rawString(start) }
        if c.isLetter || c == "_" { return identifier(start) }
        if c == "\"" { return string(start) }
        return symbol(start)
    }

    private mutating func number(_ start: SourceLocation) -> Token {
        var text = ""
        func digits(_ lexer: inout Lexer, _ text: inout String) {
            while let d = lexer.peek(), (d.isASCII && d.isNumber) || d == "_" {
                lexer.advance()
                if d != "_" { text.append(d) }
            }
        }
        digits(&self, &text)
        if peek() == ".", let d = peek(1), d.isASCII, d.isNumber {
            text.append(advance())
            digits(&self, &text)
        }
        if let e = peek(), e == "e" || e == "E" {
            let sign = peek(1)
            let hasSign = sign == "+" || sign == "-"
            if let d = peek(hasSign ? 2 : 1), d.isASCII, d.isNumber {
                text.append(advance())
                if hasSign { text.append(advance()) }
                digits(&self, &text)
            }
        }
        let value = Double(text) ?? 0
        return Token(kind: .number(value), location: start, lexeme: text)
    }

    private mutating func identifier(_ start: SourceLocation) -> Token {
        var text = ""
        while let c = peek(), c.isLetter || c.isNumber || c == "_" { text.append(advance()) }
        if let keyword = Keyword(rawValue: text) {
            return Token(kind: .keyword(keyword), location: start, lexeme: text)
        }
        return Token(kind: .identifier(text), location: start, lexeme: text)
    }

    private mutating func rawString(_ start: SourceLocation) -> Token {
        advance()   // opening quote
        var text = ""
        while let c = peek(), c != "\"" {
            if c == "\n" { break }
            text.append(advance())
        }
        if peek() == "\"" { advance() } else { report("Unterminated string.", at: start) }
        return Token(kind: .string([.text(text)]), location: start, lexeme: "r\"\(text)\"")
    }

    private mutating func string(_ start: SourceLocation) -> Token {
        advance()   // opening quote
        var pieces: [StringPiece] = []
        var text = ""
        var closed = false
        while let c = peek() {
            if c == "\"" { advance(); closed = true; break }
            if c == "\n" { break }
            if c == "\\" {
                let escapeStart = here
                advance()
                guard let e = peek(), e != "\n" else { break }
                advance()
                switch e {
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "0": text.append("\0")
                case "\\", "\"", "{", "}": text.append(e)
                default: report("Unknown escape '\\\(e)'.", at: escapeStart)
                }
            } else if c == "{" {
                if peek(1) == "{" { advance(); advance(); text.append("{"); continue }
                if !text.isEmpty { pieces.append(.text(text)); text = "" }
                let braceLocation = here
                advance()
                guard let piece = interpolation(braceLocation) else { break }
                pieces.append(piece)
            } else if c == "}" {
                advance()
                if peek() == "}" { advance() }   // "}}" is a literal brace; a lone one is tolerated
                text.append("}")
            } else {
                text.append(advance())
            }
        }
        if !closed { report("Unterminated string.", at: start) }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(text)) }
        return Token(kind: .string(pieces), location: start, lexeme: "string")
    }

    /// Scans `expr[:spec]}` after an opening brace; nested brackets and strings are skipped over.
    private mutating func interpolation(_ brace: SourceLocation) -> StringPiece? {
        let exprStart = here
        var source = ""
        var spec: String?
        var depth = 0
        while let c = peek() {
            if c == "\n" { break }
            if c == "\"" {
                source.append(advance())
                while let d = peek(), d != "\"", d != "\n" {
                    source.append(advance())
                    if d == "\\", peek() != nil, peek() != "\n" { source.append(advance()) }
                }
                if peek() == "\"" { source.append(advance()) }
                continue
            }
            if c == "(" || c == "[" || c == "{" { depth += 1 }
            if c == ")" || c == "]" { depth -= 1 }
            if c == "}" {
                if depth == 0 {
                    advance()
                    if source.trimmingSpaces.isEmpty {
                        report("Expect an expression inside '{}'; write '{{' for a literal brace.", at: brace)
                    }
                    return .interpolation(source: source, spec: spec, location: exprStart)
                }
                depth -= 1
            }
            if c == ":" && depth == 0 && spec == nil {
                advance()
                var s = ""
                while let d = peek(), d != "}", d != "\n", d != "\"" { s.append(advance()) }
                spec = s
                continue
            }
            source.append(advance())
        }
        report("Unterminated '{' in string; write '{{' for a literal brace.", at: brace)
        return nil
    }

    private mutating func symbol(_ start: SourceLocation) -> Token {
        // Longest match first.
        for length in [3, 2, 1] {
            guard index + length <= chars.count else { continue }
            let text = String(chars[index..<index + length])
            if let symbol = Symbol(rawValue: text) {
                for _ in 0..<length { advance() }
                trackBrackets(symbol)
                return Token(kind: .symbol(symbol), location: start, lexeme: text)
            }
        }
        let c = advance()
        let message: String
        switch c {
        case "!": message = "Unexpected '!'; use 'not'."
        case "&":
            if peek() == "&" { advance() }
            message = "Unexpected '&'; use 'and'."
        case "|":
            if peek() == "|" { advance() }
            message = "Unexpected '|'; use 'or', or '|>' for a pipeline."
        case "'":
            // Skip the whole single-quoted string so it gives one message.
            while let d = peek(), d != "'", d != "\n" { advance() }
            if peek() == "'" { advance() }
            message = "Unexpected \"'\"; strings use double quotes."
        default: message = "Unexpected character '\(c)'."
        }
        report(message, at: start)
        return next()
    }

    private mutating func trackBrackets(_ symbol: Symbol) {
        switch symbol {
        case .leftParen: brackets.append("(")
        case .leftBracket: brackets.append("[")
        case .leftBrace: brackets.append("{")
        case .rightParen, .rightBracket, .rightBrace: if !brackets.isEmpty { brackets.removeLast() }
        default: break
        }
    }
}

extension String {
    var trimmingSpaces: Substring {
        let s = drop(while: { $0 == " " || $0 == "\t" })
        return s.reversed().drop(while: { $0 == " " || $0 == "\t" }).isEmpty ? "" : s
    }
}
