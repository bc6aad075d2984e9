// The typed binding of a native function's arguments. Each parameter is declared once — name,
// type, default, range or choices — and that one declaration gives: the binding of positional
// and named arguments, the checks (with one wording everywhere: "quantize: bits must be 2…8,
// got 33"), and the signature `help` shows. Bodies read arguments by name, already checked:
//
//     interpreter.define("fake_quantize", doc: "…", params: [
//         NativeParam("x"), .int("bits", default: 8, in: 2...8),
//         .choice("scheme", ["affine", "symmetric"], default: "affine"),
//     ]) { args in
//         let bits = try args.int("bits")            // an Int in 2…8, or the call already failed
//         …
//     }
//
// Errors thrown from a body need no function name: the call boundary (`hosted`) puts it there.

/// What a parameter accepts. Values outside it are refused at binding, naming the function,
/// the parameter and the value.
public enum ParamType {
    /// Anything; the body converts it (tensors, models, records) with its own checks.
    case any
    /// A number, optionally within `range`.
    case number(NumberRange?)
    /// A whole number (2.5 is refused, never truncated), optionally within bounds.
    case integer(min: Int?, max: Int?)
    /// A string.
    case string
    /// One of the listed strings.
    case choice([String])
    /// true or false.
    case bool
    /// A list (or a range, which reads as the list of its numbers).
    case list
    /// A function value.
    case function
}

/// Bounds of a number parameter; each end may be open (excluded) or closed.
public struct NumberRange {
    public var lower: Double?, upper: Double?
    public var lowerIncluded = true, upperIncluded = true

    public init(lower: Double? = nil, upper: Double? = nil, lowerIncluded: Bool = true, upperIncluded: Bool = true) {
        self.lower = lower
        self.upper = upper
        self.lowerIncluded = lowerIncluded
        self.upperIncluded = upperIncluded
    }

    func contains(_ x: Double) -> Bool {
        if let lower, lowerIncluded ? x < lower : x <= lower { return false }
        if let upper, upperIncluded ? x > upper : x >= upper { return false }
        return !x.isNaN
    }

    /// "in [0, 1]", "in (0, 1]", "> 0", "≥ 1", "≤ 5".
    var text: String {
        let f = { (x: Double) in Value.format(number: x) }
        switch (lower, upper) {
        case let (l?, u?): return "in \(lowerIncluded ? "[" : "(")\(f(l)), \(f(u))\(upperIncluded ? "]" : ")")"
        case let (l?, nil): return (lowerIncluded ? "≥ " : "> ") + f(l)
        case let (nil, u?): return (upperIncluded ? "≤ " : "< ") + f(u)
        case (nil, nil): return "a number"
        }
    }
}

/// A parameter of a native function, as `help` shows it and as arguments are bound to it.
public struct NativeParam {
    public var name: String
    /// Used when the caller leaves the argument out; nil means the argument is required.
    /// A default of `.nil` also lets a caller pass nil explicitly, whatever the type.
    public var defaultValue: Value?
    /// Takes all remaining positional arguments (like `print(values...)`).
    public var isVariadic: Bool
    /// What the argument must be.
    public var type: ParamType
    /// nil is accepted besides `type` even though the default is not nil (`axis: 0`, or nil for
    /// per tensor).
    public var allowsNil = false

    /// A parameter taking any value; required unless `default` is given.
    public init(_ name: String, default defaultValue: Value? = nil, type: ParamType = .any) {
        self.name = name
        self.defaultValue = defaultValue
        self.isVariadic = false
        self.type = type
    }

    /// A parameter that collects every remaining positional argument.
    public static func variadic(_ name: String) -> NativeParam {
        var p = NativeParam(name, default: .nil)
        p.isVariadic = true
        return p
    }

    /// A whole number in `range` (nil: any integer).
    public static func int(_ name: String, default value: Value? = nil, in range: ClosedRange<Int>? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .integer(min: range?.lowerBound, max: range?.upperBound))
    }

    /// A whole number ≥ `min`.
    public static func int(_ name: String, default value: Value? = nil, atLeast min: Int) -> NativeParam {
        NativeParam(name, default: value, type: .integer(min: min, max: nil))
    }

    /// A number in the closed `range` (nil: any number).
    public static func number(_ name: String, default value: Value? = nil, in range: ClosedRange<Double>? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .number(range.map { NumberRange(lower: $0.lowerBound, upper: $0.upperBound) }))
    }

    /// A number with the given bounds (for open ends: `.number("T", above: 0)`).
    public static func number(_ name: String, default value: Value? = nil, above lower: Double? = nil, atLeast min: Double? = nil,
                              atMost max: Double? = nil, below upper: Double? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .number(NumberRange(lower: lower ?? min, upper: upper ?? max,
                                                                   lowerIncluded: lower == nil, upperIncluded: upper == nil)))
    }

    /// A string.
    public static func string(_ name: String, default value: Value? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .string)
    }

    /// One of `choices`.
    public static func choice(_ name: String, _ choices: [String], default value: Value? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .choice(choices))
    }

    /// true or false.
    public static func bool(_ name: String, default value: Value? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .bool)
    }

    /// A list (or range).
    public static func list(_ name: String, default value: Value? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .list)
    }

    /// A function value.
    public static func function(_ name: String, default value: Value? = nil) -> NativeParam {
        NativeParam(name, default: value, type: .function)
    }

    /// The same parameter, also accepting nil.
    public func orNil() -> NativeParam {
        var p = self
        p.allowsNil = true
        return p
    }

    /// nil is accepted when the default is nil (an optional setting such as `axis: nil`) or
    /// when the declaration says so (`orNil()`).
    var acceptsNil: Bool {
        if allowsNil { return true }
        if case .nil? = defaultValue { return true } else { return false }
    }

    /// Checks `value` against the declared type; the message names the function and parameter.
    func check(_ value: Value, function: String) throws {
        if value.isNil, acceptsNil { return }
        func refuse(_ expected: String) -> RuntimeError {
            RuntimeError("\(function): \(name) must be \(expected), got \(value.shortDescription)")
        }
        switch type {
        case .any: return
        case .number(let range):
            guard case .number(let x) = value else { throw refuse(range.map { "a number " + $0.text } ?? "a number") }
            if let range, !range.contains(x) { throw refuse(range.text) }
        case .integer(let min, let max):
            let bounds: String
            switch (min, max) {
            case let (a?, b?): bounds = "\(a)…\(b)"
            case let (a?, nil): bounds = "≥ \(a)"
            case let (nil, b?): bounds = "≤ \(b)"
            case (nil, nil): bounds = ""
            }
            guard case .number(let x) = value, let i = x.exactInt else {
                throw refuse(bounds.isEmpty ? "an integer" : (min != nil && max != nil ? "an integer in " : "an integer ") + bounds)
            }
            if let min, i < min { throw refuse(bounds) }
            if let max, i > max { throw refuse(bounds) }
        case .string:
            guard case .string = value else { throw refuse("a string") }
        case .choice(let choices):
            guard case .string(let s) = value, choices.contains(s) else {
                let listed = choices.map { "\"\($0)\"" }
                let text = listed.count <= 1 ? listed.joined() : listed.dropLast().joined(separator: ", ") + " or " + listed.last!
                throw refuse(text)
            }
        case .bool:
            guard case .bool = value else { throw refuse("true or false") }
        case .list:
            switch value {
            case .list, .range: return
            default: throw refuse("a list")
            }
        case .function:
            guard case .function = value else { throw refuse("a function") }
        }
    }

    /// The parameter as the signature shows it: `bits: 8`, `scheme: "affine"`, `x`, `values...`.
    var signatureText: String {
        if isVariadic { return "\(name)..." }
        if let d = defaultValue { return "\(name): \(d.repr)" }
        return name
    }
}

extension Value {
    /// A value as an error message quotes what it got: short values as written, others by type.
    var shortDescription: String {
        switch self {
        case .number, .bool, .nil: return describe(maxWidth: 30)
        case .string(let s): return s.count <= 30 ? repr : "a string of \(s.count) characters"
        default: return typeName
        }
    }
}

/// The arguments of a native call, bound to the declared parameters and checked against their
/// types. Read them by parameter name.
public struct Arguments {
    /// The called function's name.
    public let function: String
    /// Values bound to the declared parameters, by parameter position (defaults filled in).
    let values: [Value]
    /// The positional values of a native that declares no parameters (it takes anything and
    /// checks for itself, like `split`, which is both the dataset and the string function).
    public var positional: [Value] { params.isEmpty ? values : [] }
    /// Values collected by a variadic parameter.
    public let rest: [Value]
    /// Named arguments that matched no declared parameter (only when a native declares no params).
    public let extraNamed: [(label: String, value: Value)]
    let params: [NativeParam]
    /// The interpreter making the call, for calling back into Whittle functions.
    public unowned(unsafe) let interpreter: Interpreter

    /// The value bound to parameter `name` (its default when the caller left it out).
    /// A name the function does not declare is a bug in the binding, reported as such.
    public subscript(_ name: String) -> Value {
        get throws {
            if let i = params.firstIndex(where: { $0.name == name }), i < values.count { return values[i] }
            if let extra = extraNamed.first(where: { $0.label == name }) { return extra.value }
            if params.isEmpty { return .nil }
            throw RuntimeError("\(function): internal error: no parameter named '\(name)'")
        }
    }

    /// Whether the argument `name` is nil (left out, or passed as nil).
    public func isNil(_ name: String) throws -> Bool { try self[name].isNil }

    /// The number bound to `name`.
    public func number(_ name: String) throws -> Double {
        let v = try self[name]
        if case .number(let n) = v { return n }
        throw RuntimeError("\(function): \(name) must be a number, got \(v.shortDescription)")
    }

    /// The integer bound to `name` (declare it `.int` so that 2.5 is refused at the call).
    public func int(_ name: String) throws -> Int {
        let v = try self[name]
        if case .number(let n) = v, let i = n.exactInt { return i }
        throw RuntimeError("\(function): \(name) must be an integer, got \(v.shortDescription)")
    }

    /// The integer bound to `name`, or nil when it is nil.
    public func optionalInt(_ name: String) throws -> Int? { try isNil(name) ? nil : try int(name) }

    /// The number bound to `name`, or nil when it is nil.
    public func optionalNumber(_ name: String) throws -> Double? { try isNil(name) ? nil : try number(name) }

    /// The string bound to `name`.
    public func string(_ name: String) throws -> String {
        let v = try self[name]
        if case .string(let s) = v { return s }
        throw RuntimeError("\(function): \(name) must be a string, got \(v.shortDescription)")
    }

    /// The string bound to `name`, or nil when it is nil.
    public func optionalString(_ name: String) throws -> String? { try isNil(name) ? nil : try string(name) }

    /// The boolean bound to `name`.
    public func bool(_ name: String) throws -> Bool {
        let v = try self[name]
        if case .bool(let b) = v { return b }
        throw RuntimeError("\(function): \(name) must be true or false, got \(v.shortDescription)")
    }

    /// The items of the list (or range) bound to `name`.
    public func list(_ name: String) throws -> [Value] {
        switch try self[name] {
        case .list(let box): return box.items
        case .range(let r): return (0..<r.count).map { .number(r.element($0)) }
        case let v: throw RuntimeError("\(function): \(name) must be a list, got \(v.shortDescription)")
        }
    }

    /// The function bound to `name`.
    public func function(_ name: String) throws -> Value {
        let v = try self[name]
        if case .function = v { return v }
        throw refuse(name, expected: "a function")
    }

    /// The function bound to `name`, or nil when it is nil.
    public func optionalFunction(_ name: String) throws -> Value? { try isNil(name) ? nil : try function(name) }

    /// The error for an argument that is not what `name` needs: "pop: list must be a list, got 3".
    public func refuse(_ name: String, expected: String) -> RuntimeError {
        RuntimeError("\(function): \(name) must be \(expected), got \(((try? self[name]) ?? .nil).shortDescription)")
    }

    /// The native object of type `T` bound to `name`; `what` names it in the error ("a csr matrix").
    public func native<T: NativeObject>(_ name: String, _ type: T.Type, what: String) throws -> T {
        let v = try self[name]
        if case .native(let object) = v, let typed = object as? T { return typed }
        throw RuntimeError("\(function): \(name) must be \(what), got \(v.shortDescription)")
    }

    /// Binds call arguments to parameters, checking counts, names and declared types.
    public static func bind(function: String, params: [NativeParam], positional: [Value],
                     named: [(label: String, value: Value)], interpreter: Interpreter) throws -> Arguments {
        // A native with no declared parameters takes anything (its body checks).
        if params.isEmpty {
            return Arguments(function: function, values: positional, rest: [], extraNamed: named,
                             params: [], interpreter: interpreter)
        }
        var bound: [Value]
        var rest: [Value] = []
        // Fast path: positional arguments only, no variadic parameter.
        if named.isEmpty && positional.count <= params.count && !params.contains(where: { $0.isVariadic }) {
            bound = positional
            if bound.count < params.count {
                for param in params[bound.count...] {
                    guard let d = param.defaultValue else { throw RuntimeError("\(function): missing argument '\(param.name)'.") }
                    bound.append(d)
                }
            }
        } else {
            var values: [Value?] = Array(repeating: nil, count: params.count)
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
            bound = []
            bound.reserveCapacity(params.count)
            for (i, param) in params.enumerated() {
                if let v = values[i] { bound.append(v); continue }
                guard let d = param.defaultValue else {
                    throw RuntimeError("\(function): missing argument '\(param.name)'.")
                }
                bound.append(d)
            }
        }
        for (param, value) in zip(params, bound) { try param.check(value, function: function) }
        return Arguments(function: function, values: bound, rest: rest, extraNamed: [],
                         params: params, interpreter: interpreter)
    }
}
