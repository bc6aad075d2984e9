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

    @ArgumentParser.Argument(help: "A .wh script or a .md notebook; - reads a script from standard input.",
                             completion: .file(extensions: ["wh", "md"]))
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
        guard file == "-" || file.hasSuffix(".wh") || file.hasSuffix(".md") else {
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
        let source: String
        switch ScriptRun.read(path) {
        case .success(let text): source = text
        case .failure(let why):
            terminal.error("error: \(why.message)")
            return 1
        }
        let session = Session(seed: seed ?? 0, options: options)
        session.interpreter.sink = TerminalSink(terminal: terminal)
        switch session.interpreter.run(source, file: path == "-" ? "<stdin>" : path) {
        case .value:
            return 0
        case .failure(let diagnostics):
            for d in diagnostics { terminal.error(d.render(color: terminal.color), newline: false) }
            return 1
        }
    }
}

extension ScriptRun {
    struct ReadError: Error { let message: String }

    /// A script's text: the file's (or standard input's, for "-"), which must be UTF-8; the
    /// error says why not — missing, unreadable, or the first byte that is not UTF-8.
    static func read(_ path: String) -> Result<String, ReadError> {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard FileManager.default.fileExists(atPath: path) else { return .failure(ReadError(message: "no file '\(path)'")) }
            guard let contents = FileManager.default.contents(atPath: path) else {
                return .failure(ReadError(message: "cannot read '\(path)' (permission denied, or not a file)"))
            }
            data = contents
        }
        if let text = String(data: data, encoding: .utf8) { return .success(text) }
        let bytes = [UInt8](data)
        // Where the first malformed sequence starts: decode scalar by scalar until one fails.
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): offset += UTF8.width(scalar)
            case .emptyInput, .error: break decoding
            }
        }
        let line = bytes[..<min(offset, bytes.count)].filter { $0 == 0x0A }.count + 1
        let shown = offset < bytes.count ? String(format: "0x%02X", bytes[offset]) : "the end"
        return .failure(ReadError(message: "'\(path)' is not UTF-8 text: byte \(offset) (line \(line)) is \(shown); save it as UTF-8"))
    }
}
