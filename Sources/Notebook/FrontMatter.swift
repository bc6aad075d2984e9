import Yams

/// A notebook's YAML front matter (`---` … `---` at the top of the file).
///
/// The known keys are read into typed fields; the whole mapping stays in `node`, and the
/// original text in `raw`, so nothing a course author writes is lost.
public struct FrontMatter: Equatable {
    /// The front matter's text, both `---` lines and their terminators included ("" if none).
    public var raw: String
    /// Number of lines `raw` spans (the body starts on line `lineCount + 1`).
    public var lineCount: Int
    /// The parsed YAML mapping, or nil when there is no front matter.
    public var node: Yams.Node?

    /// An empty front matter.
    public init() {
        raw = ""
        lineCount = 0
        node = nil
    }

    /// Creates front matter from its raw text and parsed node.
    public init(raw: String, lineCount: Int, node: Yams.Node?) {
        self.raw = raw
        self.lineCount = lineCount
        self.node = node
    }

    /// `title:`, the notebook's title.
    public var title: String? { node?["title"]?.string }
    /// `seed:`, the seed the session starts from (a non-negative integer).
    public var seed: UInt64? {
        guard let int = FrontMatter.integer(node?["seed"]), int >= 0 else { return nil }
        return UInt64(int)
    }
    /// `timeout:`, the default per-cell time limit in seconds.
    public var timeout: Double? { FrontMatter.number(node?["timeout"]) }

    /// A plain decimal integer scalar ("7", "+7", "-3"), or nil. Yams' own `.int` resolves YAML
    /// 1.1 forms too — sexagesimal "1:30" is 90 — and traps on overflow in them (found by fuzzing:
    /// `seed: 777777:7777777777777`), so the text is read here instead.
    static func integer(_ node: Node?) -> Int? {
        guard let text = node?.scalar?.string.trimmingCharacters(in: .whitespaces) else { return nil }
        return Int(text)
    }

    /// A decimal number scalar ("2", "0.5", "1e3"), or nil (see `integer` for why not Yams' `.float`).
    static func number(_ node: Node?) -> Double? {
        guard let text = node?.scalar?.string.trimmingCharacters(in: .whitespaces),
              text.allSatisfy({ $0.isNumber || "+-.eE".contains($0) }) else { return nil }
        return Double(text)
    }
    /// Any key, as a string (for keys the module does not know).
    public func string(_ key: String) -> String? { node?[key]?.string }
}

extension FrontMatter {
    /// Splits front matter off `text` and parses it.
    ///
    /// Front matter exists only when the first line is exactly `---`; it ends at the next
    /// line that is `---` or `...`. No closing line means the file has no front matter
    /// (the `---` is then ordinary Markdown: a thematic break).
    /// - Returns: the front matter and the remaining body text.
    /// - Throws: `NotebookError.frontMatter` with the file line of the YAML problem.
    static func split(_ text: String, file: String) throws -> (FrontMatter, body: String) {
        let lines = text.splitLinesKeepingTerminators()
        guard let first = lines.first, first.trimmingLineTerminator() == "---" else {
            return (FrontMatter(), text)
        }
        guard let closing = lines.indices.dropFirst().first(where: {
            let line = lines[$0].trimmingLineTerminator()
            return line == "---" || line == "..."
        }) else {
            return (FrontMatter(), text)
        }
        let raw = lines[0...closing].joined()
        let yaml = lines[1..<closing].joined()
        let body = lines[(closing + 1)...].joined()
        let node: Yams.Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw NotebookError.frontMatter(yamlLocation(error, file: file), yamlMessage(error))
        } catch {
            throw NotebookError.frontMatter(SourceLocation(file: file, line: 1), "\(error)")
        }
        if let node, node.mapping == nil {
            throw NotebookError.frontMatter(SourceLocation(file: file, line: 2),
                                            "write front matter as 'key: value' lines")
        }
        let frontMatter = FrontMatter(raw: raw, lineCount: closing + 1, node: node)
        try frontMatter.validate(file: file)
        return (frontMatter, body)
    }

    /// Yams marks are 1-based lines of the YAML text, which starts on file line 2.
    private static func yamlLocation(_ error: YamlError, file: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: file, line: mark.line + 1, column: mark.column)
        default:
            return SourceLocation(file: file, line: 1)
        }
    }

    private static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            if let context { return "\(problem) (\(context.text))" }
            return problem
        default:
            return "\(error)"
        }
    }
}
