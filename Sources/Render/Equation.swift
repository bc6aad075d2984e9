// A typeset formula: TeX in reports, a Unicode approximation in a terminal.

/// A mathematical formula given as TeX math-mode source.
public struct Equation: Display, Equatable, Sendable {
    /// The TeX source, without surrounding `$`.
    public var tex: String

    /// Creates an equation from TeX source.
    /// - Parameter tex: Math-mode TeX, e.g. `\hat{w} = s \cdot (q - z)`.
    public init(tex: String) {
        self.tex = tex
    }

    /// Why the source is not well-formed TeX, or nil: a `{` never closed or a `}` never opened
    /// (escaped `\{` and `\}` are characters, not groups). Such TeX renders wrongly in the
    /// terminal (`\frac{1}{` as "1/") and fails in MathJax and LaTeX, so it is refused early.
    public var braceProblem: String? {
        var open: [Int] = []
        var escaped = false
        for (offset, c) in tex.enumerated() {
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "{": open.append(offset)
            case "}":
                guard open.popLast() != nil else { return "the \"}\" at character \(offset + 1) closes no group" }
            default: break
            }
        }
        if let first = open.first {
            return "the \"{\" at character \(first + 1) is never closed" + (open.count > 1 ? " (\(open.count) groups are open)" : "")
        }
        return nil
    }

    /// The Unicode approximation (`texToUnicode`); `width` and `color` are not used
    /// because a formula is short and has no natural colouring.
    public func terminal(width: Int, color: Bool) -> String {
        texToUnicode(tex)
    }

    /// A GFM display-math block: `$$`, the source, `$$`, each on its own line.
    public func markdown() -> String {
        "$$\n" + tex.trimmingCharacters(in: [" ", "\n", "\t"]) + "\n$$"
    }

    /// Formulas are left to the Markdown renderer's math support.
    public func svg() -> String? {
        nil
    }
}

extension String {
    /// The string without leading and trailing characters from `set` (no Foundation needed).
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) {
            slice = slice.dropFirst()
        }
        while let last = slice.last, set.contains(last) {
            slice = slice.dropLast()
        }
        return String(slice)
    }
}
