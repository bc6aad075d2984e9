import ArgumentParser
import Foundation
import Interpreter
import Notebook
import Stdlib

/// `whittle run FILE`: a `.wh` script, or a `.md` notebook run headlessly.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Whittle script (.wh) or a Markdown notebook (.md).",
        discussion: """
        A notebook's cells run in order in one session; each cell's output is printed as it \
        finishes. With --report, a GitHub-flavoured Markdown report with every output inline is \
        written (atomically), even when a cell fails.

        Exit status: 0 ok; 1 a script or cell failed (or, with --strict, a check failed); 2 usage error.
        """)

    @ArgumentParser.Argument(help: "A .wh script or a .md notebook.", completion: .file(extensions: ["wh", "md"]))
    var file: String

    @Option(name: .long, help: "Write the notebook's Markdown report to this path.")
    var report: String?

    @Flag(name: .long, help: "Also write each plot as an SVG file beside the report, linked from it.")
    var svg = false

    @Flag(name: .customLong("continue"), help: "Run the remaining cells after a cell fails.")
    var continueOnError = false

    @Flag(name: .long, help: "Exit with status 1 when a check fails.")
    var strict = false

    @Option(name: .long, help: "Seed of the random generator (default: the notebook's `seed:`, else 0).")
    var seed: UInt64?

    @Option(name: .long, help: "Stop a script or cell after this many interpreter steps.")
    var stepLimit: Int?

    @Flag(name: .long, help: "No ANSI colour (also when NO_COLOR is set or output is not a terminal).")
    var noColor = false

    @OptionGroup var compute: ComputeOptions

    func validate() throws {
        guard file.hasSuffix(".wh") || file.hasSuffix(".md") else {
            throw ValidationError("Expect a .wh script or a .md notebook, got '\(file)'.")
        }
        if report != nil && !file.hasSuffix(".md") {
            throw ValidationError("--report needs a .md notebook.")
        }
        if svg && report == nil {
            throw ValidationError("--svg needs --report (the SVG files go beside the report).")
        }
        if let report {
            // A report written over its own notebook would lose the notebook for good.
            let resolved = { (path: String) in URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
            if resolved(report) == resolved(file) {
                throw ValidationError("--report '\(report)' is the notebook itself; write the report to another file (e.g. reports/\((file as NSString).lastPathComponent)).")
            }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: report, isDirectory: &isFolder), isFolder.boolValue {
                throw ValidationError("--report '\(report)' is a folder; give a file path such as \((report as NSString).appendingPathComponent((file as NSString).lastPathComponent)).")
            }
        }
    }

    func run() throws {
        try compute.apply()
        let terminal = Terminal(noColor: noColor)
        let options = InterpreterOptions(stepLimit: stepLimit)
        let status = file.hasSuffix(".md")
            ? NotebookRun(path: file, terminal: terminal, options: options, seed: seed,
                          continueOnError: continueOnError, strict: strict).execute(report: report, svg: svg)
            : ScriptRun(path: file, terminal: terminal, options: options, seed: seed).execute()
        if status != 0 { throw ExitCode(status) }
    }
}

/// Runs one `.wh` file, printing its output and, on failure, the diagnostic.
struct ScriptRun {
    let path: String
    let terminal: Terminal
    let options: InterpreterOptions
    let seed: UInt64?

    func execute() -> Int32 {
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
            terminal.error("error: cannot read '\(path)'")
            return 1
        }
        let session = Session(seed: seed ?? 0, options: options)
        session.interpreter.sink = TerminalSink(terminal: terminal)
        switch session.interpreter.run(source, file: path) {
        case .value:
            return 0
        case .failure(let diagnostics):
            for d in diagnostics { terminal.error(d.render(color: terminal.color), newline: false) }
            return 1
        }
    }
}
