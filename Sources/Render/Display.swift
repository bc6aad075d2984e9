// The contract every display value fulfils; the host picks the rendering.

/// A value that can be shown in a terminal, in a Markdown report, and optionally as SVG.
public protocol Display {
    /// Unicode text for a terminal.
    /// - Parameters:
    ///   - width: The number of columns available; renderers stay within it where they can.
    ///   - color: Whether ANSI colour escapes may be used.
    /// - Returns: The text, lines separated by "\n", without a trailing newline.
    func terminal(width: Int, color: Bool) -> String

    /// GitHub-flavoured Markdown for a report (never contains ANSI escapes).
    func markdown() -> String

    /// A standalone SVG document, or nil when the value has no graphical form.
    func svg() -> String?
}
