/// Expression grammar, lowest precedence first:
/// pipe `|>`, `or`, `and`, `not`, comparison (== != < <= > >= in, not chained),
/// range (`..<`, `...`), `+ -`, `* / % @`, unary `-`, `**` (right assoc), postfix.
extension Parser {
    mutating func expression() throws -> Expr {
        var expr = try or()
        while true {
            // A pipeline may continue on the next line: `x\n  |> f()`.
            if peek.kind == .newline {
                var ahead = current
                while tokens[ahead].kind == .newline { ahead += 1 }
                guard tokens[ahead].kind == .symbol(.pipe) else { break }
                current = ahead
            }
            guard check(.pipe) else { break }
            let op = advance()
            skipNewlines()
            let target = try or()
            // `x |> f(y)` means f(x, y); `x |> f` means f(x).
            if case .call(let callee, let args) = target.kind {
                expr = Expr(.call(callee, [Argument(label: nil, value: expr)] + args), op.location)
            } else {
                expr = Expr(.call(target, [Argument(label: nil, value: expr)]), op.location)
            }
        }
        return expr
    }

    mutating func or() throws -> Expr {
        var expr = try and()
        while check(.or) {
            let op = advance()
            skipNewlines()
            expr = Expr(.or(expr, try and()), op.location)
        }
        return expr
    }

    mutating func and() throws -> Expr {
        var expr = try not()
        while check(.and) {
            let op = advance()
            skipNewlines()
            expr = Expr(.and(expr, try not()), op.location)
        }
        return expr
    }

    mutating func not() throws -> Expr {
        if check(.not) {
            let op = advance()
            return Expr(.unary(.not, try not()), op.location)
        }
        return try comparison()
    }

    /// The comparison operator at the current token; `not in` spans two tokens.
    mutating func comparisonOperator() -> (BinaryOperator, negated: Bool)? {
        switch peek.kind {
        case .symbol(.equalEqual): return (.equal, false)
        case .symbol(.bangEqual): return (.notEqual, false)
        case .symbol(.less): return (.less, false)
        case .symbol(.lessEqual): return (.lessEqual, false)
        case .symbol(.greater): return (.greater, false)
        case .symbol(.greaterEqual): return (.greaterEqual, false)
        case .keyword(.in): return (.contains, false)
        case .keyword(.not) where tokens[current + 1].kind == .keyword(.in): return (.contains, true)
        default: return nil
        }
    }

    mutating func comparison() throws -> Expr {
        let expr = try range()
        guard let (op, negated) = comparisonOperator() else { return expr }
        let opToken = advance()
        if negated { advance() }
        skipNewlines()
        let right = try range()
        if comparisonOperator() != nil {
            throw error("Comparisons can't be chained; combine them with 'and'.")
        }
        let result = Expr(.binary(op, expr, right), opToken.location)
        return negated ? Expr(.unary(.not, result), opToken.location) : result
    }

    mutating func range() throws -> Expr {
        let expr = try additive()
        if check(.rangeExclusive) || check(.rangeInclusive) {
            let op = advance()
            skipNewlines()
            let upper = try additive()
            return Expr(.range(expr, upper, inclusive: op.kind == .symbol(.rangeInclusive)), op.location)
        }
        return expr
    }

    mutating func additive() throws -> Expr {
        var expr = try multiplicative()
        while check(.plus) || check(.minus) {
            let op = advance()
            skipNewlines()
            let right = try multiplicative()
            expr = Expr(.binary(op.kind == .symbol(.plus) ? .add : .subtract, expr, right), op.location)
        }
        return expr
    }

    mutating func multiplicative() throws -> Expr {
        var expr = try unary()
        while true {
            let op: BinaryOperator
            switch peek.kind {
            case .symbol(.star): op = .multiply
            case .symbol(.slash): op = .divide
            case .symbol(.percent): op = .modulo
            case .symbol(.at): op = .matmul
            default: return expr
            }
            let token = advance()
            skipNewlines()
            expr = Expr(.binary(op, expr, try unary()), token.location)
        }
    }

    mutating func unary() throws -> Expr {
        if check(.minus) {
            let op = advance()
            let operand = try unary()
            // Fold literal negation so `-1` is a constant.
            if case .number(let n) = operand.kind { return Expr(.number(-n), op.location) }
            return Expr(.unary(.negate, operand), op.location)
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        if check(.power) {
            let op = advance()
            skipNewlines()
            return Expr(.binary(.power, base, try unary()), op.location)
        }
        return base
    }

    mutating func postfix() throws -> Expr {
        var expr = try primary()
        while true {
            if check(.leftParen) {
                let open = advance()
                expr = Expr(.call(expr, try arguments()), open.location)
            } else if check(.leftBracket) {
                let open = advance()
                expr = Expr(.index(expr, try indexItems()), open.location)
            } else if check(.dot) {
                let dot = advance()
                let name = try fieldName()
                expr = Expr(.field(expr, name), dot.location)
            } else {
                return expr
            }
        }
    }

    mutating func fieldName() throws -> String {
        if case .keyword(let keyword) = peek.kind { advance(); return keyword.rawValue }
        return try identifier("Expect a field name after '.'.")
    }

    mutating func arguments() throws -> [Argument] {
        var args: [Argument] = []
        while !check(.rightParen) {
            var label: String?
            if case .identifier(let name) = peek.kind, tokens[current + 1].kind == .symbol(.colon) {
                label = name
                advance(); advance()
            } else if label == nil, args.last?.label != nil {
                throw error("Put positional arguments before named ones.")
            }
            if let label, args.contains(where: { $0.label == label }) {
                throw error("Duplicate argument '\(label)'.", at: previous.location)
            }
            args.append(Argument(label: label, value: try expression()))
            if !match(.comma) { break }
        }
        try consume(.rightParen, "Expect ')' after arguments.")
        return args
    }

    mutating func indexItems() throws -> [IndexItem] {
        var items: [IndexItem] = []
        repeat {
            var start: Expr?
            if !check(.colon) { start = try expression() }
            if match(.colon) {
                var stop: Expr?, step: Expr?
                if !check(.colon) && !check(.comma) && !check(.rightBracket) { stop = try expression() }
                if match(.colon), !check(.comma) && !check(.rightBracket) { step = try expression() }
                items.append(.slice(start: start, stop: stop, step: step))
            } else if let start {
                items.append(.value(start))
            }
        } while match(.comma)
        try consume(.rightBracket, "Expect ']' after the index.")
        return items
    }
}
