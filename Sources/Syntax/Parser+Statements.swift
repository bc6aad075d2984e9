extension Parser {
    mutating func statement() throws -> Stmt {
        let start = peek.location
        switch peek.kind {
        case .keyword(.let), .keyword(.var):
            let mutable = advance().kind == .keyword(.var)
            let name = try identifier("Expect a variable name after '\(mutable ? "var" : "let")'.")
            try consume(.equal, "Expect '=' after the variable name.")
            skipNewlines()
            return Stmt(.declaration(name: name, mutable: mutable, value: try expression()), start)
        case .keyword(.fn):
            if case .identifier = tokens[current + 1].kind {
                advance()
                return Stmt(.function(try function(start: start, named: true)), start)
            }
        case .keyword(.for):
            advance()
            var names = [try identifier("Expect a loop variable after 'for'.")]
            if match(.comma) { names.append(try identifier("Expect a second loop variable after ','.")) }
            guard match(.in) else { throw error("Expect 'in' after the loop variable.") }
            let iterable = try expression()
            return Stmt(.forIn(names: names, iterable: iterable, body: try block("loop body")), start)
        case .keyword(.while):
            advance()
            let condition = try expression()
            return Stmt(.while(condition: condition, body: try block("loop body")), start)
        case .keyword(.break):
            advance()
            return Stmt(.break, start)
        case .keyword(.continue):
            advance()
            return Stmt(.continue, start)
        case .keyword(.return):
            advance()
            if peek.kind == .newline || check(.semicolon) || check(.rightBrace) || isAtEnd {
                return Stmt(.return(nil), start)
            }
            return Stmt(.return(try expression()), start)
        case .keyword(.import):
            advance()
            return Stmt(.import(try identifier("Expect a module name after 'import'.")), start)
        case .keyword(.check):
            advance()
            return try checkStatement(start)
        default:
            break
        }
        let expr = try expression()
        if let assignment = assignmentOperator() {
            let opToken = advance()
            switch expr.kind {
            case .variable, .index, .field: break
            default: throw error("Invalid assignment target.", at: opToken.location)
            }
            skipNewlines()
            return Stmt(.assignment(target: expr, op: assignment.op, value: try expression()), opToken.location)
        }
        return Stmt(.expression(expr), start)
    }

    /// The assignment at the current token: `=` has no operator, `+=` has `.add`, ...;
    /// nil when the next token is not an assignment.
    func assignmentOperator() -> (op: BinaryOperator?, isAssignment: Bool)? {
        guard case .symbol(let symbol) = peek.kind else { return nil }
        switch symbol {
        case .equal: return (nil, true)
        case .plusEqual: return (.add, true)
        case .minusEqual: return (.subtract, true)
        case .starEqual: return (.multiply, true)
        case .slashEqual: return (.divide, true)
        case .percentEqual: return (.modulo, true)
        default: return nil
        }
    }

    mutating func checkStatement(_ start: SourceLocation) throws -> Stmt {
        let name = try expression()
        let body = try block("check")
        var points: Expr?
        var hint: Expr?
        while true {
            if match(.points) { points = try expression() } else if match(.hint) { hint = try expression() } else { break }
        }
        return Stmt(.check(name: name, body: body, points: points, hint: hint), start)
    }

    /// Parses `{ statements }`.
    mutating func block(_ what: String) throws -> Block {
        let open = try consume(.leftBrace, "Expect '{' before the \(what).")
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.rightBrace) && !isAtEnd {
            statements.append(try statement())
            try endOfStatement()
            skipSeparators()
        }
        try consume(.rightBrace, "Expect '}' after the \(what).")
        return Block(statements: statements, location: open.location)
    }

    /// Parses `name(params) { body }` (after `fn`); anonymous when `named` is false.
    mutating func function(start: SourceLocation, named: Bool) throws -> FunctionDecl {
        let name = named ? try identifier("Expect a function name after 'fn'.") : nil
        try consume(.leftParen, "Expect '(' after \(named ? "the function name" : "'fn'").")
        var parameters: [Parameter] = []
        if !check(.rightParen) {
            repeat {
                if check(.rightParen) { break }
                let location = peek.location
                let param = try identifier("Expect a parameter name.")
                if parameters.contains(where: { $0.name == param }) {
                    throw error("Duplicate parameter '\(param)'.", at: location)
                }
                var defaultValue: Expr?
                if match(.equal) {
                    defaultValue = try expression()
                } else if parameters.last?.defaultValue != nil {
                    throw error("Put parameters with default values last.", at: location)
                }
                parameters.append(Parameter(name: param, defaultValue: defaultValue, location: location))
            } while match(.comma)
        }
        try consume(.rightParen, "Expect ')' after parameters.")
        let body = try block("function body")
        let text = self.text(from: start, through: previous.location)
        return FunctionDecl(name: name, parameters: parameters, body: body, location: start, sourceText: text)
    }
}
