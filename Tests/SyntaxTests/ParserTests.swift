import Testing
@testable import Syntax

struct ParserTests {
    func parse(_ source: String) -> Parser.Program {
        var parser = Parser(source: source, file: "p.wh")
        return parser.parse()
    }

    @Test func precedence() throws {
        let program = parse("1 + 2 * 3 ** 2")
        #expect(program.diagnostics.isEmpty)
        guard case .expression(let e) = try #require(program.statements.first).kind,
              case .binary(.add, _, let right) = e.kind,
              case .binary(.multiply, _, let power) = right.kind,
              case .binary(.power, _, _) = power.kind else {
            Issue.record("wrong tree"); return
        }
        #expect(e.location.column == 3)   // operators carry their own location
    }

    @Test func pipelineDesugarsToCalls() throws {
        let program = parse("x |> f(1) |> g")
        guard case .expression(let e) = try #require(program.statements.first).kind,
              case .call(let g, let outer) = e.kind, case .variable("g") = g.kind,
              case .call(let f, let inner) = outer[0].value.kind, case .variable("f") = f.kind else {
            Issue.record("wrong tree"); return
        }
        #expect(inner.count == 2)
        if case .variable("x") = inner[0].value.kind {} else { Issue.record("x is not first") }
    }

    @Test func statementsAndLocations() {
        let program = parse("let a = 1\nvar b = [1,\n 2]\nfn f(x, y = 2) { x }\nfor i, v in xs { }\nwhile a { break }\nb[0] += 1\n")
        #expect(program.diagnostics.isEmpty)
        #expect(program.statements.count == 6)
        #expect(program.statements.map(\.location.line) == [1, 2, 4, 5, 6, 7])
        if case .function(let decl) = program.statements[2].kind {
            #expect(decl.sourceText == "fn f(x, y = 2) { x }")
            #expect(decl.parameters.map(\.name) == ["x", "y"])
        } else { Issue.record("not a function") }
    }

    @Test func dictBlocksAndElseOnNextLine() {
        let program = parse("let r = {\n  a: 1,\n  \"b c\": 2\n}\nif r { 1 }\nelse { 2 }\n")
        #expect(program.diagnostics.isEmpty)
        #expect(program.statements.count == 2)
    }

    @Test func checkStatement() {
        let program = parse("check \"ok\" { true } points 2 hint \"h\"")
        #expect(program.diagnostics.isEmpty)
        if case .check(_, _, let points, let hint) = program.statements[0].kind {
            #expect(points != nil && hint != nil)
        } else { Issue.record("not a check") }
    }

    @Test func oneMistakeOneMessage() {
        let program = parse("print(f(1, 2)\nlet x = 1\n")
        #expect(program.diagnostics.count == 1)
        #expect(program.diagnostics[0].message == "Expect ')' after arguments.")
        #expect(program.diagnostics[0].kind == .parse)
    }

    @Test func interpolationErrorsPointIntoTheString() {
        let program = parse("let s = \"a {1 +} b\"")
        #expect(program.diagnostics.count == 1)
        #expect(program.diagnostics[0].location.column == 16)   // where the "}" closes the bad expression
        #expect(program.diagnostics[0].sourceLine == "let s = \"a {1 +} b\"")
    }

    @Test func renderingPutsTheCaretUnderTheColumn() {
        let d = Diagnostic(kind: .parse, message: "Expect ')' after arguments.",
                           location: SourceLocation(file: "file.wh", line: 3, column: 9), sourceLine: "print(f(1, 2)")
        #expect(d.render() == "file.wh:3:9: error: Expect ')' after arguments.\n3 | print(f(1, 2)\n  |         ^\n")
        #expect(d.render(color: true).contains("\u{1B}[1;31m"))
    }
}
