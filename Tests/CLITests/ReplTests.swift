import Foundation
import Testing

/// The REPL read from a pipe: plain lines, no prompts, values printed, errors on stderr.
@Suite struct ReplTests {
    @Test func evaluatesMultiLineInputAndCommands() throws {
        let input = """
        let a = [1,
          2, 3]
        len(a)
        :vars
        fn sq(x) { x * x }
        sq(12)
        :quit
        print("after quit")

        """
        let (status, output) = try runWhittle(["repl"], stdin: input)
        #expect(status == 0)
        #expect(output.contains("3\n"))
        #expect(output.contains("a: list"))
        #expect(output.contains("144\n"))
        #expect(!output.contains("after quit"))
    }

    @Test func reportsErrorsWithCaretAndKeepsGoing() throws {
        let (status, output) = try runWhittle(["repl"], stdin: "undefined_name + 1\nprint(\"still here\")\n")
        #expect(status == 0)
        #expect(output.contains("<repl>:1:1: error: Undefined variable 'undefined_name'."))
        #expect(output.contains("  | ^"))
        #expect(output.contains("still here"))
    }

    @Test func loadingANotebookRunsItsCellsNotItsProse() throws {
        let notebook = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString).md")
        try """
        # A lecture

        Some *prose* that is not code: let x = oops

        ```whittle
        let w = 21
        ```

        More prose.

        ```whittle
        let doubled = w * 2
        ```

        """.write(to: notebook, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: notebook) }
        let (_, output) = try runWhittle(["repl"], stdin: ":load \(notebook.path)\nprint(doubled)\n")
        #expect(output.contains("loaded 2 cells of"))
        #expect(output.contains("42\n"))
        #expect(!output.contains("error"))
        // An error names the notebook line, not the cell's.
        try "# T\n\n```whittle\nlet a = 1\nlet b = nope\n```\n".write(to: notebook, atomically: true, encoding: .utf8)
        let (_, failing) = try runWhittle(["repl"], stdin: ":load \(notebook.path)\n")
        #expect(failing.contains("\(notebook.path):5:9: error: Undefined variable 'nope'."))
    }

    @Test func longNativeWorkShowsAProgressBarOnlyWhenAsked() throws {
        // On a terminal the bar is on by default; a pipe gets none unless WHITTLE_PROGRESS=1.
        let script = "let d = digits(n: 3000, seed: 1)\nlet m = mlp([64, 256, 10], seed: 0)\nlet h = train(m, d, epochs: 8, batch: 16)\nprint(\"done\")\n"
        let (_, forced) = try runWhittle(["run", "-"], stdin: script, environment: ["WHITTLE_PROGRESS": "1"])
        #expect(forced.contains("train  ") && forced.contains("/s · ETA "), "\(forced)")
        #expect(forced.hasSuffix("\u{1B}[2Kdone\n"))   // erased before the output continues
        let (_, piped) = try runWhittle(["run", "-"], stdin: script)
        #expect(piped == "done\n")
    }

    @Test func unknownCommandIsExplained() throws {
        let (_, output) = try runWhittle(["repl"], stdin: ":frobnicate\n")
        #expect(output.contains("unknown command ':frobnicate'"))
    }
}
