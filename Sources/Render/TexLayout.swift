// Layout helpers for the TeX → Unicode conversion: scripts, fractions, roots,
// accents and the final clean-up of spacing.

/// Characters that make an expression "compound", so it needs parentheses when
/// it becomes a numerator, a denominator or a radicand.
private let compoundMarkers: Set<Character> = [
    " ", softSpace, "+", "-", "−", "=", "±", "∓", "·", "×", "/", "÷", "<", ">", "≤", "≥", "≠",
    "≈", ",", "∈", "→", "⊙", "⊗", "|", "‖",
]

/// `argument` as a superscript or subscript: Unicode script characters when all exist,
/// otherwise `^x`/`_x` for a single character and `^(...)`/`_(...)` for more.
func script(_ argument: String, superscript: Bool) -> String {
    let text = removingSoftSpaces(argument)
    let table = superscript ? TexSymbols.superscripts : TexSymbols.subscripts
    var mapped = ""
    var complete = !text.isEmpty
    for character in text {
        guard let scripted = table[character] else {
            complete = false
            break
        }
        mapped.append(scripted)
    }
    if complete {
        return mapped
    }
    let marker = superscript ? "^" : "_"
    return text.count <= 1 ? marker + text : marker + "(" + text + ")"
}

/// `a/b`, with parentheses around a side that is compound: (w - z)/s.
func fraction(_ numerator: String, _ denominator: String) -> String {
    wrappedIfComplex(numerator, forRoot: false) + "/" + wrappedIfComplex(denominator, forRoot: false)
}

/// `text` in parentheses when it is compound (for a root: unless it is one character or a number).
func wrappedIfComplex(_ text: String, forRoot: Bool) -> String {
    let trimmed = trimmingSoftSpaces(text)
    if forRoot {
        // One symbol with its scripts (d_k → √dₖ), or a plain number (√12).
        let scripts = Set(TexSymbols.subscripts.values).union(TexSymbols.superscripts.values)
        let simple = (trimmed.count >= 1 && trimmed.dropFirst().allSatisfy { scripts.contains($0) })
            || (!trimmed.isEmpty && trimmed.allSatisfy { $0.isNumber })
        return simple ? trimmed : "(" + trimmed + ")"
    }
    let alreadyGrouped = trimmed.first == "(" && trimmed.last == ")" && isBalancedGroup(trimmed)
    if alreadyGrouped || !trimmed.contains(where: { compoundMarkers.contains($0) }) {
        return trimmed
    }
    return "(" + trimmed + ")"
}

/// Whether the opening parenthesis of `text` closes only at its very end: "(a+b)" yes, "(a)+(b)" no.
private func isBalancedGroup(_ text: String) -> Bool {
    var depth = 0
    for (offset, character) in text.enumerated() {
        if character == "(" {
            depth += 1
        } else if character == ")" {
            depth -= 1
            if depth == 0 && offset != text.count - 1 {
                return false
            }
        }
    }
    return depth == 0
}

/// √, ∛, ∜, or a superscript degree before √.
func rootSign(degree: String) -> String {
    switch degree {
    case "":
        return "√"
    case "3":
        return "∛"
    case "4":
        return "∜"
    default:
        return script(degree, superscript: true) + "√"
    }
}

/// Puts a combining accent on `argument`: on its only character, on every character
/// for bars (an overline spans the whole argument), or after a parenthesised group.
func accented(_ argument: String, with accent: Character, name: String) -> String {
    let text = trimmingSoftSpaces(argument)
    if text.count <= 1 {
        return text + String(accent)
    }
    if name == "bar" || name == "overline" {
        return text.map { String($0) + String(accent) }.joined()
    }
    return "(" + text + ")" + String(accent)
}

func removingSoftSpaces(_ text: String) -> String {
    String(text.filter { $0 != softSpace })
}

func trimmingSoftSpaces(_ text: String) -> String {
    var slice = Substring(text)
    while slice.first == softSpace {
        slice = slice.dropFirst()
    }
    while slice.last == softSpace {
        slice = slice.dropLast()
    }
    return String(slice)
}

/// Turns soft spaces into single real spaces: runs collapse, and they vanish next to
/// explicit spacing and at the ends of lines.
func finishSpaces(_ raw: String) -> String {
    let lines = raw.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        var result = ""
        var pendingSoft = false
        for character in line {
            if character == softSpace {
                pendingSoft = true
                continue
            }
            if pendingSoft && !result.isEmpty && character != " " && result.last != " " {
                result.append(" ")
            }
            pendingSoft = false
            result.append(character)
        }
        return result
    }
    return lines.joined(separator: "\n")
}
