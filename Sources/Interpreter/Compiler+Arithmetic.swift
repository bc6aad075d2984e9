// Arithmetic and comparisons, specialized on where their operands come from.
//
// Why: in `n - 1`, `i * i` or `n < 2` the operands are a literal or a local slot.
// Reading those in place, instead of calling a closure that returns a copy of the
// `Value`, removes a closure call and an outlined copy/destroy per operand from the
// hottest loops. Each (left, right) pair of operand kinds gets its own generic
// specialization, so the read is inlined; anything that is not number-number falls
// back to `Operators`, which owns the semantics.

/// Where an operand's value is read from.
protocol Operand {
    func value(_ f: Frame) throws -> Value
}

/// A number literal.
struct ConstantOperand: Operand {
    let constant: Value
    @inline(__always) func value(_ f: Frame) -> Value { constant }
}

/// A local of the running function (frame depth 0).
struct LocalOperand: Operand {
    let slot: Int
    @inline(__always) func value(_ f: Frame) -> Value { f.slots[slot] }
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
}

/// Any other expression, through its compiled closure.
struct ComputedOperand: Operand {
    let eval: Eval
    @inline(__always) func value(_ f: Frame) throws -> Value { try eval(f) }
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
        let slow = slowPath(op, location)
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
        if case .number(let n) = expr.kind { return .constant(ConstantOperand(constant: .number(n))) }
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
        case .add:
            return { f in
                let a = try l.value(f), b = try r.value(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(x + y) }
                if case .string(let x) = a, case .string(let y) = b { return .string(x + y) }
                return try slow(a, b)
            }
        case .subtract:
            return { f in
                let a = try l.value(f), b = try r.value(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(x - y) }
                return try slow(a, b)
            }
        case .multiply:
            return { f in
                let a = try l.value(f), b = try r.value(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(x * y) }
                return try slow(a, b)
            }
        case .divide:
            return { f in
                let a = try l.value(f), b = try r.value(f)
                if case .number(let x) = a, case .number(let y) = b, y != 0 { return .number(x / y) }
                return try slow(a, b)
            }
        case .modulo:
            return { f in
                let a = try l.value(f), b = try r.value(f)
                if case .number(let x) = a, case .number(let y) = b, let m = Operators.integerModulo(x, y) { return .number(m) }
                return try slow(a, b)
            }
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

    private static func comparisonValue<C: NumberComparison, L: Operand, R: Operand>(
        _: C.Type, _ l: L, _ r: R, _ slow: @escaping SlowPath) -> Eval {
        { f in
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
            let a = try l.value(f), b = try r.value(f)
            if case .number(let x) = a, case .number(let y) = b { return C.test(x, y) }
            return try slow(a, b).isTruthy
        }
    }
}
