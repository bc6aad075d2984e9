import Foundation

/// Format specs inside interpolations, a subset of Python's mini-language:
/// `[[fill]align][width][,][.precision][type]` with align `<`, `>`, `^` and
/// type `f` (fixed), `e` (exponent), `g` (general), `%` (percent), `d` (integer).
enum FormatSpec {
    /// Widths and precisions past these are refused: `{x:99999999999999}` once tried to
    /// allocate 100 TB, and `{x:.99999999f}` printed 100 MB.
    static let maxWidth = 10_000
    static let maxPrecision = 100

    /// Terminal columns a text takes: character count until the host installs a display-width
    /// measure (Stdlib installs Render's, so Hangul takes two columns per syllable and pads
    /// line up in tables and `pad`).
    nonisolated(unsafe) static var textWidth: (String) -> Int = { $0.count }

    static func apply(_ spec: String, to value: Value) throws -> String {
        var chars = Array(spec)
        var fill: Character = " "
        var align: Character?
        if chars.count >= 2, "<>^".contains(chars[1]) {
            fill = chars[0]; align = chars[1]; chars.removeFirst(2)
        } else if let first = chars.first, "<>^".contains(first) {
            align = first; chars.removeFirst()
        }
        var widthText = ""
        while let c = chars.first, c.isASCII, c.isNumber { widthText.append(c); chars.removeFirst() }
        var grouping = false
        if chars.first == "," { grouping = true; chars.removeFirst() }
        var precision: Int?
        if chars.first == "." {
            chars.removeFirst()
            var digits = ""
            while let c = chars.first, c.isASCII, c.isNumber { digits.append(c); chars.removeFirst() }
            guard let p = Int(digits) else { throw RuntimeError("Expect digits after '.' in format spec '\(spec)'.") }
            guard p <= maxPrecision else {
                throw RuntimeError("Format precision \(digits) is too large; use at most \(maxPrecision) digits.")
            }
            precision = p
        }
        var type: Character?
        if let c = chars.first { type = c; chars.removeFirst() }
        guard chars.isEmpty else { throw RuntimeError("Unknown format spec '\(spec)'.") }

        var body: String
        if let type {
            guard case .number(let n) = value else {
                throw RuntimeError("Format '\(spec)' needs a number, got \(value.typeName).")
            }
            switch type {
            case "f": body = String(format: "%.\(precision ?? 6)f", n)
            case "e": body = String(format: "%.\(precision ?? 6)e", n)
            case "g": body = String(format: "%.\(precision ?? 6)g", n)
            case "%": body = String(format: "%.\(precision ?? 6)f%%", n * 100)
            case "d":
                guard n == n.rounded() else { throw RuntimeError("Format 'd' needs an integer, got \(Value.format(number: n)).") }
                body = Value.format(number: n)
            default: throw RuntimeError("Unknown format type '\(type)' in '\(spec)'.")
            }
        } else if let precision, case .number(let n) = value {
            body = String(format: "%.\(precision)g", n)
        } else {
            body = value.text
        }
        if grouping { body = group(body) }
        guard widthText.count <= 6, let width = widthText.isEmpty ? 0 : Int(widthText), width <= maxWidth else {
            throw RuntimeError("Format width \(widthText) is too large; use at most \(maxWidth) columns.")
        }
        let length = textWidth(body)
        guard width > length else { return body }
        let pad = width - length
        let isNumber: Bool = { if case .number = value { return true }; return false }()
        switch align ?? (isNumber ? ">" : "<") {
        case ">": return String(repeating: fill, count: pad) + body
        case "^": return String(repeating: fill, count: pad / 2) + body + String(repeating: fill, count: pad - pad / 2)
        default: return body + String(repeating: fill, count: pad)
        }
    }

    /// Inserts thousands separators into the integer part.
    static func group(_ text: String) -> String {
        var sign = ""
        var rest = Substring(text)
        if rest.first == "-" { sign = "-"; rest = rest.dropFirst() }
        let integer = rest.prefix(while: { $0.isNumber })
        let tail = rest.dropFirst(integer.count)
        var out = ""
        for (i, c) in integer.enumerated() {
            if i > 0 && (integer.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return sign + out + tail
    }
}
