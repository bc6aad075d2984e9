import Foundation
import Interpreter
import Render
import Stdlib

/// What the CLI knows about where its output goes: colour only on a TTY without NO_COLOR
/// whose TERM is not "dumb" (a terminal that shows escape codes as text).
struct Terminal {
    let color: Bool
    let isTTY: Bool
    let width: Int

    init(noColor: Bool = false) {
        isTTY = isatty(STDOUT_FILENO) == 1
        let environment = ProcessInfo.processInfo.environment
        color = isTTY && !noColor && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        var size = winsize()
        if isTTY, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
            width = min(Int(size.ws_col), 120)
        } else {
            width = 80
        }
    }

    /// Writes to standard output and flushes, so streamed output appears at once.
    func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes to standard error.
    func error(_ text: String, newline: Bool = true) {
        FileHandle.standardError.write(Data((newline ? text + "\n" : text).utf8))
    }

    /// A transient status line (progress) on a terminal; nothing when piped.
    func status(_ text: String) {
        guard isTTY else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
    }

    func clearStatus() {
        guard isTTY else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// Prints a script's output: text as is, display values in their terminal form.
final class TerminalSink: OutputSink {
    let terminal: Terminal
    init(terminal: Terminal) { self.terminal = terminal }

    func write(_ text: String) { terminal.out(text) }

    func display(_ value: Value) {
        if case .native(let object as DisplayValue) = value {
            terminal.out(object.display.terminal(width: terminal.width, color: terminal.color) + "\n")
        } else {
            terminal.out(value.describe(maxWidth: terminal.width) + "\n")
        }
    }

    func checkResult(_ result: CheckResult) {
        let points = formatNumber(result.points)
        if result.passed {
            terminal.out("✔ \(result.name) (\(points)/\(points))\n")
        } else {
            var line = "✘ \(result.name) (0/\(points))"
            if let message = result.errorMessage { line += " — \(message)" }
            if let hint = result.hint { line += "\n  hint: \(hint)" }
            terminal.out(line + "\n")
        }
    }
}
