import Foundation

/// The host-independent built-in functions every interpreter starts with.
enum Builtins {
    static func install(in interpreter: Interpreter) {
        interpreter.definingTopic = "Language"
        installCore(interpreter)
        interpreter.definingTopic = "Numbers"
        installMath(interpreter)
        interpreter.definingTopic = "Lists and dicts"
        installCollections(interpreter)
        interpreter.definingTopic = "Strings"
        installStrings(interpreter)
        interpreter.definingTopic = "Language"
        installFastPaths(interpreter)
        for name in Compiler.intrinsicNames {
            if case .function(let box)? = interpreter.global(name) { interpreter.intrinsics[name] = box }
        }
        interpreter.defineValue("pi", .number(Double.pi))
        interpreter.defineValue("inf", .number(Double.infinity))
        interpreter.defineValue("nan", .number(Double.nan))
    }

    /// `str(v)`: the value as text (a string is returned as it is).
    @inline(__always)
    static func str(_ v: Value) -> Value {
        if case .number(let n) = v { return .string(Value.format(number: n)) }
        if case .string = v { return v }
        return .string(v.text)
    }

    /// `append(list, value)`: appends in place and returns the list.
    @inline(__always)
    static func append(_ value: Value, to list: Value, function: String) throws -> Value {
        guard case .list(let box) = list else {
            throw RuntimeError("\(function): expect a list for 'list', got \(list.typeName).")
        }
        if box.isFrozen { throw RuntimeError.frozen("list", change: "append to copy(xs),") }
        box.items.append(value)
        return list
    }

    /// Direct entry points for the built-ins hot loops call most; each does exactly
    /// what the bound version does, minus building an `Arguments`.
    static func installFastPaths(_ it: Interpreter) {
        /// Gives the built-in `name` its entry points, then stores it again so its global
        /// cell caches them (the cell reads them when a value is stored).
        func fast(_ name: String, one: ((Value) throws -> Value)? = nil, two: ((Value, Value) throws -> Value)? = nil) {
            guard case .function(let f)? = it.global(name) else { return }
            if let one { f.fast1 = one }
            if let two { f.fast2 = two }
            it.defineValue(name, .function(f))
        }
        fast("str", one: { str($0) })
        fast("len", one: { try length(of: $0) })
        fast("type", one: { .string($0.typeName) })
        for name in ["abs", "floor", "int", "sqrt"] {
            guard case .function(let f)? = it.global(name), let body = f.native else { continue }
            let params = f.nativeParams
            fast(name, one: { v in
                if case .number(let n) = v {
                    switch name {
                    case "abs": return .number(Swift.abs(n))
                    case "floor": return .number(n.rounded(.down))
                    case "int": if n.isFinite { return .number(n.rounded(.towardZero)) }  // else the error below
                    default: if n >= 0 { return .number(n.squareRoot()) }
                    }
                }
                return try body(try Arguments.bind(function: name, params: params, positional: [v], named: [], interpreter: it))
            })
        }
        for name in ["append", "push"] {
            fast(name, two: { list, value in try append(value, to: list, function: name) })
        }
    }

    static func installCore(_ it: Interpreter) {
        it.define("print", doc: "Prints the values separated by `sep`, then `end`.",
                  params: [.variadic("values"), NativeParam("sep", default: " "), NativeParam("end", default: "\n")]) { args in
            let text = joined(args.rest.map(\.text), separator: try args.string("sep")) + (try args.string("end"))
            args.interpreter.sink.write(text)
            return .nil
        }
        it.define("show", doc: "Displays a value (tables and plots render; others print).", params: [NativeParam("value")]) { args in
            args.interpreter.sink.display(try args["value"])
            return .nil
        }
        it.define("str", doc: "The value as text, as print shows it.", params: [NativeParam("value")]) { args in
            str(try args["value"])
        }
        it.define("repr", doc: "The value as code-like text (strings quoted).", params: [NativeParam("value")]) { args in
            .string(try args["value"].repr)
        }
        it.define("num", doc: "Converts a string (or bool) to a number.", params: [NativeParam("value")]) { args in
            switch try args["value"] {
            case .number: return try args["value"]
            case .bool(let b): return .number(b ? 1 : 0)
            case .string(let s):
                let trimmed = s.trimmingCharacters(in: .whitespaces)
                guard let n = Double(trimmed.replacingOccurrences(of: "_", with: "")) else {
                    throw RuntimeError("num: can't read \(Value.quote(s)) as a number.")
                }
                return .number(n)
            default: throw RuntimeError("num: can't convert a \(try args["value"].typeName) to a number.")
            }
        }
        it.define("type", doc: "The type name of a value: number, string, bool, nil, list, dict, range, function, ...",
                  params: [NativeParam("value")]) { args in .string(try args["value"].typeName) }
        it.define("assert", doc: "Stops with an error when the condition is false.",
                  params: [NativeParam("condition"), NativeParam("message", default: "Assertion failed.")]) { args in
            if !(try args["condition"].truth()) {
                var error = RuntimeError(try args["message"].text)
                error.isUserMessage = true
                throw error
            }
            return .nil
        }
        it.define("error", doc: "Stops with an error carrying the message.", params: [NativeParam("message")]) { args in
            var error = RuntimeError(try args["message"].text)
            error.isUserMessage = true
            throw error
        }
        it.define("help", doc: "help(f) shows a function's signature and documentation; help() lists every built-in by topic.",
                  params: [NativeParam("function", default: .nil)]) { args in
            if case .nil = try args["function"] {
                args.interpreter.sink.write(args.interpreter.topicIndex())
                return .nil
            }
            guard case .function(let box) = try args["function"] else {
                args.interpreter.sink.write("\(try args["function"].typeName): \(try args["function"].repr)\n")
                return .nil
            }
            args.interpreter.sink.write(box.helpText + "\n")
            return .nil
        }
        it.define("apropos", doc: "Built-ins whose name or documentation mentions text (any case).",
                  params: [NativeParam("text")]) { args in
            let needle = try args.string("text").lowercased()
            var lines: [String] = []
            for name in args.interpreter.topics.keys.sorted() {
                guard case .function(let box)? = args.interpreter.global(name) else { continue }
                if name.lowercased().contains(needle) || box.doc.lowercased().contains(needle) {
                    lines.append("\(name) — \(box.doc.split(separator: "\n").first.map(String.init) ?? "")")
                }
            }
            args.interpreter.sink.write(lines.isEmpty ? "nothing mentions '\(needle)'\n" : lines.joined(separator: "\n") + "\n")
            return .nil
        }
        it.define("source", doc: "Shows a Whittle function's source text (a native function's documentation).",
                  params: [NativeParam("function")]) { args in
            guard case .function(let box) = try args["function"] else { throw RuntimeError("source: expect a function, got \(try args["function"].typeName).") }
            let text = box.sourceText ?? "\(box.signature)  (native)\n  \(box.doc)"
            args.interpreter.sink.write(text + "\n")
            return .nil
        }
    }

    static func installMath(_ it: Interpreter) {
        func unary(_ name: String, _ doc: String, _ op: @escaping (Double) -> Double) {
            it.define(name, doc: doc, params: [NativeParam("x")]) { args in .number(op(try args.number("x"))) }
        }
        unary("abs", "Absolute value.", { Swift.abs($0) })
        unary("floor", "Largest integer not above x.", { $0.rounded(.down) })
        unary("ceil", "Smallest integer not below x.", { $0.rounded(.up) })
        unary("exp", "e raised to x.", { Foundation.exp($0) })
        unary("sin", "Sine (radians).", { Foundation.sin($0) })
        unary("cos", "Cosine (radians).", { Foundation.cos($0) })
        unary("tanh", "Hyperbolic tangent.", { Foundation.tanh($0) })
        it.define("sqrt", doc: "Square root.", params: [NativeParam("x")]) { args in
            let x = try args.number("x")
            guard x >= 0 else { throw RuntimeError("sqrt: expect a non-negative number, got \(Value.format(number: x)).") }
            return .number(x.squareRoot())
        }
        it.define("log", doc: "Natural logarithm, or logarithm in `base`.", params: [NativeParam("x"), NativeParam("base", default: .nil)]) { args in
            let x = try args.number("x")
            guard x > 0 else { throw RuntimeError("log: expect a positive number, got \(Value.format(number: x)).") }
            if case .nil = try args["base"] { return .number(Foundation.log(x)) }
            return .number(Foundation.log(x) / Foundation.log(try args.number("base")))
        }
        it.define("round", doc: "Rounds to `digits` decimals (half away from zero).",
                  params: [NativeParam("x"), NativeParam("digits", default: 0)]) { args in
            let x = try args.number("x")
            let scale = Foundation.pow(10, Double(try args.int("digits")))
            return .number((x * scale).rounded() / scale)
        }
        it.define("int", doc: "Truncates toward zero.", params: [NativeParam("x")]) { args in
            let x = try args.number("x")
            guard x.isFinite else { throw RuntimeError("int: \(Value.format(number: x)) has no integer value.") }
            return .number(x.rounded(.towardZero))
        }
    }
}
