/// Decides whether REPL input needs more lines before it can run.
enum Completeness {
    static func isIncomplete(_ source: String) -> Bool {
        var lexer = Lexer(source: source, file: "<repl>")
        let tokens = lexer.scanAll()
        if lexer.diagnostics.contains(where: { $0.message.hasPrefix("Unterminated") }) { return true }
        var depth = 0
        for token in tokens {
            switch token.kind {
            case .symbol(.leftParen), .symbol(.leftBracket), .symbol(.leftBrace): depth += 1
            case .symbol(.rightParen), .symbol(.rightBracket), .symbol(.rightBrace): depth -= 1
            default: break
            }
        }
        if depth > 0 { return true }
        // A line ending in an operator or comma continues on the next line.
        let meaningful = tokens.filter { $0.kind != .newline && $0.kind != .end }
        guard let last = meaningful.last else { return false }
        switch last.kind {
        case .symbol(let s):
            let continuing: Set<Symbol> = [.plus, .minus, .star, .slash, .percent, .power, .at, .equal, .equalEqual,
                                           .bangEqual, .less, .lessEqual, .greater, .greaterEqual, .plusEqual,
                                           .minusEqual, .starEqual, .slashEqual, .percentEqual, .pipe,
                                           .rangeExclusive, .rangeInclusive, .comma, .dot, .colon]
            return continuing.contains(s)
        case .keyword(let k):
            return [.and, .or, .not, .in, .else].contains(k)
        default:
            return false
        }
    }
}
