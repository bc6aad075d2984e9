/// A place in a notebook file, for messages in the `file:line:col` form.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    /// The notebook's path as given by the caller.
    public var file: String
    /// 1-based line in the `.md` file.
    public var line: Int
    /// 1-based column, or nil when the message is about a whole line.
    public var column: Int?

    /// Creates a location.
    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }
}

/// Every error the Notebook module throws: parse errors, student-copy marker errors, I/O.
public enum NotebookError: Error, Equatable, CustomStringConvertible {
    /// The YAML front matter does not parse.
    case frontMatter(SourceLocation, String)
    /// A ```whittle fence has no closing fence.
    case unclosedFence(SourceLocation, opening: String)
    /// A `#| key: value` line is wrong (unknown key, bad value, duplicate).
    case cellOption(SourceLocation, String)
    /// Two cells share an `id` or an `exercise` name.
    case duplicateID(SourceLocation, String)
    /// `### BEGIN/END SOLUTION` or `### BEGIN/END HIDDEN TESTS` markers do not pair up.
    case unbalancedMarker(SourceLocation, String)
    /// Reading or writing a file failed.
    case io(path: String, String)

    /// The location the error points at, when it has one.
    public var location: SourceLocation? {
        switch self {
        case .frontMatter(let location, _), .unclosedFence(let location, _), .cellOption(let location, _),
             .duplicateID(let location, _), .unbalancedMarker(let location, _):
            return location
        case .io:
            return nil
        }
    }

    /// The line that closes the fence `opening` (the same character, at least as many).
    static func closing(for opening: String) -> String {
        let trimmed = opening.drop(while: { $0 == " " })
        guard let marker = trimmed.first else { return "```" }
        return String(trimmed.prefix(while: { $0 == marker }))
    }

    /// `file:line:col: error: message`, the form compilers use.
    public var description: String {
        switch self {
        case .frontMatter(let location, let message):
            return "\(location): error: invalid front matter: \(message)"
        case .unclosedFence(let location, let opening):
            // The opening line with a caret under the fence, as the language's own errors show code.
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let caret = String(repeating: " ", count: max((location.column ?? 1) - 1, 0)) + "^"
            return "\(location): error: this ```whittle fence is never closed; add a closing \(NotebookError.closing(for: opening)) line\n"
                + "\(number) | \(opening)\n\(gutter) | \(caret)"
        case .cellOption(let location, let message),
             .duplicateID(let location, let message),
             .unbalancedMarker(let location, let message):
            return "\(location): error: \(message)"
        case .io(let path, let message):
            return "\(path): error: \(message)"
        }
    }
}
