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

    /// Reads one line; nil at end of input (Ctrl-D).
    func readLine(prompt: String) -> String? {
        guard isInteractive else {
            return Swift.readLine(strippingNewline: true)
        }
        guard let raw = CReadline.readline(prompt) else { return nil }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty { add_history(raw) }
        return line
    }

    /// Writes the history file (kept across sessions).
    func saveHistory() {
        guard isInteractive, let path = historyPath else { return }
        _ = write_history(path)
        _ = history_truncate_file(path, LineEditor.historyLimit)
    }

    /// Clears the line being edited and shows a fresh prompt (after Ctrl-C at the prompt).
    static func abandonCurrentLine() {
        rl_replace_line("", 0)
        rl_on_new_line()
        rl_redisplay()
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
