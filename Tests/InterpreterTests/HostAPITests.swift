import Foundation
import Testing
@testable import Interpreter

/// A tiny native value standing in for a tensor: a vector with +, *, indexing and fields.
final class Vec: NativeObject {
    var items: [Double]
    init(_ items: [Double]) { self.items = items }
    var typeName: String { "vec" }
    var fieldNames: [String] { ["length", "total"] }
    func field(_ name: String) throws -> Value? {
        switch name {
        case "length": return .number(Double(items.count))
        case "total": return .number(items.reduce(0, +))
        default: return nil
        }
    }
    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        guard case .number(let k) = other else {
            if op == .matmul, case .native(let o) = other, let v = o as? Vec {
                return .number(zip(items, v.items).map(*).reduce(0, +))
            }
            return nil
        }
        switch op {
        case .add: return .native(Vec(items.map { $0 + k }))
        case .multiply: return .native(Vec(items.map { $0 * k }))
        case .subtract: return .native(Vec(items.map { selfOnLeft ? $0 - k : k - $0 }))
        default: return nil
        }
    }
    func unary(_ op: UnaryOperator) throws -> Value? {
        op == .negate ? .native(Vec(items.map { -$0 })) : nil
    }
    func subscriptGet(_ indices: [IndexArgument]) throws -> Value {
        switch indices.first {
        case .value(.number(let n))?: return .number(items[Int(n)])
        case .slice(let a, let b, _)?: return .native(Vec(Array(items[(a ?? 0)..<(b ?? items.count)])))
        default: throw RuntimeError("vec: bad index")
        }
    }
    func subscriptSet(_ indices: [IndexArgument], _ value: Value) throws {
        guard case .value(.number(let n))? = indices.first, case .number(let v) = value else { throw RuntimeError("vec: bad index") }
        items[Int(n)] = v
    }
    func describe(maxWidth: Int) -> String { "vec(\(items.map { Value.format(number: $0) }.joined(separator: ", ")))" }
}

struct HostAPITests {
    func make() -> (Interpreter, BufferSink) {
        let interpreter = Interpreter()
        let sink = BufferSink()
        interpreter.sink = sink
        interpreter.define("vec", doc: "Makes a vector.", params: [.variadic("values")]) { args in
            .native(Vec(try args.rest.map { v -> Double in
                guard case .number(let n) = v else { throw RuntimeError("vec: expect numbers") }
                return n
            }))
        }
        return (interpreter, sink)
    }

    func value(_ outcome: RunOutcome) -> Value? {
        if case .value(let v) = outcome { return v }
        return nil
    }

    @Test func trailingValueAndGlobalsPersist() {
        let (it, _) = make()
        #expect(value(it.run("let a = 40", file: "<repl>")) == nil)
        #expect(value(it.run("a + 2", file: "<repl>")) == .number(42))
        #expect(value(it.run("print(a)", file: "<repl>")) == nil)
        #expect(value(it.run("fn f() { a }", file: "<repl>")) == nil)
        #expect(value(it.run("let a = 1\nf()", file: "<repl>")) == .number(1))
        #expect(it.globalNames.contains("f") && it.globalNames.contains("print"))
    }

    @Test func nativeObjectsGetOperatorsFieldsAndIndexing() {
        let (it, sink) = make()
        let outcome = it.run("""
        let v = vec(1, 2, 3)
        print(v + 1, 2 * v, 10 - v, -v)
        print(v.length, v.total, v[1], v[0:2], v @ v, type(v))
        v[0] = 9
        print(v)
        """, file: "t.wh")
        #expect(value(outcome) == nil)
        #expect(sink.text == "vec(2, 3, 4) vec(2, 4, 6) vec(9, 8, 7) vec(-1, -2, -3)\n3 6 2 vec(1, 2) 14 vec\nvec(9, 2, 3)\n")
        if case .value(let v?) = it.run("vec(1)", file: "t") { #expect(it.fieldNames(of: v) == ["length", "total"]) } else {
            Issue.record("no value")
        }
        guard case .failure(let d) = it.run("vec(1) / 2", file: "t.wh") else { Issue.record("expected failure"); return }
        #expect(d[0].message == "Can't apply '/' to vec and number.")
        guard case .failure(let d2) = it.run("vec(1).nope", file: "t.wh") else { Issue.record("expected failure"); return }
        #expect(d2[0].message == "A vec has no field 'nope'.")
    }

    @Test func typedParametersBindCheckAndDocumentThemselves() throws {
        let (it, sink) = make()
        it.define("quantize", doc: "Rounds x to a grid.", params: [
            NativeParam("x"), .int("bits", default: 8, in: 2...8), .choice("scheme", ["affine", "symmetric"], default: "symmetric"),
            .int("axis", default: 0).orNil(), .number("tail", default: 0.001, atLeast: 0, below: 0.5), .bool("signed", default: true),
            .function("filter", default: .nil),
        ]) { args in
            let x = try args.number("x"), bits = try args.int("bits")
            let axis = try args.optionalInt("axis").map(String.init) ?? "nil"
            return .string("\(Value.format(number: x)) \(bits) \(try args.string("scheme")) \(axis)")
        }
        _ = it.run("print(quantize(1.5), quantize(2, bits: 4), quantize(3, scheme: \"affine\", bits: 2), quantize(4, axis: nil))", file: "t")
        #expect(sink.text == "1.5 8 symmetric 0 2 4 symmetric 0 3 2 affine 0 4 8 symmetric nil\n")
        // One wording for every refusal: the function, the parameter, what it must be, what it got.
        let refusals = [
            ("quantize(1, bits: 33)", "quantize: bits must be 2…8, got 33"),
            ("quantize(1, bits: 2.5)", "quantize: bits must be an integer in 2…8, got 2.5"),
            ("quantize(1, bits: \"x\")", "quantize: bits must be an integer in 2…8, got \"x\""),
            ("quantize(1, scheme: \"fancy\")", "quantize: scheme must be \"affine\" or \"symmetric\", got \"fancy\""),
            ("quantize(1, axis: 1.5)", "quantize: axis must be an integer, got 1.5"),
            ("quantize(1, tail: 0.5)", "quantize: tail must be in [0, 0.5), got 0.5"),
            ("quantize(1, signed: 1)", "quantize: signed must be true or false, got 1"),
            ("quantize(1, filter: 3)", "quantize: filter must be a function, got 3"),
            ("quantize(1, bitz: 3)", "quantize: no parameter named 'bitz'."),
            ("quantize()", "quantize: missing argument 'x'."),
        ]
        for (code, message) in refusals {
            guard case .failure(let d) = it.run(code, file: "t") else { Issue.record("\(code) ran"); continue }
            #expect(d[0].message == message, "\(code)")
        }
        // The same declaration is the signature and the rules help shows.
        guard case .function(let box)? = it.global("quantize") else { Issue.record("not defined"); return }
        #expect(box.signature == "quantize(x, bits: 8, scheme: \"symmetric\", axis: 0, tail: 0.001, signed: true, filter: nil)")
        #expect(box.parameterRules == "bits integer 2…8; scheme \"affine\" | \"symmetric\"; axis integer or nil; tail in [0, 0.5)")
    }

    @Test func hostErrorsGetTheCalledFunctionsNameOnce() {
        struct LibraryError: Error, CustomStringConvertible { var description: String }
        let (it, _) = make()
        // A library names its own routine; the learner called another: the called name replaces it.
        it.define("fake_quantize", doc: "", params: [NativeParam("x")]) { _ in throw LibraryError(description: "quantize: axis 5 is out of range") }
        it.define("plain", doc: "", params: [NativeParam("x")]) { _ in throw RuntimeError("x must be positive") }
        it.define("named", doc: "", params: [NativeParam("x")]) { _ in throw RuntimeError("named: x must be positive") }
        for (code, message) in [("fake_quantize(1)", "fake_quantize: axis 5 is out of range"),
                                ("plain(1)", "plain: x must be positive"), ("named(1)", "named: x must be positive")] {
            guard case .failure(let d) = it.run(code, file: "t") else { Issue.record("\(code) ran"); continue }
            #expect(d[0].message == message)
        }
    }

    @Test func nativesCallBackIntoWhittle() throws {
        let (it, sink) = make()
        it.define("twice", doc: "Calls f twice.", params: [.function("f"), NativeParam("x")]) { args in
            let f = try args.function("f")
            return try args.interpreter.call(f, [try args.interpreter.call(f, [try args["x"]])])
        }
        _ = it.run("print(twice(fn(x) { x * 3 }, 2))", file: "t")
        #expect(sink.text == "18\n")
        guard case .function = try #require(it.global("twice")) else { Issue.record("not a function"); return }
    }

    @Test func hostCallsWhittleFunctionsFromItsOwnThread() throws {
        let (it, _) = make()
        guard case .value(let f?) = it.run("fn(x, scale = 2) { x * scale }", file: "t") else { Issue.record("no function"); return }
        #expect(try it.call(f, [.number(21)]) == .number(42))
        #expect(try it.call(f, [.number(2)], named: [(label: "scale", value: .number(5))]) == .number(10))
        #expect(throws: RuntimeError.self) { try it.call(.number(1), []) }
    }

    @Test func lockedNamesCannotBeRedefined() {
        let (it, _) = make()
        it.lock(names: ["vec"])
        guard case .failure(let d) = it.run("let vec = 3", file: "t") else { Issue.record("expected failure"); return }
        #expect(d[0].message == "Can't redefine 'vec'; it is a locked built-in.")
        guard case .failure(let d2) = it.run("vec = 3", file: "t") else { Issue.record("expected failure"); return }
        #expect(d2[0].message == "Can't assign to 'vec'; it is a locked built-in.")
    }

    @Test func lineOffsetPointsIntoTheNotebook() {
        let (it, _) = make()
        guard case .failure(let d) = it.run("let x = 1\nprint(x +)", file: "nb.md", lineOffset: 39) else {
            Issue.record("expected failure"); return
        }
        #expect(d[0].location == SourceLocation(file: "nb.md", line: 41, column: 10))
        #expect(d[0].render() == """
        nb.md:41:10: error: Expect an expression; got ')'.
        41 | print(x +)
           |          ^

        """)
    }

    @Test func runtimeErrorsRenderTheCallStack() {
        let (it, _) = make()
        guard case .failure(let d) = it.run("fn f(x) {\n  x + nil\n}\nfn g() { f(1) }\ng()", file: "s.wh") else {
            Issue.record("expected failure"); return
        }
        #expect(d[0].render() == """
        s.wh:2:5: error: Can't apply '+' to number and nil.
        2 |   x + nil
          |     ^
          in f at s.wh:2:5
          called from g at s.wh:4:11
          called from <main> at s.wh:5:2

        """)
    }

    @Test func deepRecursionIsAnErrorNotACrash() {
        let it = Interpreter()   // default limit 10_000 on the big-stack thread
        let outcome = it.run("fn down(n) { if n == 0 { 0 } else { 1 + down(n - 1) } }\ndown(9000)", file: "t")
        #expect(value(outcome) == .number(9000))
        guard case .failure(let d) = it.run("down(20000)", file: "t") else { Issue.record("expected failure"); return }
        #expect(d[0].message.hasPrefix("Stack overflow"))
        #expect(d[0].callStack.count <= 16)
    }

    @Test func interruptStopsARunawayLoop() {
        let (it, _) = make()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { it.interrupt() }
        guard case .failure(let d) = it.run("var i = 0\nwhile true { i += 1 }", file: "t") else { Issue.record("expected failure"); return }
        #expect(d[0].message == "Interrupted.")
        #expect(value(it.run("1 + 1", file: "t")) == .number(2))   // the flag is consumed
    }

    @Test func incompleteInput() {
        let it = Interpreter()
        #expect(it.isIncomplete("fn f(x) {"))
        #expect(it.isIncomplete("let xs = [1,"))
        #expect(it.isIncomplete("let s = \"abc"))
        #expect(it.isIncomplete("1 +"))
        #expect(it.isIncomplete("x |>"))
        #expect(!it.isIncomplete("print(1)"))
        #expect(!it.isIncomplete("fn f(x) { x }"))
        #expect(!it.isIncomplete(""))
    }

    @Test func importsLoadOnce() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-import-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "print(\"loading\")\nfn helper(x) { x + 100 }\n".write(to: folder.appendingPathComponent("util.wh"), atomically: true, encoding: .utf8)
        let it = Interpreter(options: InterpreterOptions(importPaths: [folder.path]))
        let sink = BufferSink()
        it.sink = sink
        #expect(value(it.run("import util\nimport util\nhelper(1)", file: "t")) == .number(101))
        #expect(sink.text == "loading\n")
    }

    @Test func checkResultsCarryPointsAndHints() {
        let (it, sink) = make()
        _ = it.run("check \"small\" { 1 < 2 } points 2 hint \"h\"\ncheck \"no\" { false }", file: "c.wh")
        #expect(sink.checks.count == 2)
        #expect(sink.checks[0].passed && sink.checks[0].points == 2 && sink.checks[0].hint == "h")
        #expect(!sink.checks[1].passed && sink.checks[1].points == 1 && sink.checks[1].location.line == 2)
    }
}
