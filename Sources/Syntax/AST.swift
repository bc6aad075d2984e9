/// The syntax tree. Every node carries the location of its first token
/// (for operators: the operator itself), so every later error can point at it.

/// Binary operators, shared with native values (tensors) in the interpreter.
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "**"
    case matmul = "@", equal = "==", notEqual = "!=", less = "<", lessEqual = "<="
    case greater = ">", greaterEqual = ">=", contains = "in"
}

/// Unary operators.
public enum UnaryOperator: String, Sendable, CaseIterable {
    case negate = "-", not = "not"
}

/// An expression node.
public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
        /// An interpolated string: text pieces and `{expr:spec}` pieces.
        case interpolated([InterpolationPart])
        case bool(Bool)
        case `nil`
        case variable(String)
        case list([Expr])
        case dict([(key: Expr, value: Expr)])
        case range(Expr, Expr, inclusive: Bool)
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case and(Expr, Expr)
        case or(Expr, Expr)
        case call(Expr, [Argument])
        case index(Expr, [IndexItem])
        case field(Expr, String)
        case function(FunctionDecl)
        /// `if` used for its value; `elseBranch` nil means the value is nil when the condition fails.
        case `if`(condition: Expr, then: Block, elseBranch: Block?)
    }
    public var kind: Kind
    public var location: SourceLocation
    public init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}

/// A piece of an interpolated string.
public enum InterpolationPart: Sendable {
    case text(String)
    case value(Expr, spec: String?)
}

/// A call argument, positional (`label` nil) or named (`b: 3`).
public struct Argument: Sendable {
    public var label: String?
    public var value: Expr
    public init(label: String?, value: Expr) {
        self.label = label
        self.value = value
    }
}

/// One item inside `[...]` after an indexed value.
public enum IndexItem: Sendable {
    case value(Expr)
    case slice(start: Expr?, stop: Expr?, step: Expr?)
}

/// A parameter with an optional default value.
public struct Parameter: Sendable {
    public var name: String
    public var defaultValue: Expr?
    public var location: SourceLocation
}

/// A named or anonymous function.
public struct FunctionDecl: Sendable {
    public var name: String?
    public var parameters: [Parameter]
    public var body: Block
    public var location: SourceLocation
    /// The exact source text of the declaration, shown by `source(f)`.
    public var sourceText: String
}

/// A `{ ... }` block; its value is the value of its last statement when that is an expression.
public struct Block: Sendable {
    public var statements: [Stmt]
    public var location: SourceLocation
}

/// A statement node.
public struct Stmt: Sendable {
    public indirect enum Kind: Sendable {
        case expression(Expr)
        /// `let` (mutable false) or `var` (mutable true).
        case declaration(name: String, mutable: Bool, value: Expr)
        /// `target = value` or `target op= value`; target is a variable, index or field expression.
        case assignment(target: Expr, op: BinaryOperator?, value: Expr)
        case function(FunctionDecl)
        /// `for a in xs` (one name) or `for a, b in xs` (each element unpacked into two).
        case forIn(names: [String], iterable: Expr, body: Block)
        case `while`(condition: Expr, body: Block)
        case `break`
        case `continue`
        case `return`(Expr?)
        case `import`(String)
        case check(name: Expr, body: Block, points: Expr?, hint: Expr?)
    }
    public var kind: Kind
    public var location: SourceLocation
    public init(_ kind: Kind, _ location: SourceLocation) {
        self.kind = kind
        self.location = location
    }
}
