import CReadline
import Foundation

/// Reads lines for the REPL: GNU readline when stdin is a terminal (history saved in
/// the user's home, tab completion), plain `readLine()` otherwise so the REPL can be
/// scripted and tested through a pipe.
final class LineEditor {
    /// Supplies completions for the word before the cursor (`prefix`), given the whole line.
    typealias Completer = (_ prefix: String, _ line: String) -> [String]

    let isInteractive: Bool
    private let historyPath: String?
    private static let historyLimit: Int32 = 1000

    init(historyFile: String?, completer: @escaping Completer) {
        isInteractive = isatty(STDIN_FILENO) == 1
        historyPath = historyFile
        guard isInteractive else { return }
        // readline measures the prompt and the line in the locale's characters: without a UTF-8
        // locale "» " counts as two columns and every redisplay after history moves is shifted
        // (the line showed "axy" while "xy" ran).
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" { setlocale(LC_CTYPE, "C.UTF-8") }
        LineEditor.completer = completer
        rl_readline_name = UnsafePointer(strdup("whittle"))
        // '.' breaks words so that `model.we<TAB>` completes the field after the dot.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`@$><=;|&{(,[.+-*/%!"))
        rl_attempted_completion_function = { text, _, _ in
            rl_attempted_completion_over = 1  // never fall back to file names
            rl_completion_append_character = 0  // so `name<TAB>` can be followed by `.field` or `(`
            return rl_completion_matches(text) { text, state in
                LineEditor.nextCompletion(text: text, state: state)
            }
        }
        stifle_history(LineEditor.historyLimit)
        if let path = historyFile { _ = read_history(path) }
    }

    /// What reading a line gave.
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C while typing: the line (and any entry it continues) is abandoned.
        case interrupted
        /// Ctrl-D or the end of piped input.
        case end
    }

    /// Set by the SIGINT handler while a line is being read; the read loop sees it.
    nonisolated(unsafe) static var interruptRequested = false
    nonisolated(unsafe) private static var received: String??

    /// Reads one line. Interactive reading uses readline's callback interface: the REPL owns
    /// the wait for input (poll), so a Ctrl-C can end the read cleanly — readline's own loop
    /// would swallow it and keep the half-typed entry.
    func readLine(prompt: String) -> Input {
        guard isInteractive else {
            return Swift.readLine(strippingNewline: true).map { .line($0) } ?? .end
        }
        LineEditor.received = nil
        LineEditor.interruptRequested = false
        rl_callback_handler_install(prompt) { raw in
            LineEditor.received = .some(raw.map { String(cString: $0) })
            if let raw { free(raw) }
            rl_callback_handler_remove()
        }
        while true {
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            // A bounded wait: a Ctrl-C that lands while readline is busy (not in poll) is still
            // seen within a tenth of a second.
            let ready = poll(&descriptor, 1, 100)
            if LineEditor.interruptRequested {
                LineEditor.interruptRequested = false
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_callback_handler_remove()
                rl_cleanup_after_signal()
                FileHandle.standardOutput.write(Data("^C\n".utf8))
                return .interrupted
            }
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            if ready < 0 { return .end }
            rl_callback_read_char()
            if let got = LineEditor.received { return got.map { .line($0) } ?? .end }
        }
    }

    /// Adds a whole entry (every line of a multi-line one) to the history, so Up recalls it whole.
    func remember(_ entry: String) {
        guard isInteractive, !entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        add_history(entry)
    }

    /// Writes the history file (kept across sessions).
    func saveHistory() {
        guard isInteractive, let path = historyPath else { return }
        _ = write_history(path)
        _ = history_truncate_file(path, LineEditor.historyLimit)
    }

    // readline's completion callbacks are C function pointers and cannot capture context,
    // so the completer and the current match list live in statics.
    private static var completer: Completer?
    private static var matches: [String] = []

    private static func nextCompletion(text: UnsafePointer<CChar>?, state: Int32) -> UnsafeMutablePointer<CChar>? {
        if state == 0 {
            let prefix = text.map { String(cString: $0) } ?? ""
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            matches = completer?(prefix, line) ?? []
        }
        let index = Int(state)
        guard index < matches.count else { return nil }
        return strdup(matches[index])
    }
}
