// Line slicing that keeps terminators, so raw text can be cut and rejoined byte for byte.

extension String {
    /// The lines of the string, each with its "\n" (a "\r\n" keeps its "\r"); the last
    /// line has no terminator when the text does not end with one.
    func splitLinesKeepingTerminators() -> [String] {
        // Split on the "\n" byte: UTF-8 never uses it inside a multi-byte character, and
        // byte scanning is far cheaper than walking grapheme clusters.
        var lines: [String] = []
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == UInt8(ascii: "\n") {
                lines.append(String(self[start..<next]))
                start = next
            }
            index = next
        }
        if start != utf8.endIndex { lines.append(String(self[start...])) }
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
