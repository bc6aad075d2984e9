/// One problem found in a program, with everything needed to show it rustc-style.
///
///     a.wh:3:9: error: Expect ')' after arguments.
///       3 | print(f(1, 2)
///         |         ^
public struct Diagnostic: Error, Equatable, Sendable {
    /// Which stage found the problem.
    public enum Kind: String, Sendable { case lex, parse, resolve, runtime }

    /// One entry of a runtime call stack, innermost first.
    public struct StackFrame: Equatable, Sendable {
        public var function: String
        public var location: SourceLocation
        public init(function: String, location: SourceLocation) {
            self.function = function
            self.location = location
        }
    }

    public var kind: Kind
    /// A short imperative sentence, e.g. "Expect ')' after arguments."
    public var message: String
    public var location: SourceLocation
    /// The text of the line the location points into ("" when unknown).
    public var sourceLine: String
    /// Extra lines shown after the caret (hints).
    public var notes: [String]
    /// For runtime errors: where each active call was made, innermost first.
    public var callStack: [StackFrame]

    /// Creates a diagnostic.
    public init(kind: Kind, message: String, location: SourceLocation, sourceLine: String = "",
                notes: [String] = [], callStack: [StackFrame] = []) {
        self.kind = kind
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
        self.notes = notes
        self.callStack = callStack
    }

    /// At most `width` characters of a long source line around `column` (a 1.5 MB line once
    /// made a 3 MB message), with "…" where it was cut, and the column within what is shown.
    static func window(_ line: String, column: Int, width: Int = 120) -> (text: String, column: Int) {
        let characters = Array(line)
        guard characters.count > width else { return (line, column) }
        let start = max(0, min(column - 1 - width / 2, characters.count - width))
        let end = min(characters.count, start + width)
        let head = start > 0 ? "…" : "", tail = end < characters.count ? "…" : ""
        return (head + String(characters[start..<end]) + tail, column - start + head.count)
    }

    /// Renders the diagnostic as text; `color` adds ANSI colours for terminals.
    public func render(color: Bool = false) -> String {
        let red = color ? "\u{1B}[1;31m" : "", blue = color ? "\u{1B}[1;34m" : ""
        let bold = color ? "\u{1B}[1m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = "\(bold)\(location):\(reset) \(red)error:\(reset) \(bold)\(message)\(reset)\n"
        if !sourceLine.isEmpty {
            let number = String(location.line)
            let pad = String(repeating: " ", count: number.count)
            let (shown, column) = Diagnostic.window(sourceLine, column: location.column)
            // Tabs keep their width so the caret lines up under the column.
            let prefix = String(shown.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " as Character })
            out += "\(blue)\(number) |\(reset) \(shown)\n"
            out += "\(blue)\(pad) |\(reset) \(String(prefix))\(red)^\(reset)\n"
        }
        for note in notes { out += "  = note: \(note)\n" }
        for (i, frame) in callStack.enumerated() {
            out += "  \(i == 0 ? "in" : "called from") \(frame.function) at \(frame.location)\n"
        }
        return out
    }
}
