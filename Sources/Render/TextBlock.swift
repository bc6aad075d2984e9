// Plain preformatted output (a printed value, a log) as a display value.

/// Preformatted text shown as-is: verbatim in a terminal, in a ```text fence in Markdown.
public struct TextBlock: Display, Equatable, Sendable {
    /// The text, shown verbatim.
    public var text: String

    /// Creates a block of preformatted text.
    /// - Parameter text: The text to show.
    public init(_ text: String) {
        self.text = text
    }

    /// The text verbatim; no wrapping or colour.
    public func terminal(width: Int, color: Bool) -> String {
        text
    }

    /// The text in a ```text fence (longer if the text contains backtick runs).
    public func markdown() -> String {
        fencedText(text)
    }

    /// Plain text has no graphical form.
    public func svg() -> String? {
        nil
    }
}

/// Wraps `body` in a ```text fence, lengthening the fence if `body` itself contains backticks.
func fencedText(_ body: String) -> String {
    var longestRun = 0
    var run = 0
    for character in body {
        if character == "`" {
            run += 1
            longestRun = max(longestRun, run)
        } else {
            run = 0
        }
    }
    let fence = String(repeating: "`", count: max(3, longestRun + 1))
    return fence + "text\n" + body + "\n" + fence
}
