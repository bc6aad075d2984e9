#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Operator semantics for every pair of value types (the slow path; the compiler
/// inlines number-number arithmetic before falling back here).
enum Operators {
    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Value {
        if case .native(let object) = a, let result = try hosted({ try object.binary(op, b, selfOnLeft: true) }) { return result }
        if case .native(let object) = b, let result = try hosted({ try object.binary(op, a, selfOnLeft: false) }) { return result }
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .contains: return .bool(try contains(b, a))
        case .less, .lessEqual, .greater, .greaterEqual: return .bool(try compare(op, a, b))
        case .add, .subtract, .multiply, .divide, .modulo, .power, .matmul: break
        }
        switch (a, b) {
        case (.number(let x), .number(let y)): return .number(try arithmetic(op, x, y))
        case (.string(let x), .string(let y)) where op == .add: return .string(x + y)
        case (.list(let x), .list(let y)) where op == .add: return .list(ListBox(x.items + y.items))
        case (.string(let s), .number(let n)) where op == .multiply, (.number(let n), .string(let s)) where op == .multiply:
            return .string(String(repeating: s, count: try count(n)))
        case (.list(let l), .number(let n)) where op == .multiply, (.number(let n), .list(let l)) where op == .multiply:
            let times = try count(n)
            var items: [Value] = []
            items.reserveCapacity(l.items.count * times)
            for _ in 0..<times { items.append(contentsOf: l.items) }
            return .list(ListBox(items))
        default:
            if op == .add, case .string = a {
                throw RuntimeError("Can't add string and \(b.typeName); use \"{x}\" interpolation or str(x).")
            }
            if op == .matmul { throw RuntimeError("Can't use '@' on \(a.typeName) and \(b.typeName); it is for tensors.") }
            throw RuntimeError("Can't apply '\(op.rawValue)' to \(a.typeName) and \(b.typeName).")
        }
    }

    static func count(_ n: Double) throws -> Int {
        guard n == n.rounded(), n >= 0, n < 1e9 else { throw RuntimeError("Expect a non-negative integer repeat count, got \(Value.format(number: n)).") }
        return Int(n)
    }

    @inline(__always)
    static func arithmetic(_ op: BinaryOperator, _ x: Double, _ y: Double) throws -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide:
            if y == 0 { throw RuntimeError("Division by zero.") }
            return x / y
        case .modulo:
            if y == 0 { throw RuntimeError("Modulo by zero.") }
            if let m = integerModulo(x, y) { return m }
            // Python's sign convention: the result (a zero too) has the sign of the divisor.
            let r = fmod(x, y)
            if r == 0 { return y < 0 ? -0.0 : 0.0 }
            return (r < 0) != (y < 0) ? r + y : r
        case .power: return pow(x, y)
        case .matmul: throw RuntimeError("Can't use '@' on numbers; it is for tensors.")
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .contains:
            throw RuntimeError("Can't apply '\(op.rawValue)' as arithmetic.")
        }
    }

    /// Number-number arithmetic that cannot fail, for compound assignment (`s += x`);
    /// nil sends the caller to the general path (errors, `**`, non-integer `%`).
    @inline(__always)
    static func infallible(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double? {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return y != 0 ? x / y : nil
        case .modulo: return integerModulo(x, y)
        default: return nil
        }
    }

    /// `x % y` for integers below 2^53 in magnitude, with integer division instead of
    /// `fmod` (which loops over the exponent gap); nil when the fast path doesn't apply.
    /// Python's convention: the result has the divisor's sign, a zero too.
    @inline(__always)
    static func integerModulo(_ x: Double, _ y: Double) -> Double? {
        guard y != 0, abs(x) < 9.007199254740992e15, abs(y) < 9.007199254740992e15,
              x == x.rounded(.towardZero), y == y.rounded(.towardZero) else { return nil }
        let d = Int64(y)
        var r = Int64(x) % d
        if r != 0 && (r < 0) != (d < 0) { r += d }
        return r == 0 ? (y < 0 ? -0.0 : 0.0) : Double(r)
    }

    static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value) throws -> Bool {
        let order: Int
        switch (a, b) {
        case (.number(let x), .number(let y)):
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        case (.string(let x), .string(let y)): order = x < y ? -1 : (x == y ? 0 : 1)
        case (.list(let x), .list(let y)): order = try lexicographic(x.items, y.items)
        default:
            throw RuntimeError("Can't compare \(a.typeName) and \(b.typeName) with '\(op.rawValue)'.")
        }
        switch op {
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        default: return order >= 0
        }
    }

    /// -1, 0 or 1, as `sorted` needs it.
    static func order(_ a: Value, _ b: Value) throws -> Int {
        if case .number(let x) = a, case .number(let y) = b { return x < y ? -1 : (x == y ? 0 : 1) }
        if try compare(.less, a, b) { return -1 }
        return a == b ? 0 : 1
    }

    static func lexicographic(_ x: [Value], _ y: [Value]) throws -> Int {
        for (p, q) in zip(x, y) {
            let o = try order(p, q)
            if o != 0 { return o }
        }
        return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    }

    /// `needle in haystack`.
    static func contains(_ haystack: Value, _ needle: Value) throws -> Bool {
        switch haystack {
        case .list(let box): return box.items.contains(needle)
        case .dict(let box): return needle.dictKey.map { box[$0] != nil } ?? false
        case .string(let s):
            guard case .string(let sub) = needle else { throw RuntimeError("Expect a string on the left of 'in' a string, got \(needle.typeName).") }
            return sub.isEmpty || s.contains(sub)
        case .range(let r):
            guard case .number(let n) = needle else { return false }
            let k = (n - r.start) / r.step
            return k == k.rounded() && k >= 0 && k < Double(r.count)
        case .number, .bool, .nil, .function, .native:
            throw RuntimeError("Can't use 'in' with a \(haystack.typeName).")
        }
    }

    static func unary(_ op: UnaryOperator, _ v: Value) throws -> Value {
        switch op {
        case .not: return .bool(!(try v.truth()))
        case .negate:
            if case .number(let n) = v { return .number(-n) }
            if case .native(let object) = v, let result = try hosted({ try object.unary(op) }) { return result }
            throw RuntimeError("Can't negate a \(v.typeName).")
        }
    }
}
