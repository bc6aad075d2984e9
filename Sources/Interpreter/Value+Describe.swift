extension Value {
    /// The name `type(x)` returns.
    public var typeName: String {
        switch self {
        case .number: return "number"
        case .string: return "string"
        case .bool: return "bool"
        case .nil: return "nil"
        case .list: return "list"
        case .dict: return "dict"
        case .range: return "range"
        case .function: return "function"
        case .native(let object): return object.typeName
        }
    }

    /// The form `print` and `str` use: strings unquoted, containers with quoted strings inside.
    public var text: String {
        if case .string(let s) = self { return s }
        return repr
    }

    /// The form shown inside containers and by the REPL: strings quoted.
    public var repr: String { describe(maxWidth: 80) }

    /// The printed form; native values get `maxWidth` for their own layout.
    public func describe(maxWidth: Int) -> String {
        var open: Set<ObjectIdentifier> = []
        return describe(maxWidth: maxWidth, open: &open)
    }

    /// `open` holds the containers being printed around this value: one met again is a cycle
    /// (`var a = [1]; a[0] = a`), printed `[...]` or `{...}` as Python does, never recursed into.
    private func describe(maxWidth: Int, open: inout Set<ObjectIdentifier>) -> String {
        switch self {
        case .number(let n): return Value.format(number: n)
        case .string(let s): return Value.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .nil: return "nil"
        case .list(let box):
            guard open.insert(ObjectIdentifier(box)).inserted else { return "[...]" }
            defer { open.remove(ObjectIdentifier(box)) }
            var parts: [String] = []
            for item in box.items { parts.append(item.describe(maxWidth: 80, open: &open)) }
            return "[" + parts.joined(separator: ", ") + "]"
        case .dict(let box):
            guard open.insert(ObjectIdentifier(box)).inserted else { return "{...}" }
            defer { open.remove(ObjectIdentifier(box)) }
            var entries: [String] = []
            for (key, value) in zip(box.keys, box.values) {
                entries.append("\(Value.keyText(key)): \(value.describe(maxWidth: 80, open: &open))")
            }
            return "{" + entries.joined(separator: ", ") + "}"
        case .range(let r):
            let base = "\(Value.format(number: r.start))\(r.inclusive ? "..." : "..<")\(Value.format(number: r.end))"
            return r.step == 1 ? base : "range(\(Value.format(number: r.start)), \(Value.format(number: r.end)), \(Value.format(number: r.step)))"
        case .function(let f): return f.script == nil ? "<native fn \(f.name)>" : "<fn \(f.name)>"
        case .native(let object): return object.describe(maxWidth: maxWidth)
        }
    }

    /// Integers print without ".0" (exactly, up to 2^53); others in the shortest form that reads back.
    public static func format(number n: Double) -> String {
        if n.isNaN { return "nan" }
        if n.isInfinite { return n < 0 ? "-inf" : "inf" }
        if n == n.rounded(), abs(n) < 1e16 { return String(Int64(n)) }
        return "\(n)"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }

    /// Record keys that are plain names print bare (`{name: "a"}`); others quoted.
    static func keyText(_ key: DictKey) -> String {
        switch key {
        case .string(let s):
            let isName = !s.isEmpty && s.first.map { $0.isLetter || $0 == "_" } == true
                && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            return isName ? s : quote(s)
        case .number(let n): return format(number: n)
        case .bool(let b): return b ? "true" : "false"
        }
    }

    /// This value as a condition (`if`, `while`, `check`, `and`/`or`/`not`, `filter`, `assert`,
    /// a flag argument): Python-like truthiness for the language's own values. A native value
    /// (a tensor, a model) is an error: `t > 5` is a tensor of booleans, and whether it is
    /// "true" has no single answer — `all(t > 5)` or `any(t > 5)` says which is meant. Every
    /// path that tests a value, fast or slow, goes through here.
    public func truth(at location: SourceLocation? = nil) throws -> Bool {
        if case .native(let object) = self {
            throw RuntimeError("Can't use a \(object.typeName) as a condition; reduce it first with all(…) or any(…).",
                               at: location)
        }
        return isTruthy
    }

    /// Python-like truthiness: false, nil, 0, "" and empty containers are false. Internal: a
    /// condition must go through `truth(at:)`, which refuses native values.
    var isTruthy: Bool {
        switch self {
        case .bool(let b): return b
        case .nil: return false
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .list(let box): return !box.items.isEmpty
        case .dict(let box): return box.count > 0
        case .range(let r): return r.count > 0
        case .function, .native: return true
        }
    }

    /// The dict key for this value, or nil when it can't be a key.
    public var dictKey: DictKey? {
        switch self {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        case .nil, .list, .dict, .range, .function, .native: return nil
        }
    }
}

extension Value: Equatable {
    /// Structural equality for lists, dicts and ranges; identity for functions and natives.
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.nil, .nil): return true
        case (.list(let x), .list(let y)): return x === y || x.items == y.items
        case (.dict(let x), .dict(let y)):
            guard x.count == y.count else { return false }
            return x === y || zip(x.keys, x.values).allSatisfy { key, value in y[key] == value }
        case (.range(let x), .range(let y)): return x == y
        case (.function(let x), .function(let y)): return x === y
        case (.native(let x), .native(let y)): return x === y
        case (.number, _), (.string, _), (.bool, _), (.nil, _), (.list, _), (.dict, _),
             (.range, _), (.function, _), (.native, _):
            return false
        }
    }
}

extension Value: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
