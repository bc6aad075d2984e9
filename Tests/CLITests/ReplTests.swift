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

    @Test func unknownCommandIsExplained() throws {
        let (_, output) = try runWhittle(["repl"], stdin: ":frobnicate\n")
        #expect(output.contains("unknown command ':frobnicate'"))
    }
}
