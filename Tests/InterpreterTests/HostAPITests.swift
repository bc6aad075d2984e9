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

    @Test func nativeArgumentHelpersAndNamedArguments() {
        let (it, sink) = make()
        it.define("quantize", doc: "Rounds x to a grid.", params: [NativeParam("x"), NativeParam("bits", default: 8), NativeParam("scheme", default: "symmetric")]) { args in
            let x = try args.number(0, "x"), bits = try args.int(1, "bits")
            return .string("\(Value.format(number: x)) \(bits) \(try args.string(2, "scheme"))")
        }
        _ = it.run("print(quantize(1.5), quantize(2, bits: 4), quantize(3, scheme: \"affine\", bits: 2))", file: "t")
        #expect(sink.text == "1.5 8 symmetric 2 4 symmetric 3 2 affine\n")
        guard case .failure(let d) = it.run("quantize(1, bits: \"x\")", file: "t") else { Issue.record("expected failure"); return }
        #expect(d[0].message == "quantize: expect an integer for 'bits', got string.")
        guard case .failure(let d2) = it.run("quantize(1, bitz: 3)", file: "t") else { Issue.record("expected failure"); return }
        #expect(d2[0].message == "quantize: no parameter named 'bitz'.")
        guard case .failure(let d3) = it.run("quantize()", file: "t") else { Issue.record("expected failure"); return }
        #expect(d3[0].message == "quantize: missing argument 'x'.")
    }

    @Test func nativesCallBackIntoWhittle() throws {
        let (it, sink) = make()
        it.define("twice", doc: "Calls f twice.", params: [NativeParam("f"), NativeParam("x")]) { args in
            let f = try args.function(0, "f")
            return try args.interpreter.call(f, [try args.interpreter.call(f, [args[1]])])
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
