import Foundation
import Render
import TensorCore

/// Draws `Progress` reports as a bar on standard error while a terminal watches: redrawn at
/// most ten times a second, erased when the task ends, never written to a pipe or a report.
/// WHITTLE_PROGRESS=1 forces it on (tests), =0 off.
final class ProgressBar {
    private let width: Int
    private var task = ""
    private var started = 0.0
    private var lastDraw = 0.0
    private var visible = false

    private init(width: Int) { self.width = width }

    /// Installs the bar when standard error is a terminal (or when forced).
    static func install() {
        let setting = ProcessInfo.processInfo.environment["WHITTLE_PROGRESS"]
        let tty = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        guard setting == "1" || (setting != "0" && tty) else { return }
        var size = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 80
        let bar = ProgressBar(width: min(columns - 1, 100))
        Progress.sink = { task, done, total in bar.update(task: task, done: done, total: total) }
    }

    private func update(task: String, done: Int, total: Int) {
        let now = Date().timeIntervalSinceReferenceDate
        if task != self.task || done == 0 {
            self.task = task
            started = now
            lastDraw = 0
        }
        if done >= total {
            if visible { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
            visible = false
            self.task = ""
            return
        }
        // The first draw waits a moment: work that ends within 0.3 s never shows a bar.
        guard now - started >= 0.3, now - lastDraw >= 0.1 else { return }
        lastDraw = now
        visible = true
        let line = ProgressLine.render(task: task, done: done, total: total, elapsed: now - started, width: width)
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(line)".utf8))
    }
}
