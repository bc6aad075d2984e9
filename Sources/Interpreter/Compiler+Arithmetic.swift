// Arithmetic and comparisons, specialized on where their operands come from.
//
// Why: in `n - 1`, `i * i` or `n < 2` the operands are a literal or a variable.
// Reading those in place — as a number straight from the slot when both are places —
// instead of calling a closure that returns a copy of the `Value`, removes a closure
// call and an outlined copy/destroy per operand from the hottest loops. Each (left, right) pair of operand kinds gets its own generic
// specialization, so the read is inlined; anything that is not number-number falls
// back to `Operators`, which owns the semantics.

/// Where an operand's value is read from.
protocol Operand {
    func value(_ f: Frame) throws -> Value
    /// Whether the operand is a place (a literal or a variable): reading it has no effect,
    /// so it may be read twice — first as a number in place, then, if that fails, as a value.
    static var isPlace: Bool { get }
    /// The operand's number, read without copying its `Value` (only asked of places).
    func peekNumber(_ f: Frame) -> Double?
}

/// A number literal.
struct ConstantOperand: Operand {
    let constant: Value
    let number: Double
    init(_ n: Double) {
        constant = .number(n)
        number = n
    }
    @inline(__always) func value(_ f: Frame) -> Value { constant }
    static var isPlace: Bool { true }
    @inline(__always) func peekNumber(_ f: Frame) -> Double? { number }
}

/// A local of the running function (frame depth 0).
struct LocalOperand: Operand {
    let slot: Int
    @inline(__always) func value(_ f: Frame) -> Value { f.slots[slot] }
    static var isPlace: Bool { true }
    @inline(__always) func peekNumber(_ f: Frame) -> Double? {
        if case .number(let x) = f.slots[slot] { return x }
        return nil
    }
}

/// A global variable, read from its cell.
struct GlobalOperand: Operand {
    let cell: GlobalCell
    let name: String
    let location: SourceLocation
    @inline(__always) func value(_ f: Frame) throws -> Value {
        if let v = cell.valuePointer.pointee { return v }
        throw RuntimeError("Undefined variable '\(name)'.", at: location)
    }
    static var isPlace: Bool { true }
    @inline(__always) func peekNumber(_ f: Frame) -> Double? {
        if case .number(let x)? = cell.valuePointer.pointee { return x }
        return nil
    }
}

/// Any other expression, through its compiled closure.
struct ComputedOperand: Operand {
    let eval: Eval
    @inline(__always) func value(_ f: Frame) throws -> Value { try eval(f) }
    static var isPlace: Bool { false }
    func peekNumber(_ f: Frame) -> Double? { nil }
}

/// Number-number arithmetic that cannot fail (`Operators.infallible`), as a type so each
/// operator is fixed in its own closure; nil (division by zero, `%` of non-integers) sends
/// the call to `Operators`.
protocol NumberArithmetic {
    static func apply(_ x: Double, _ y: Double) -> Double?
    /// `+` also joins two strings inline.
    static var joinsStrings: Bool { get }
}
enum Addition: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? { Operators.infallible(.add, x, y) }
    static var joinsStrings: Bool { true }
}
enum Subtraction: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? { Operators.infallible(.subtract, x, y) }
    static var joinsStrings: Bool { false }
}
enum Multiplication: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? { Operators.infallible(.multiply, x, y) }
    static var joinsStrings: Bool { false }
}
enum Division: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? { Operators.infallible(.divide, x, y) }
    static var joinsStrings: Bool { false }
}
enum IntegerModulo: NumberArithmetic {
    @inline(__always) static func apply(_ x: Double, _ y: Double) -> Double? { Operators.infallible(.modulo, x, y) }
    static var joinsStrings: Bool { false }
}

/// A number-number comparison, as a type so each one is inlined into its closure.
protocol NumberComparison { static func test(_ x: Double, _ y: Double) -> Bool }
enum LessThan: NumberComparison { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x < y } }
enum LessOrEqual: NumberComparison { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x <= y } }
enum GreaterThan: NumberComparison { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x > y } }
enum GreaterOrEqual: NumberComparison { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x >= y } }
enum EqualTo: NumberComparison { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x == y } }
enum NotEqualTo: NumberComparison { @inline(__always) static func test(_ x: Double, _ y: Double) -> Bool { x != y } }

extension Compiler {
    /// `left op right` as a value.
    func compileBinary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ location: SourceLocation) -> Eval {
        let slow = slowPath(op, location)
        // Spelled out so every pair of operand types is specialized (a generic
        // dispatcher here left the operand reads unspecialized: 30% slower).
        switch (operand(left), operand(right)) {
        case (.constant(let a), .constant(let b)): return Compiler.binary(op, a, b, slow)
        case (.constant(let a), .local(let b)): return Compiler.binary(op, a, b, slow)
        case (.constant(let a), .global(let b)): return Compiler.binary(op, a, b, slow)
        case (.constant(let a), .computed(let b)): return Compiler.binary(op, a, b, slow)
        case (.local(let a), .constant(let b)): return Compiler.binary(op, a, b, slow)
        case (.local(let a), .local(let b)): return Compiler.binary(op, a, b, slow)
        case (.local(let a), .global(let b)): return Compiler.binary(op, a, b, slow)
        case (.local(let a), .computed(let b)): return Compiler.binary(op, a, b, slow)
        case (.global(let a), .constant(let b)): return Compiler.binary(op, a, b, slow)
        case (.global(let a), .local(let b)): return Compiler.binary(op, a, b, slow)
        case (.global(let a), .global(let b)): return Compiler.binary(op, a, b, slow)
        case (.global(let a), .computed(let b)): return Compiler.binary(op, a, b, slow)
        case (.computed(let a), .constant(let b)): return Compiler.binary(op, a, b, slow)
        case (.computed(let a), .local(let b)): return Compiler.binary(op, a, b, slow)
        case (.computed(let a), .global(let b)): return Compiler.binary(op, a, b, slow)
        case (.computed(let a), .computed(let b)): return Compiler.binary(op, a, b, slow)
        }
    }

    /// A comparison (`<`, `<=`, `>`, `>=`, `==`, `!=`) used as a condition: straight to a Bool.
    func compileComparison(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ location: SourceLocation) -> Condition {
        // Off the number fast path a comparison may give a tensor (`t > 5`): tested like any condition.
        let compare = slowPath(op, location)
        let slow: SlowPath = { a, b in .bool(try compare(a, b).truth(at: location)) }
        switch (operand(left), operand(right)) {
        case (.constant(let a), .constant(let b)): return Compiler.condition(op, a, b, slow)
        case (.constant(let a), .local(let b)): return Compiler.condition(op, a, b, slow)
        case (.constant(let a), .global(let b)): return Compiler.condition(op, a, b, slow)
        case (.constant(let a), .computed(let b)): return Compiler.condition(op, a, b, slow)
        case (.local(let a), .constant(let b)): return Compiler.condition(op, a, b, slow)
        case (.local(let a), .local(let b)): return Compiler.condition(op, a, b, slow)
        case (.local(let a), .global(let b)): return Compiler.condition(op, a, b, slow)
        case (.local(let a), .computed(let b)): return Compiler.condition(op, a, b, slow)
        case (.global(let a), .constant(let b)): return Compiler.condition(op, a, b, slow)
        case (.global(let a), .local(let b)): return Compiler.condition(op, a, b, slow)
        case (.global(let a), .global(let b)): return Compiler.condition(op, a, b, slow)
        case (.global(let a), .computed(let b)): return Compiler.condition(op, a, b, slow)
        case (.computed(let a), .constant(let b)): return Compiler.condition(op, a, b, slow)
        case (.computed(let a), .local(let b)): return Compiler.condition(op, a, b, slow)
        case (.computed(let a), .global(let b)): return Compiler.condition(op, a, b, slow)
        case (.computed(let a), .computed(let b)): return Compiler.condition(op, a, b, slow)
        }
    }

    /// Where an operand is read from, decided once at compile time.
    enum OperandKind {
        case constant(ConstantOperand), local(LocalOperand), global(GlobalOperand), computed(ComputedOperand)
    }

    /// - Parameter compiled: the expression's closure when the caller has compiled it already
    ///   (then it is not compiled, nor its names reported, a second time).
    func operand(_ expr: Expr, compiled: Eval? = nil) -> OperandKind {
        if case .number(let n) = expr.kind { return .constant(ConstantOperand(n)) }
        if case .variable(let name) = expr.kind {
            switch resolve(name, expr.location, report: compiled == nil) {
            case .local(0, let slot): return .local(LocalOperand(slot: slot))
            case .global(let i): return .global(GlobalOperand(cell: rt.globalCells[i], name: name, location: expr.location))
            case .local: break
            }
        }
        // Not `compiled ?? compileExpr(expr)`: passing a closure through the generic `??`
        // wraps it in two reabstraction thunks that every later call pays for.
        if let compiled { return .computed(ComputedOperand(eval: compiled)) }
        return .computed(ComputedOperand(eval: compileExpr(expr)))
    }

    private typealias SlowPath = (Value, Value) throws -> Value

    /// Everything but number-number: the full operator semantics, located at the operator.
    private func slowPath(_ op: BinaryOperator, _ location: SourceLocation) -> SlowPath {
        { a, b in
            do { return try Operators.binary(op, a, b) } catch let e as RuntimeError { throw e.located(location) }
        }
    }

    private static func binary<L: Operand, R: Operand>(_ op: BinaryOperator, _ l: L, _ r: R, _ slow: @escaping SlowPath) -> Eval {
        switch op {
        case .add: return arithmetic(Addition.self, l, r, slow)
        case .subtract: return arithmetic(Subtraction.self, l, r, slow)
        case .multiply: return arithmetic(Multiplication.self, l, r, slow)
        case .divide: return arithmetic(Division.self, l, r, slow)
        case .modulo: return arithmetic(IntegerModulo.self, l, r, slow)
        // Comparisons of numbers are inline; anything else (a tensor gives an elementwise
        // mask) keeps the operator's full value instead of collapsing it to a Bool.
        case .less: return comparisonValue(LessThan.self, l, r, slow)
        case .lessEqual: return comparisonValue(LessOrEqual.self, l, r, slow)
        case .greater: return comparisonValue(GreaterThan.self, l, r, slow)
        case .greaterEqual: return comparisonValue(GreaterOrEqual.self, l, r, slow)
        case .equal: return comparisonValue(EqualTo.self, l, r, slow)
        case .notEqual: return comparisonValue(NotEqualTo.self, l, r, slow)
        case .power, .matmul, .contains:
            return { f in try slow(try l.value(f), try r.value(f)) }
        }
    }

    private static func arithmetic<A: NumberArithmetic, L: Operand, R: Operand>(
        _: A.Type, _ l: L, _ r: R, _ slow: @escaping SlowPath) -> Eval {
        { f in
            // Two places holding numbers: no Value is copied at all.
            if L.isPlace && R.isPlace, let x = l.peekNumber(f), let y = r.peekNumber(f), let z = A.apply(x, y) {
                return .number(z)
            }
            let a = try l.value(f), b = try r.value(f)
            if case .number(let x) = a, case .number(let y) = b, let z = A.apply(x, y) { return .number(z) }
            if A.joinsStrings, case .string(let x) = a, case .string(let y) = b { return .string(x + y) }
            return try slow(a, b)
        }
    }

    private static func comparisonValue<C: NumberComparison, L: Operand, R: Operand>(
        _: C.Type, _ l: L, _ r: R, _ slow: @escaping SlowPath) -> Eval {
        { f in
            if L.isPlace && R.isPlace, let x = l.peekNumber(f), let y = r.peekNumber(f) { return .bool(C.test(x, y)) }
            let a = try l.value(f), b = try r.value(f)
            if case .number(let x) = a, case .number(let y) = b { return .bool(C.test(x, y)) }
            return try slow(a, b)
        }
    }

    private static func condition<L: Operand, R: Operand>(_ op: BinaryOperator, _ l: L, _ r: R, _ slow: @escaping SlowPath) -> Condition {
        switch op {
        case .less: return condition(LessThan.self, l, r, slow)
        case .lessEqual: return condition(LessOrEqual.self, l, r, slow)
        case .greater: return condition(GreaterThan.self, l, r, slow)
        case .greaterEqual: return condition(GreaterOrEqual.self, l, r, slow)
        case .equal: return condition(EqualTo.self, l, r, slow)
        default: return condition(NotEqualTo.self, l, r, slow)
        }
    }

    private static func condition<C: NumberComparison, L: Operand, R: Operand>(
        _: C.Type, _ l: L, _ r: R, _ slow: @escaping SlowPath) -> Condition {
        { f in
            if L.isPlace && R.isPlace, let x = l.peekNumber(f), let y = r.peekNumber(f) { return C.test(x, y) }
            let a = try l.value(f), b = try r.value(f)
            if case .number(let x) = a, case .number(let y) = b { return C.test(x, y) }
            guard case .bool(let result) = try slow(a, b) else { return false }  // slow gives a Bool
            return result
        }
    }
}
