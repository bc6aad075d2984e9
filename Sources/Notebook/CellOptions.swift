/// A cell's `#| key: value` options (Quarto's convention), typed.
///
/// ```whittle
/// #| id: int8-error
/// #| echo: false
/// #| error: "shape mismatch"
/// ```
public struct CellOptions: Equatable {
    /// `echo`: show the code in the report (default true).
    public var echo = true
    /// `eval`: run the cell (default true).
    public var eval = true
    /// `output`: how outputs appear in the report.
    public var output = OutputMode.show
    /// `error`: the cell is expected to fail (nil: it must not).
    public var expectedError: ExpectedError?
    /// `timeout`: seconds for this cell (overrides the front matter's).
    public var timeout: Double?
    /// `id`: a stable name for the cell.
    public var id: String?
    /// `exercise`: the exercise this cell answers (graded with the key's checks).
    public var exercise: String?
    /// `points`: points the exercise is worth (informational; checks carry their own).
    public var points: Double?
    /// `hidden`: run the cell but leave its code and outputs out of the report.
    public var hidden = false
    /// The option lines in order, as written (key, value, 1-based file line).
    public var entries: [Entry] = []

    /// One option line.
    public struct Entry: Equatable {
        /// The key, as written.
        public var key: String
        /// The value, unquoted.
        public var value: String
        /// 1-based file line of the option.
        public var line: Int
    }

    /// How a cell's outputs appear in the report.
    public enum OutputMode: Equatable {
        /// Text in a fence, displays inline (default).
        case show
        /// No outputs (`output: false`); errors and checks still show.
        case hide
        /// Text output is raw Markdown, not fenced (`output: asis`).
        case asis
    }

    /// What an `error:` option expects.
    public enum ExpectedError: Equatable {
        /// `error: true`: any error.
        case any
        /// `error: "text"`: an error whose message contains the text.
        case containing(String)

        /// Whether an error message satisfies the expectation.
        public func matches(_ message: String) -> Bool {
            switch self {
            case .any: return true
            case .containing(let text): return message.contains(text)
            }
        }
    }

    /// Options with every default.
    public init() {}

    /// The keys a cell may use.
    public static let knownKeys = ["echo", "eval", "output", "error", "timeout", "id", "exercise", "points", "hidden"]
}

extension CellOptions {
    /// Reads the leading `#|` lines of a cell.
    ///
    /// - Parameters:
    ///   - lines: the cell's code lines (terminators included).
    ///   - firstLine: 1-based file line of `lines[0]`.
    ///   - rawLines: the same lines as they are in the file (with any fence indentation),
    ///     used only to point the column at the key.
    /// - Returns: the options and how many lines they take.
    /// - Throws: `NotebookError.cellOption` for unknown keys, bad values and duplicates.
    static func parse(lines: [String], firstLine: Int, rawLines: [String], file: String) throws -> (CellOptions, count: Int) {
        var options = CellOptions()
        var count = 0
        for line in lines {
            let text = line.trimmingLineTerminator()
            let trimmed = text.trimmedSpaces
            guard trimmed.hasPrefix("#|") else { break }
            let lineNumber = firstLine + count
            let raw = count < rawLines.count ? rawLines[count].trimmingLineTerminator() : text
            let body = String(trimmed.dropFirst(2))
            let keyColumn = column(ofKeyIn: raw)
            let location = SourceLocation(file: file, line: lineNumber, column: keyColumn)
            guard let colon = body.firstIndex(of: ":") else {
                throw NotebookError.cellOption(location, "write cell options as '#| key: value'")
            }
            let key = String(body[..<colon]).trimmedSpaces
            let value = unquote(String(body[body.index(after: colon)...]).trimmedSpaces)
            if options.entries.contains(where: { $0.key == key }) {
                throw NotebookError.cellOption(location, "duplicate cell option '\(key)'; keep one")
            }
            try options.set(key: key, value: value, at: location)
            options.entries.append(Entry(key: key, value: value, line: lineNumber))
            count += 1
        }
        return (options, count)
    }

    private mutating func set(key: String, value: String, at location: SourceLocation) throws {
        func bool() throws -> Bool {
            switch value {
            case "true": return true
            case "false": return false
            default: throw NotebookError.cellOption(location, "cell option '\(key)' takes true or false, not '\(value)'")
            }
        }
        func number() throws -> Double {
            guard let number = Double(value), number.isFinite, number >= 0 else {
                throw NotebookError.cellOption(location, "cell option '\(key)' takes a non-negative number, not '\(value)'")
            }
            return number
        }
        func name() throws -> String {
            guard !value.isEmpty else {
                throw NotebookError.cellOption(location, "cell option '\(key)' needs a value")
            }
            return value
        }
        switch key {
        case "echo": echo = try bool()
        case "eval": eval = try bool()
        case "hidden": hidden = try bool()
        case "output":
            switch value {
            case "true": output = .show
            case "false": output = .hide
            case "asis": output = .asis
            default: throw NotebookError.cellOption(location, "cell option 'output' takes true, false or asis, not '\(value)'")
            }
        case "error":
            switch value {
            case "true": expectedError = .any
            case "false": expectedError = nil
            case "": throw NotebookError.cellOption(location, "cell option 'error' takes true or a message to expect")
            default: expectedError = .containing(value)
            }
        case "timeout":
            let seconds = try number()
            guard seconds > 0 else {
                throw NotebookError.cellOption(location, "cell option 'timeout' must be more than 0 seconds")
            }
            timeout = seconds
        case "points": points = try number()
        case "id": id = try name()
        case "exercise": exercise = try name()
        default:
            var message = "unknown cell option '\(key)'"
            if let suggestion = Self.suggestion(for: key) { message += " (did you mean '\(suggestion)'?)" }
            else { message += "; known options: " + Self.knownKeys.joined(separator: ", ") }
            throw NotebookError.cellOption(location, message)
        }
    }

    /// 1-based column of the key: the first non-space after `#|`.
    private static func column(ofKeyIn raw: String) -> Int {
        let characters = Array(raw)
        var index = 0
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        index += 2  // "#|"
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
        return index + 1
    }

    /// Strips one pair of matching quotes, as YAML would.
    private static func unquote(_ value: String) -> String {
        guard value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first else {
            return value
        }
        return String(value.dropFirst().dropLast())
    }

    /// The known key nearest to a misspelling, if it is within two edits.
    static func suggestion(for key: String) -> String? {
        let scored = knownKeys.map { ($0, editDistance($0, key)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    /// Levenshtein distance (insert, delete, substitute all cost 1).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
