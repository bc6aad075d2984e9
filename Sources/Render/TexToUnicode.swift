// A readable one-line Unicode approximation of a TeX formula, for terminals.
//
// This is not a TeX engine: it walks the source once, replacing control words by
// symbols (\alpha → α, \leq → ≤), scripts by Unicode sub/superscript characters
// when every character has one (x_i^2 → xᵢ²) and by _(...)/^(...) otherwise,
// fractions by a/b or (a)/(b), and accents by combining marks (\hat{w} → ŵ).
// Anything it does not know is shown as its source text, so nothing is lost.

/// Converts TeX math source to a readable Unicode approximation.
/// - Parameter tex: TeX math-mode source, without surrounding `$`.
/// - Returns: Unicode text; lines are separated by "\n" where the source had `\\`.
public func texToUnicode(_ tex: String) -> String {
    var converter = TexConverter(tex)
    return converter.convert()
}

/// TeX ignores spaces in math mode, but the author's spacing makes text output
/// readable, so source whitespace becomes a "soft" space: runs collapse to one and
/// it disappears next to explicit spacing (\quad) or inside scripts.
let softSpace: Character = "\u{E000}"

struct TexConverter {
    private let characters: [Character]
    private var index = 0
    /// Current group nesting; past `maxDepth` the rest is shown as source text, so a
    /// pathological formula cannot exhaust the stack.
    private var depth = 0
    private let maxDepth = 200

    init(_ tex: String) {
        characters = Array(tex)
    }

    mutating func convert() -> String {
        let raw = parseSequence(insideGroup: false)
        return finishSpaces(raw)
    }

    // MARK: - Sequences and arguments

    /// Parses items until an unmatched `}` (left unconsumed) or the end of input.
    private mutating func parseSequence(insideGroup: Bool) -> String {
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            let rest = String(characters[index...])
            index = characters.count
            return rest
        }
        var output = ""
        var afterOperatorName = false
        // A bare fraction followed by a factor ("\frac{\alpha}{r} B A") is bracketed
        // afterwards, (α/r) B A, so that it does not read as α/(r B A).
        var lastFraction: (text: String, start: Int)?
        var softSpacesAfterFraction = 0
        while index < characters.count {
            let character = characters[index]
            if character == "}" {
                if insideGroup {
                    return output
                }
                index += 1
                output.append("}")
                continue
            }
            var piece: String
            var isOperatorName = false
            var isFraction = false
            switch character {
            case " ", "\t", "\n", "\r", "\r\n":
                index += 1
                output.append(softSpace)
                afterOperatorName = false
                softSpacesAfterFraction += 1
                continue
            case "^", "_":
                index += 1
                let argument = parseArgument()
                piece = script(argument, superscript: character == "^")
            case "{":
                index += 1
                piece = parseSequence(insideGroup: true)
                if index < characters.count {
                    index += 1
                }
            case "\\":
                if peekCommandName() == "right" {
                    // \right's delimiter hugs the content: "( x \right)" → "(x)".
                    while output.last == softSpace {
                        output.removeLast()
                    }
                }
                isFraction = ["frac", "dfrac", "tfrac", "cfrac"].contains(peekCommandName())
                (piece, isOperatorName) = parseCommand()
            case "'":
                index += 1
                piece = "′"
            case "~":
                index += 1
                piece = " "
            case "&":
                index += 1
                piece = String(softSpace)
            default:
                index += 1
                piece = String(character)
            }
            let isScript = character == "^" || character == "_"
            if let fraction = lastFraction, !fraction.text.hasPrefix("("), let first = piece.first,
               first.isLetter || first.isNumber || first == "(" || first == "√" {
                // Cut at the scalar offset recorded before the fraction was appended.
                output = String(String.UnicodeScalarView(output.unicodeScalars.prefix(fraction.start)))
                    + "(" + fraction.text + ")" + String(repeating: softSpace, count: softSpacesAfterFraction)
            }
            if afterOperatorName, !isScript, let first = piece.first, first.isLetter || first.isNumber {
                output.append(" ")
            }
            let pieceStart = output.unicodeScalars.count
            output += piece
            afterOperatorName = isOperatorName || (afterOperatorName && isScript)
            lastFraction = isFraction ? (text: piece, start: pieceStart) : nil
            softSpacesAfterFraction = 0
        }
        return output
    }

    /// One argument: a `{group}`, a control sequence, or a single character.
    private mutating func parseArgument() -> String {
        skipWhitespace()
        guard index < characters.count else { return "" }
        let character = characters[index]
        switch character {
        case "{":
            index += 1
            let content = parseSequence(insideGroup: true)
            if index < characters.count {
                index += 1
            }
            return content
        case "\\":
            return parseCommand().text
        default:
            index += 1
            return character == "'" ? "′" : String(character)
        }
    }

    /// The raw source of a `{group}` (balanced braces), or of the next character.
    private mutating func rawArgument() -> String {
        skipWhitespace()
        guard index < characters.count else { return "" }
        guard characters[index] == "{" else {
            index += 1
            return String(characters[index - 1])
        }
        index += 1
        var depth = 1
        var text = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "{" {
                depth += 1
            } else if character == "}" {
                depth -= 1
                if depth == 0 {
                    break
                }
            }
            text.append(character)
        }
        return text
    }

    private mutating func skipWhitespace() {
        while index < characters.count, characters[index].isWhitespace {
            index += 1
        }
    }

    // MARK: - Commands

    /// The name of the control sequence starting at `index` (which is a backslash), if any.
    private func peekCommandName() -> String {
        var position = index + 1
        var name = ""
        while position < characters.count, characters[position].isLetter, characters[position].isASCII {
            name.append(characters[position])
            position += 1
        }
        if name.isEmpty, position < characters.count {
            name = String(characters[position])
        }
        return name
    }

    /// Parses a control sequence at `index` and returns its text and whether it is an
    /// upright operator name (log, max, ...), which wants a space before a following letter.
    private mutating func parseCommand() -> (text: String, isOperatorName: Bool) {
        let name = peekCommandName()
        index += 1 + name.count
        if name.isEmpty {
            return ("\\", false)
        }
        if let symbol = TexSymbols.symbols[name] {
            return (symbol, false)
        }
        if TexSymbols.operatorNames.contains(name) {
            return (name, true)
        }
        if TexSymbols.ignored.contains(name) {
            return ("", false)
        }
        if TexSymbols.styleWrappers.contains(name) {
            let isOperator = name == "operatorname"
            if isOperator, index < characters.count, characters[index] == "*" {
                index += 1
            }
            return (parseArgument(), isOperator)
        }
        if TexSymbols.textCommands.contains(name) {
            return (rawArgument(), false)
        }
        if let accent = TexSymbols.accents[name] {
            return (accented(parseArgument(), with: accent, name: name), false)
        }
        switch name {
        case "mathbb":
            return (String(parseArgument().flatMap { TexSymbols.blackboard[$0] ?? String($0) }), false)
        case "mathcal", "mathscr":
            return (String(parseArgument().flatMap { TexSymbols.calligraphic[$0] ?? String($0) }), false)
        case "frac", "dfrac", "tfrac", "cfrac":
            let numerator = parseArgument()
            let denominator = parseArgument()
            return (fraction(numerator, denominator), false)
        case "sqrt":
            return (squareRoot(), false)
        case "binom":
            let n = parseArgument()
            let k = parseArgument()
            return ("C(" + n + ", " + k + ")", false)
        case "left":
            let opening = delimiter()
            skipWhitespace()
            return (opening, false)
        case "right":
            return (delimiter(), false)
        case "begin", "end":
            // Environments (aligned, cases, matrix) keep only their content; rows break at \\.
            _ = rawArgument()
            return ("", false)
        default:
            return (unknownCommand(name), false)
        }
    }

    /// The delimiter after \left or \right ("." means none).
    private mutating func delimiter() -> String {
        skipWhitespace()
        guard index < characters.count else { return "" }
        let character = characters[index]
        if character == "\\" {
            return parseCommand().text
        }
        index += 1
        return character == "." ? "" : String(character)
    }

    /// An unknown control word is shown as its source, braces of its arguments included.
    private mutating func unknownCommand(_ name: String) -> String {
        var text = "\\" + name
        while index < characters.count, characters[index] == "{" {
            index += 1
            text += "{" + parseSequence(insideGroup: true) + "}"
            if index < characters.count {
                index += 1
            }
        }
        return text
    }

    private mutating func squareRoot() -> String {
        skipWhitespace()
        var degree = ""
        if index < characters.count, characters[index] == "[" {
            index += 1
            while index < characters.count, characters[index] != "]" {
                degree.append(characters[index])
                index += 1
            }
            index += 1
        }
        let radicand = parseArgument()
        return rootSign(degree: texToUnicode(degree)) + wrappedIfComplex(radicand, forRoot: true)
    }
}

