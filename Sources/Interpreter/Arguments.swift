/// A parameter of a native function, as `help` shows it and as arguments are bound to it.
public struct NativeParam {
    public var name: String
    /// Used when the caller leaves the argument out; nil means the argument is required.
    public var defaultValue: Value?
    /// Takes all remaining positional arguments (like `print(values...)`).
    public var isVariadic: Bool

    /// A parameter; required unless `default` is given.
    public init(_ name: String, default defaultValue: Value? = nil) {
        self.name = name
        self.defaultValue = defaultValue
        self.isVariadic = false
    }

    /// A parameter that collects every remaining positional argument.
    public static func variadic(_ name: String) -> NativeParam {
        var p = NativeParam(name, default: .nil)
        p.isVariadic = true
        return p
    }
}

/// The arguments of a native call, already bound to the declared parameters.
///
///     let bits = try args.number(1, "bits")          // position 1 or `bits:`
///     let seed = args.named("seed", default: .number(0))
public struct Arguments {
    /// The called function's name (used in error messages).
    public let function: String
    /// Values bound to the declared parameters, by parameter position (defaults filled in).
    public let values: [Value]
    /// Values collected by a variadic parameter.
    public let rest: [Value]
    /// Named arguments that matched no declared parameter (only when a native declares no params).
    public let extraNamed: [(label: String, value: Value)]
    let params: [NativeParam]
    /// The interpreter making the call, for calling back into Whittle functions.
    public unowned(unsafe) let interpreter: Interpreter

    /// Number of bound parameter values.
    public var count: Int { values.count }

    /// The bound value at parameter position `i` (nil value when out of range).
    public subscript(_ i: Int) -> Value { i < values.count ? values[i] : .nil }

    /// The value of the parameter or extra named argument `label`, or `defaultValue`.
    public func named(_ label: String, default defaultValue: Value = .nil) -> Value {
        if let i = params.firstIndex(where: { $0.name == label }), i < values.count { return values[i] }
        return extraNamed.first(where: { $0.label == label })?.value ?? defaultValue
    }

    func fail(_ i: Int, _ name: String?, expected: String) -> RuntimeError {
        let label = name ?? (i < params.count ? params[i].name : "argument \(i + 1)")
        return RuntimeError("\(function): expect \(expected) for '\(label)', got \(self[i].typeName).")
    }

    /// The number at position `i`; throws "f: expect a number for 'bits', got string."
    public func number(_ i: Int, _ name: String? = nil) throws -> Double {
        if case .number(let n) = self[i] { return n }
        throw fail(i, name, expected: "a number")
    }

    /// The integer at position `i` (a number with no fractional part).
    public func int(_ i: Int, _ name: String? = nil) throws -> Int {
        if case .number(let n) = self[i], n == n.rounded(), abs(n) < 9.0e15 { return Int(n) }
        throw fail(i, name, expected: "an integer")
    }

    /// The string at position `i`.
    public func string(_ i: Int, _ name: String? = nil) throws -> String {
        if case .string(let s) = self[i] { return s }
        throw fail(i, name, expected: "a string")
    }

    /// The boolean at position `i`.
    public func bool(_ i: Int, _ name: String? = nil) throws -> Bool {
        if case .bool(let b) = self[i] { return b }
        throw fail(i, name, expected: "true or false")
    }

    /// The items of the list (or range) at position `i`.
    public func list(_ i: Int, _ name: String? = nil) throws -> [Value] {
        switch self[i] {
        case .list(let box): return box.items
        case .range(let r): return (0..<r.count).map { .number(r.element($0)) }
        default: throw fail(i, name, expected: "a list")
        }
    }

    /// The function at position `i`.
    public func function(_ i: Int, _ name: String? = nil) throws -> Value {
        if case .function = self[i] { return self[i] }
        throw fail(i, name, expected: "a function")
    }

    /// The native object of type `T` at position `i`.
    public func native<T: NativeObject>(_ i: Int, _ type: T.Type, _ name: String? = nil) throws -> T {
        if case .native(let object) = self[i], let typed = object as? T { return typed }
        throw fail(i, name, expected: "a value of type \(String(describing: T.self))")
    }

    /// Binds call arguments to parameters, checking counts and names.
    static func bind(function: String, params: [NativeParam], positional: [Value],
                     named: [(label: String, value: Value)], interpreter: Interpreter) throws -> Arguments {
        // A native with no declared parameters takes anything (its body checks).
        if params.isEmpty {
            return Arguments(function: function, values: positional, rest: [], extraNamed: named,
                             params: [], interpreter: interpreter)
        }
        // Fast path: positional arguments only, no variadic parameter.
        if named.isEmpty && positional.count <= params.count && !params.contains(where: { $0.isVariadic }) {
            var bound = positional
            if bound.count < params.count {
                for param in params[bound.count...] {
                    guard let d = param.defaultValue else { throw RuntimeError("\(function): missing argument '\(param.name)'.") }
                    bound.append(d)
                }
            }
            return Arguments(function: function, values: bound, rest: [], extraNamed: [], params: params, interpreter: interpreter)
        }
        var values: [Value?] = Array(repeating: nil, count: params.count)
        var rest: [Value] = []
        var p = 0
        for value in positional {
            if p < params.count && params[p].isVariadic { rest.append(value); continue }
            guard p < params.count else {
                throw RuntimeError("\(function): expect at most \(params.count) arguments, got \(positional.count).")
            }
            values[p] = value
            p += 1
        }
        for (label, value) in named {
            guard let i = params.firstIndex(where: { $0.name == label && !$0.isVariadic }) else {
                throw RuntimeError("\(function): no parameter named '\(label)'.")
            }
            if values[i] != nil { throw RuntimeError("\(function): '\(label)' is given twice.") }
            values[i] = value
        }
        var bound: [Value] = []
        bound.reserveCapacity(params.count)
        for (i, param) in params.enumerated() {
            if let v = values[i] { bound.append(v); continue }
            guard let d = param.defaultValue else {
                throw RuntimeError("\(function): missing argument '\(param.name)'.")
            }
            bound.append(d)
        }
        return Arguments(function: function, values: bound, rest: rest, extraNamed: [],
                         params: params, interpreter: interpreter)
    }
}
