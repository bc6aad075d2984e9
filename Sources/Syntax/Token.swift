/// The kinds of tokens the lexer produces.
public enum TokenKind: Equatable, Sendable {
    case number(Double)
    /// A string literal split into literal text and interpolated `{expr:spec}` pieces.
    case string([StringPiece])
    case identifier(String)
    case keyword(Keyword)
    case symbol(Symbol)
    case newline
    case end
}

/// One piece of a string literal.
public enum StringPiece: Equatable, Sendable {
    case text(String)
    /// Raw expression source, its format spec (text after a top-level ':'), and where the source starts.
    case interpolation(source: String, spec: String?, location: SourceLocation)
}

/// Reserved words; none can be used as a variable name.
public enum Keyword: String, CaseIterable, Sendable {
    case `let`, `var`, `fn`, `if`, `else`, `for`, `in`, `while`, `break`, `continue`, `return`
    case `true`, `false`, `nil`, `and`, `or`, `not`, `import`, `check`, `points`, `hint`
}

/// Punctuation and operators.
public enum Symbol: String, CaseIterable, Sendable {
    case leftParen = "(", rightParen = ")", leftBracket = "[", rightBracket = "]"
    case leftBrace = "{", rightBrace = "}", comma = ",", dot = ".", colon = ":", semicolon = ";"
    case plus = "+", minus = "-", star = "*", slash = "/", percent = "%", power = "**", at = "@"
    case equal = "=", equalEqual = "==", bangEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case plusEqual = "+=", minusEqual = "-=", starEqual = "*=", slashEqual = "/=", percentEqual = "%="
    case pipe = "|>", rangeExclusive = "..<", rangeInclusive = "..."
}

/// A token with the location of its first character.
public struct Token: Equatable, Sendable {
    public var kind: TokenKind
    public var location: SourceLocation
    /// Source text of the token (used in messages like "Unexpected ')'.").
    public var lexeme: String

    public init(kind: TokenKind, location: SourceLocation, lexeme: String) {
        self.kind = kind
        self.location = location
        self.lexeme = lexeme
    }
}
