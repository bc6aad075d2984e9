extension Parser {
    mutating func primary() throws -> Expr {
        let token = peek
        let location = token.location
        switch token.kind {
        case .number(let value):
            advance()
            return Expr(.number(value), location)
        case .string(let pieces):
            advance()
            return try stringLiteral(pieces, location)
        case .keyword(.true): advance(); return Expr(.bool(true), location)
        case .keyword(.false): advance(); return Expr(.bool(false), location)
        case .keyword(.nil): advance(); return Expr(.nil, location)
        case .identifier(let name):
            advance()
            return Expr(.variable(name), location)
        case .symbol(.leftParen):
            advance()
            let inner = try expression()
            try consume(.rightParen, "Expect ')' after the expression.")
            return inner
        case .symbol(.leftBracket):
            advance()
            var items: [Expr] = []
            while !check(.rightBracket) {
                items.append(try expression())
                if !match(.comma) { break }
            }
            try consume(.rightBracket, "Expect ']' after list items.")
            return Expr(.list(items), location)
        case .symbol(.leftBrace):
            advance()
            return try dictLiteral(location)
        case .keyword(.fn):
            advance()
            return Expr(.function(try function(start: location, named: false)), location)
        case .keyword(.if):
            return try ifExpression()
        case .end:
            throw error("Expect an expression; the input ended.")
        case .newline:
            throw error("Expect an expression before the end of the line.")
        default:
            throw error("Expect an expression; got '\(token.lexeme)'.")
        }
    }

    mutating func ifExpression() throws -> Expr {
        let start = advance().location
        let condition = try expression()
        let then = try block("'if' body")
        // `else` may start the next line after '}'.
        var ahead = current
        while tokens[ahead].kind == .newline { ahead += 1 }
        guard tokens[ahead].kind == .keyword(.else) else {
            return Expr(.if(condition: condition, then: then, elseBranch: nil), start)
        }
        current = ahead + 1
        if check(.if) {
            let nested = try ifExpression()
            let elseBlock = Block(statements: [Stmt(.expression(nested), nested.location)], location: nested.location)
            return Expr(.if(condition: condition, then: then, elseBranch: elseBlock), start)
        }
        return Expr(.if(condition: condition, then: then, elseBranch: try block("'else' body")), start)
    }

    mutating func dictLiteral(_ location: SourceLocation) throws -> Expr {
        var entries: [(key: Expr, value: Expr)] = []
        skipNewlines()
        while !check(.rightBrace) {
            let keyToken = peek
            let key: Expr
            switch keyToken.kind {
            case .identifier(let name): advance(); key = Expr(.string(name), keyToken.location)
            case .keyword(let keyword): advance(); key = Expr(.string(keyword.rawValue), keyToken.location)
            case .string, .number: key = try primary()
            case .symbol(.leftBracket):
                advance()
                key = try expression()
                try consume(.rightBracket, "Expect ']' after a computed key.")
            default: throw error("Expect a key (a name or a string) in the dict.")
            }
            try consume(.colon, "Expect ':' after a dict key.")
            skipNewlines()
            entries.append((key, try expression()))
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        skipNewlines()
        try consume(.rightBrace, "Expect '}' after dict entries.")
        return Expr(.dict(entries), location)
    }

    /// Parses the `{expr:spec}` pieces of a string with a nested parser.
    mutating func stringLiteral(_ pieces: [StringPiece], _ location: SourceLocation) throws -> Expr {
        if pieces.count == 1, case .text(let text) = pieces[0] { return Expr(.string(text), location) }
        var parts: [InterpolationPart] = []
        for piece in pieces {
            switch piece {
            case .text(let text):
                parts.append(.text(text))
            case .interpolation(let source, let spec, let at):
                var lexer = Lexer(source: source, file: file, lineOffset: at.line - 1, column: at.column)
                var inner = Parser(tokens: lexer.scanAll(), file: file, lines: lines, lineOffset: lineOffset)
                let fixed = lexer.diagnostics.map { d -> Diagnostic in
                    var d = d
                    d.sourceLine = lineText(d.location.line)
                    return d
                }
                inner.diagnostics = fixed
                inner.skipNewlines()
                let expr = try? inner.expression()
                if expr != nil && !inner.isAtEnd && inner.diagnostics.isEmpty {
                    _ = inner.error("Expect '}' after the interpolated expression.")
                }
                if !inner.diagnostics.isEmpty || expr == nil {
                    diagnostics.append(contentsOf: inner.diagnostics.prefix(1))
                    throw Failure()
                }
                if let expr { parts.append(.value(expr, spec: spec)) }
            }
        }
        return Expr(.interpolated(parts), location)
    }
}

extension Parser {
    /// A parser over already-scanned tokens sharing the outer file's lines (for interpolations).
    init(tokens: [Token], file: String, lines: [Substring], lineOffset: Int) {
        self.tokens = tokens
        self.file = file
        self.lines = lines
        self.lineOffset = lineOffset
    }
}
