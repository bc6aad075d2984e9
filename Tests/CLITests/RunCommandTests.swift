import Foundation
import Testing

/// `whittle run` on scripts and notebooks, through the real executable.
@Suite struct RunCommandTests {
    let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-run-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func scriptPrintsAndExitsZero() throws {
        let path = try write("ok.wh", "let t = ones([2, 3])\nprint(\"{t.shape} {sum(t)}\")\n")
        let (status, output) = try runWhittle(["run", path])
        #expect(status == 0)
        #expect(output == "[2, 3] 6\n")
    }

    @Test func failingScriptShowsLocationAndExitsOne() throws {
        let path = try write("bad.wh", "let a = ones([2, 3])\nlet b = a @ a\n")
        let (status, output) = try runWhittle(["run", path])
        #expect(status == 1)
        #expect(output.contains("bad.wh:2:"))
        #expect(output.contains("matmul: shapes [2, 3] and [2, 3] do not align"))
    }

    @Test func wrongExtensionIsAUsageError() throws {
        let (status, output) = try runWhittle(["run", "notes.txt"])
        #expect(status == 2)
        #expect(output.contains("Expect a .wh script or a .md notebook"))
    }

    @Test func notebookErrorPointsIntoTheMarkdownFileAndReportIsWritten() throws {
        let notebook = try write("nb.md", """
        # Title

        ```whittle
        let x = 1
        ```

        Prose.

        ```whittle
        print(x)
        x + nope
        ```

        """)
        let report = folder.appendingPathComponent("out/nb.md").path
        let (status, output) = try runWhittle(["run", notebook, "--report", report])
        #expect(status == 1)
        #expect(output.contains("nb.md:11:5: error: Undefined variable 'nope'."))
        let written = try String(contentsOfFile: report, encoding: .utf8)
        #expect(written.contains("Prose."))
        #expect(written.contains("Undefined variable 'nope'"))
    }

    @Test func runsEvenWhenTheInterpreterThreadCannotGetItsStack() throws {
        // Under a 600 MB address-space limit the 512 MB interpreter stack cannot be mapped:
        // the run must fall back to the calling thread at once, not after a timeout (an
        // earlier version waited 5 s per run, which a graded notebook paid on every cell).
        let path = try write("tight.wh", "print(map([1, 2, 3], fn(x) { x * 10 }))\n")
        let start = Date()
        let (status, output) = try runWhittle(["-c", "ulimit -v 600000; exec \"$0\" run \"$1\"", whittleBinary(), path],
                                              executable: "/bin/bash")
        #expect(status == 0)
        #expect(output == "[10, 20, 30]\n")
        #expect(Date().timeIntervalSince(start) < 4, "the fallback must not wait for a thread that never starts")
    }

    @Test(arguments: [
        ("---\ntitle: [bad\n---\n# x\n", "invalid front matter"),
        ("# x\n\n```whittle\nprint(1)\n", "this ```whittle fence is never closed"),
        ("```whittle\n#| evall: false\nprint(1)\n```\n", "unknown cell option 'evall' (did you mean 'eval'?)"),
    ])
    func unparsableNotebookStillLeavesAReport(_ text: String, _ message: String) throws {
        let notebook = try write("broken-\(UUID().uuidString).md", text)
        let report = folder.appendingPathComponent("out-\(UUID().uuidString).md").path
        let (status, output) = try runWhittle(["run", notebook, "--report", report])
        #expect(status == 1)
        #expect(output.contains(message))
        let written = try String(contentsOfFile: report, encoding: .utf8)
        #expect(written.hasPrefix(text))
        #expect(written.contains("**This notebook could not be run:**"))
        #expect(written.contains(message))
    }

    @Test func runningOutOfMemoryIsAnErrorNotACrash() throws {
        // Many tensors, each far under the per-tensor cap: the live-tensor budget stops them…
        let keepAll = "var xs = []\nfor i in 0..<40 { append(xs, zeros([25000000])) }\nprint(len(xs))\n"
        let (status, output) = try runWhittle(["run", "-"], stdin: keepAll, environment: ["WHITTLE_TENSOR_BUDGET_MB": "300"])
        #expect(status == 1)
        #expect(output.contains("zeros: [25000000] needs 95.4 MB more, but live tensors already hold 286.1 MB of the 300.0 MB budget"), "\(output)")
        // …tensors that are let go do not count…
        let (freed, text) = try runWhittle(["run", "-"], stdin: "var n = 0\nfor i in 0..<40 { let t = zeros([25000000])\n n += 1 }\nprint(n)\n",
                                           environment: ["WHITTLE_TENSOR_BUDGET_MB": "300"])
        #expect(freed == 0 && text == "40\n")
        // …and when the system itself refuses (an address-space limit), the op says so instead of aborting.
        let (limited, refused) = try runWhittle(["-c", "ulimit -v 2000000; exec \"$0\" run -", whittleBinary()], stdin: keepAll,
                                                executable: "/bin/bash")
        #expect(limited == 1)
        #expect(refused.contains("zeros: ") && !refused.contains("Fatal error"), "\(refused)")
    }

    @Test func notebookErrorsGoToStandardErrorLikeScriptErrors() throws {
        let notebook = try write("streams.md", "# S\n\n```whittle\nprint(\"fine\")\nlet x = nope\n```\n")
        let script = try write("streams.wh", "print(\"fine\")\nlet x = nope\n")
        for path in [notebook, script] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: whittleBinary())
            process.arguments = ["run", path]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            process.waitUntilExit()
            let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(stdout.contains("fine") && !stdout.contains("Undefined variable"), "\(path): \(stdout)")
            #expect(stderr.contains("error: Undefined variable 'nope'."), "\(path): \(stderr)")
        }
    }

    @Test func ctrlCStopsTheRunAndStillWritesTheReport() throws {
        let notebook = try write("interrupted.md", "# Long\n\n```whittle\nprint(\"first\")\n```\n\n```whittle\nlet h = train(mlp([64, 512, 10], seed: 0), digits(n: 4000, seed: 1), epochs: 500)\n```\n\n```whittle\nprint(\"never\")\n```\n")
        let report = folder.appendingPathComponent("interrupted-report.md").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: whittleBinary())
        process.arguments = ["run", notebook, "--report", report]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        let start = Date()
        process.interrupt()   // SIGINT, as Ctrl-C sends
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(Date().timeIntervalSince(start) < 3, "training must stop within a batch")
        #expect(process.terminationStatus == 1)
        #expect(text.contains("interrupted (Ctrl-C)"))
        let written = try String(contentsOfFile: report, encoding: .utf8)
        #expect(written.contains("first"))
        #expect(written.contains("interrupted.md:8:"))          // where it stopped
        #expect(written.contains("Interrupted."))
        #expect(written.contains("*Not run: an earlier cell failed.*") && !written.contains("never\n```"))
    }

    @Test func aCellThatNeverEndsTimesOutWithItsLineAndTheReportIsWritten() throws {
        let notebook = try write("loop.md", "# Loop\n\n```whittle\n#| timeout: 1\nvar i = 0\nwhile true { i += 1 }\n```\n")
        let report = folder.appendingPathComponent("loop-report.md").path
        let (status, output) = try runWhittle(["run", notebook, "--report", report])
        #expect(status == 1)
        #expect(output.contains("loop.md:6:"))
        #expect(output.contains("Cell timed out after 1 s"))
        #expect(try String(contentsOfFile: report, encoding: .utf8).contains("Cell timed out after 1 s"))
    }

    @Test func reportIsByteIdenticalOnRerun() throws {
        let notebook = try write("det.md", "```whittle\nrandn([3, 3])\nhist(randn([500]), bins: 8)\n```\n")
        let a = folder.appendingPathComponent("a.md").path, b = folder.appendingPathComponent("b.md").path
        _ = try runWhittle(["run", notebook, "--report", a])
        _ = try runWhittle(["run", notebook, "--report", b])
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
    }
}
