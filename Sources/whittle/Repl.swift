import Foundation
import Interpreter
import Notebook
import Stdlib

/// The read–eval–print loop: reads (multi-line) input, runs it in one session, prints
/// values and diagnostics, and answers `:` commands.
final class Repl {
    let session: Session
    let terminal: Terminal
    private var editor: LineEditor!
    private var inputCount = 0
    /// Lines of "<repl>" run so far (the next entry starts after them).
    private var linesSoFar = 0

    init(session: Session, terminal: Terminal) {
        self.session = session
        self.terminal = terminal
        session.interpreter.sink = TerminalSink(terminal: terminal)
        let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
        editor = LineEditor(historyFile: home + "/.whittle_history") { [unowned self] prefix, line in
            self.completions(prefix: prefix, line: line)
        }
        Repl.current = self
    }

    static let commands: [(String, String)] = [
        (":help", "show this help"),
        (":vars", "list the names you defined, with their types"),
        (":load FILE", "run a .wh file, or a notebook's cells, in this session"),
        (":time EXPR", "run EXPR and print how long it took"),
        (":quit", "leave (Ctrl-D works too)"),
    ]

    func loop() {
        installInterruptHandler()
        if editor.isInteractive {
            terminal.out("Whittle \(WhittleVersion.string) — :help for help, Ctrl-D to quit\n")
        }
        while let source = readEntry() {
            let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix(":") {
                if !command(trimmed) { break }
                continue
            }
            evaluate(source)
        }
        editor.saveHistory()
        if editor.isInteractive { terminal.out("\n") }
    }

    /// Reads one entry, continuing while brackets or strings are open; nil at the end of input.
    /// Ctrl-C abandons the entry being typed (all its lines) and gives an empty one.
    private func readEntry() -> String? {
        var text: String
        switch editor.readLine(prompt: "» ") {
        case .end: return nil
        case .interrupted: return ""
        case .line(let line): text = line
        }
        while !text.hasPrefix(":") && session.interpreter.isIncomplete(text) {
            switch editor.readLine(prompt: "… ") {
            case .end:
                editor.remember(text)
                return text
            case .interrupted: return ""
            case .line(let more): text += "\n" + more
            }
        }
        editor.remember(text)
        return text
    }

    private func evaluate(_ source: String) {
        inputCount += 1
        session.interpreter.clearPendingInterrupt()  // a Ctrl-C at the prompt was not for this entry
        Repl.running = true
        // Each entry gets the next lines of one growing "<repl>" file, so an error in a function
        // defined entries ago quotes that function's line, not the line just typed.
        let outcome = session.interpreter.run(source, file: "<repl>", lineOffset: linesSoFar)
        linesSoFar += source.split(separator: "\n", omittingEmptySubsequences: false).count
        Repl.running = false
        switch outcome {
        case .value(let value):
            if let value { session.interpreter.sink.display(value) }
        case .failure(let diagnostics):
            for d in diagnostics { terminal.error(d.render(color: terminal.color), newline: false) }
        }
    }

    /// Runs a `:` command; false means quit.
    private func command(_ line: String) -> Bool {
        let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch parts[0] {
        case ":quit", ":q", ":exit":
            return false
        case ":help", ":h":
            for (name, what) in Repl.commands { terminal.out("  \(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(what)\n") }
            terminal.out("  help(f) shows a function's documentation; source(f) its code.\n")
        case ":vars":
            let host = Set(session.hostNames)
            let names = session.interpreter.globalNames.filter { !host.contains($0) }
            if names.isEmpty { terminal.out("(no variables yet)\n") }
            for name in names {
                let value = session.interpreter.global(name) ?? .nil
                terminal.out("  \(name): \(value.typeName)\n")
            }
        case ":load":
            guard let source = try? String(contentsOfFile: argument, encoding: .utf8) else {
                terminal.error("error: cannot read '\(argument)'")
                return true
            }
            // A notebook's code is its cells, not its Markdown: run them in order, each with its
            // own line numbers, stopping at the first that fails (as `whittle run` does).
            var chunks = [(code: source, lineOffset: 0)]
            if argument.hasSuffix(".md") {
                do {
                    chunks = try Notebook(parsing: source, file: argument).cells.map { ($0.source, $0.firstSourceLine - 1) }
                } catch {
                    terminal.error("\(error)")
                    return true
                }
            }
            Repl.running = true
            for chunk in chunks {
                if case .failure(let diagnostics) = session.interpreter.run(chunk.code, file: argument, lineOffset: chunk.lineOffset) {
                    for d in diagnostics { terminal.error(d.render(color: terminal.color), newline: false) }
                    break
                }
            }
            Repl.running = false
            if argument.hasSuffix(".md") { terminal.out("loaded \(chunks.count) cell\(chunks.count == 1 ? "" : "s") of \(argument)\n") }
        case ":time":
            let start = DispatchTime.now().uptimeNanoseconds
            evaluate(argument)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            terminal.out(String(format: "(%.3f ms)\n", ms))
        default:
            terminal.error("error: unknown command '\(parts[0])'; :help lists the commands")
        }
        return true
    }

    /// Names in scope and, after `x.`, the fields of x.
    private func completions(prefix: String, line: String) -> [String] {
        let before = line.prefix(while: { _ in true })
        if let dot = before.lastIndex(of: "."), before[before.index(after: dot)...].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            let head = before[..<dot]
            let name = String(head.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }).reversed())
            if let value = session.interpreter.global(name) {
                return session.interpreter.fieldNames(of: value).filter { $0.hasPrefix(prefix) }.sorted()
            }
            return []
        }
        if line.hasPrefix(":") && !line.contains(" ") {
            return Repl.commands.map { String($0.0.split(separator: " ")[0]) }.filter { $0.hasPrefix(prefix) }
        }
        return session.interpreter.globalNames.filter { $0.hasPrefix(prefix) }
    }

    // Ctrl-C: interrupt a running evaluation, or abandon the line being typed.
    // Signal handlers cannot capture context, hence the statics.
    static var current: Repl?
    static var running = false

    private func installInterruptHandler() {
        // A parent may have started us with SIGINT blocked (the mask is inherited across exec,
        // and some test runners and IDEs block it): Ctrl-C must reach this handler regardless.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        signal(SIGINT) { _ in
            guard let repl = Repl.current else { return }
            if Repl.running {
                repl.session.interpreter.interrupt()
            } else {
                LineEditor.interruptRequested = true   // the read loop abandons the entry
            }
        }
    }
}
