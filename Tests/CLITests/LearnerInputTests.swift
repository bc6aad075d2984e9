import Foundation
import Testing

/// Inputs a learner types that once crashed or misbehaved (issue 15): each gets a right answer
/// or a clear error, never a dead process.
@Suite struct LearnerInputTests {
    func run(_ source: String, named name: String = "x.wh") throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("learner-\(UUID().uuidString)-\(name)")
        try source.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try runWhittle(["run", file.path])
    }

    @Test func windowsLineEndingsRun() throws {
        let (status, output) = try run("let x = 1\r\nfn f(a) {\r\n  a + x\r\n}\r\nprint(f(1))\r\nprint(\"{x:>3}|\")\r\n")
        #expect(status == 0, "\(output)")
        #expect(output == "2\n  1|\n")
        let (_, error) = try run("let x = 1\r\nprint(y)\r\n")
        #expect(error.contains(":2:7: error: Undefined variable 'y'"), "\(error)")
        #expect(error.contains("2 | print(y)\n"), "the quoted line has no stray carriage return: \(error.debugDescription)")
    }

    @Test(arguments: [
        ("zeros([3])[1e300]", "index: 1e+300 is out of range for axis 0 of size 3"),
        ("zeros(tensor([1e30]))", "zeros: expect whole numbers for 'shape'"),
        ("zeros([nan])", "zeros: expect an integer for 'shape', got nan"),
        ("[1, 2][inf]", "Expect an integer index, got inf."),
        ("decode(char_tokenizer(\"ab\"), [nan])", "decode: expect whole numbers for 'ids', got nan"),
        ("train(mlp([2, 2]), {x: zeros([2, 2]), y: tensor([0, 1e30])})", "must be whole numbers from 0"),
    ])
    func hugeNumbersWhereAnIntegerIsExpectedAreErrors(expression: String, message: String) throws {
        let (status, output) = try run("print(\(expression))\n")
        #expect(status == 1, "\(expression): \(output)")
        #expect(output.contains(message), "\(expression): \(output)")
    }

    @Test func hangulPadsByDisplayWidth() throws {
        let (_, output) = try run("print(\"[{\"한국\":>6}]\")\nprint(\"[\" + pad(\"어텐션\", 8) + \"]\")\nprint(\"[{\"ab\":^6}]\")\n")
        #expect(output == "[  한국]\n[어텐션  ]\n[  ab  ]\n", "\(output)")
    }

    @Test(arguments: [
        ("timeout: abc", ":2:1: error: invalid front matter: 'timeout' must be a number of seconds > 0, got 'abc'"),
        ("title: t\nseeed: 3", ":3:1: error: invalid front matter: unknown key 'seeed'; did you mean 'seed'?"),
        ("seed: -1", "'seed' must be a whole number ≥ 0, got '-1'"),
        ("seed: 1.5", "'seed' must be a whole number ≥ 0, got '1.5'"),
        ("timeout: 0", "'timeout' must be a number of seconds > 0"),
        // YAML 1.1 sexagesimal: Yams' own reading overflowed and trapped (found by fuzzing).
        ("seed: 777777:7777777777777:77:7777:77:7777777", "'seed' must be a whole number ≥ 0, got '777777:7777777777777:77:7777:77:7777777'"),
        ("timeout: 1:30", "'timeout' must be a number of seconds > 0, got '1:30'"),
    ])
    func frontMatterIsValidated(yaml: String, message: String) throws {
        let (status, output) = try run("---\n\(yaml)\n---\n\n```whittle\nprint(1)\n```\n", named: "fm.md")
        #expect(status == 1, "\(output)")
        #expect(output.contains(message), "\(output)")
    }

    @Test func otherFrontMatterKeysPassThrough() throws {
        let (status, output) = try run("---\ntitle: T\nauthor: me\nseed: 7\ntimeout: 2.5\n---\n\n```whittle\nprint(1)\n```\n", named: "ok.md")
        #expect(status == 0, "\(output)")
    }

    @Test func aReportNeverOverwritesItsNotebookOrLandsOnAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("learner-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let notebook = folder.appendingPathComponent("nb.md")
        let text = "# broken\n\n```whittle\nprint(1\n"   // unclosed fence: a failed parse still writes a report
        try text.write(to: notebook, atomically: true, encoding: .utf8)
        let same = try runWhittle(["run", notebook.path, "--report", notebook.path])
        #expect(same.status == 2 && same.output.contains("is the notebook itself"), "\(same.output)")
        #expect(try String(contentsOf: notebook, encoding: .utf8) == text, "the notebook must be untouched")
        let dir = try runWhittle(["run", notebook.path, "--report", folder.path])
        #expect(dir.status == 2 && dir.output.contains("is a folder"), "\(dir.output)")
    }

    @Test func helpForAnUnknownCommandIsAUsageError() throws {
        let (status, output) = try runWhittle(["help", "nosuch"])
        #expect(status == 2)
        #expect(output.contains("no command 'nosuch'") && !output.contains("grade-one"), "\(output)")
        #expect(try runWhittle(["help", "run"]).status == 0)
    }

    @Test func intOfNanOrInfinityIsAnError() throws {
        for expression in ["int(nan)", "int(inf)", "int(-inf)"] {
            let (status, output) = try run("print(\(expression))\n")
            #expect(status == 1 && output.contains("has no integer value"), "\(expression): \(output)")
        }
        #expect(try run("print(int(-2.7), int(3))\n").output == "-2 3\n")
        #expect(try run("print(tolist(round(sin(tensor([0, 0])) + cos(tensor([0, 0])))))\n").output == "[1, 1]\n")
    }

    /// A cell's timeout stops native work too (it once ran `train` for 26 s and reported "ok"),
    /// and the next cell is not touched by the stop.
    @Test func aCellTimeoutStopsTrainingWithinABatch() throws {
        let notebook = "---\ntimeout: 1\n---\n\n```whittle\nlet m = mlp([64, 64, 10], seed: 0)\n"
            + "let h = train(m, digits(), epochs: 100000)\n```\n\n```whittle\ncheck \"next cell runs\" { true } points 1\n```\n"
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("learner-\(UUID().uuidString)-timeout.md")
        try notebook.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let start = Date()
        let (status, output) = try runWhittle(["run", file.path, "--continue"])
        let seconds = Date().timeIntervalSince(start)
        #expect(status == 1, "\(output)")
        #expect(output.contains("Cell timed out after 1 s"), "\(output)")
        #expect(output.contains("✔ next cell runs (1/1)"), "\(output)")
        // 100,000 epochs would take hours; a generous bound for a loaded machine.
        #expect(seconds < 20, "took \(seconds) s")
    }

    /// A student copy straight from `whittle assign`: each unsolved exercise fails only itself,
    /// and the summary counts the visible points of checks that never ran.
    @Test func aStudentCopyGradesEveryExerciseAndCountsAllVisiblePoints() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let key = root.appendingPathComponent("examples/grading/quantization-warmup.key.md")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("learner-\(UUID().uuidString)-student.md")
        defer { try? FileManager.default.removeItem(at: copy) }
        #expect(try runWhittle(["assign", key.path, "-o", copy.path]).status == 0)
        let (status, output) = try runWhittle(["run", copy.path])
        #expect(status == 1)
        #expect(!output.contains("not run"), "\(output)")
        #expect(output.contains("score 0/6 · unsolved: q1, q2, q3"), "\(output)")
        // Solve q2 only: q2's points count, q1 and q3 stay unsolved, nothing stops.
        var text = try String(contentsOf: copy, encoding: .utf8)
        let q2 = try #require(text.range(of: "#| exercise: q2"))
        let todo = try #require(text.range(of: "todo(\"write your solution here\")", range: q2.upperBound..<text.endIndex))
        text.replaceSubrange(todo, with: "fn quantize_int(x, s) { let q = round(x / s); if q > 127 { 127 } else if q < -127 { -127 } else { q } }")
        try text.write(to: copy, atomically: true, encoding: .utf8)
        let partial = try runWhittle(["run", copy.path]).output
        #expect(partial.contains("score 3/6 · unsolved: q1, q3"), "\(partial)")
    }

    @Test func unreadableScriptsSayWhy() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("learner-\(UUID().uuidString)-latin1.wh")
        try Data("print(1)\nprint(\"caf\u{E9}\")\n".data(using: .isoLatin1)!).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try runWhittle(["run", file.path])
        #expect(status == 1)
        #expect(output.contains("is not UTF-8 text: byte 19 (line 2) is 0xE9; save it as UTF-8"), "\(output)")
        #expect(try runWhittle(["run", "/no/such/script.wh"]).output.contains("no file '/no/such/script.wh'"))
        #expect(try runWhittle(["run", "-"], stdin: "print(40 + 2)\n").output == "42\n")
    }

    @Test func aHugeLineGivesAShortMessage() throws {
        let (_, output) = try run("let x = \"" + String(repeating: "a", count: 1_500_000) + "\" $ 1\n")
        #expect(output.contains("Unexpected character '$'"), "\(output.prefix(300))")
        #expect(output.utf8.count < 2_000, "\(output.utf8.count) bytes")
        let (_, many) = try run(String(repeating: "$ ", count: 5_000) + "\n")
        #expect(many.components(separatedBy: "error:").count - 1 <= 20, "lex errors are capped like parse errors")
    }

    @Test func kdLossRefusesLabelsThatNameNoClass() throws {
        let (status, output) = try run("print(kd_loss(zeros([2, 3]), zeros([2, 3]), tensor([0, -1])))\n")
        #expect(status == 1)
        #expect(output.contains("kd_loss: labels must be class indices 0 to 2, got -1"), "\(output)")
    }

    /// NaN and ±inf in quantizers and pruning: one documented behaviour, a clear error naming
    /// the op and the counts (NaN used to become the zero-point code; one inf made all NaN).
    @Test(arguments: [
        ("quantize(tensor([1, nan, 3]), bits: 8)", "quantize: the tensor has 1 NaN value; it needs finite numbers"),
        ("fake_quantize(tensor([inf, 1, -inf]), bits: 4)", "fake_quantize: the tensor has 2 infinite values"),
        ("ggml_quantize(tensor([nan, inf, 1, 2]), \"q8_0\")", "ggml_quantize: the tensor has 1 NaN and 1 infinite values"),
        ("{ let m = mlp([2, 2], seed: 0); set_weight(m, \"0.weight\", tensor([[nan, 1], [1, 1]])); prune(m, 0.5) }",
         "prune: weight '0.weight' has 1 NaN value"),
    ])
    func nonFiniteValuesAreRefusedByName(expression: String, message: String) throws {
        let source = expression.hasPrefix("{") ? String(expression.dropFirst().dropLast()).replacingOccurrences(of: "; ", with: "\n")
                                                : "print(\(expression))"
        let (status, output) = try run(source + "\n")
        #expect(status == 1, "\(expression): \(output)")
        #expect(output.contains(message), "\(expression): \(output)")
    }

    @Test func notebookMistakesAreNamedWithTheirLine() throws {
        let notebook = "# t\n\n```whittle\n#| error: true\nprint(1)\n```\n\n```{whittle}\nprint(2)\n```\n\n```Whittle\nprint(3)\n```\n"
        let (status, output) = try run(notebook, named: "mistakes.md")
        #expect(status == 1)
        #expect(output.contains("mistakes.md:4: error: expected an error, but the cell ran without one (its `error:` option)"), "\(output)")
        #expect(output.contains("mistakes.md:8: warning: a fence with info '{whittle}' is shown as text, not run"), "\(output)")
        #expect(output.contains("mistakes.md:12: warning: a fence with info 'Whittle'"), "\(output)")
        let (_, fine) = try run("```python\nprint(1)\n```\n\n```whittle\nprint(2)\n```\n", named: "fine.md")
        #expect(!fine.contains("warning"), "\(fine)")
    }
}
