// Small formatting helpers shared by the report writer and the terminal renderer.
import Foundation

enum Formatting {
    /// Points as people write them: `2`, `0.5`, `1.25` (one canonical form, for stable reports).
    static func points(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// `earned/max`, e.g. `3/5`.
    static func score(_ points: Double, _ maxPoints: Double) -> String {
        "\(Self.points(points))/\(Self.points(maxPoints))"
    }

    /// A code fence long enough that no run of backticks in `content` can close it.
    static func fence(for content: String) -> String {
        var longest = 0
        var run = 0
        for character in content {
            if character == "`" { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    /// `content` in a fenced block with the given info string; always ends with "\n".
    static func fenced(_ content: String, info: String) -> String {
        let fence = fence(for: content)
        var body = content
        if !body.isEmpty && !body.hasSuffix("\n") { body += "\n" }
        return "\(fence)\(info)\n\(body)\(fence)\n"
    }

    /// The text with trailing newlines removed, then exactly one added.
    static func oneTrailingNewline(_ text: String) -> String {
        var result = text
        while result.hasSuffix("\n") || result.hasSuffix("\r\n") { result.removeLast() }
        return result + "\n"
    }

    /// A table cell: pipes escaped and newlines flattened, so the row stays one row.
    static func tableCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
