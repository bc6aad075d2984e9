// Line slicing that keeps terminators, so raw text can be cut and rejoined byte for byte.

extension String {
    /// The lines of the string, each with its "\n" (a "\r\n" keeps its "\r"); the last
    /// line has no terminator when the text does not end with one.
    func splitLinesKeepingTerminators() -> [String] {
        var lines: [String] = []
        var current = ""
        for character in self {
            current.append(character)
            // "\r\n" is one Character in Swift, so test for both forms.
            if character == "\n" || character == "\r\n" {
                lines.append(current)
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The line without its "\n" or "\r\n".
    func trimmingLineTerminator() -> String {
        var line = self
        if line.hasSuffix("\r\n") || line.hasSuffix("\n") { line.removeLast() }
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    /// The line's terminator ("\n", "\r\n" or "" for a last line without one).
    var lineTerminator: String {
        if hasSuffix("\r\n") { return "\r\n" }
        if hasSuffix("\n") { return "\n" }
        return ""
    }

    /// The leading spaces and tabs.
    var leadingWhitespace: String {
        String(prefix(while: { $0 == " " || $0 == "\t" }))
    }

}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    var trimmedSpaces: String {
        let start = drop(while: { $0 == " " || $0 == "\t" })
        var end = start[...]
        while let last = end.last, last == " " || last == "\t" { end.removeLast() }
        return String(end)
    }
}
