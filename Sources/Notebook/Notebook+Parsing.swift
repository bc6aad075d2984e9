import Foundation

extension Notebook {
    /// Parses a notebook's text.
    ///
    /// - Parameters:
    ///   - text: the whole `.md` file.
    ///   - file: the path to name in messages.
    /// - Throws: `NotebookError` for bad front matter, an unclosed ```whittle fence, a bad
    ///   cell option, or two cells with the same `id`/`exercise`.
    public init(parsing text: String, file: String) throws {
        let (frontMatter, body) = try FrontMatter.split(text, file: file)
        let offset = frontMatter.lineCount
        let lines = body.splitLinesKeepingTerminators()
        var segments: [Segment] = []
        var nextLine = 0  // 0-based index into `lines` of the first line not yet emitted
        var cellIndex = 0

        let fences = MarkdownFences.find(in: body)  // one cmark parse for the cells and the warnings
        for fence in fences where Self.isCell(info: fence.info) {
            let start = fence.startLine - 1
            var end = fence.endLine - 1
            // cmark counts a final line terminator as opening one more, empty line.
            end = min(end, lines.count - 1)
            guard start >= nextLine, start <= end else { continue }
            guard end > start, Self.isClosingFence(lines[end], like: fence) else {
                let opening = lines[start].trimmingCharacters(in: .newlines)
                let column = opening.prefix(while: { $0 == " " }).count + 1
                throw NotebookError.unclosedFence(SourceLocation(file: file, line: offset + fence.startLine, column: column),
                                                  opening: opening)
            }
            if start > nextLine { segments.append(.markdown(lines[nextLine..<start].joined())) }
            let cell = try Self.makeCell(index: cellIndex, fence: fence, rawLines: Array(lines[start...end]),
                                         fenceLine: offset + fence.startLine, file: file)
            segments.append(.cell(cell))
            cellIndex += 1
            nextLine = end + 1
        }
        if nextLine < lines.count { segments.append(.markdown(lines[nextLine...].joined())) }
        self.init(file: file, frontMatter: frontMatter, segments: segments)
        for fence in fences where !Self.isCell(info: fence.info) && Self.looksLikeCell(info: fence.info) {
            warnings.append("\(file):\(offset + fence.startLine): warning: a fence with info '\(fence.info.trimmedSpaces)' is shown as text, "
                + "not run; a Whittle cell opens with ```whittle")
        }
        try checkUniqueNames()
    }

    /// Reads and parses a notebook file (UTF-8).
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError.io(path: path, "cannot read the file; check the path")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw NotebookError.io(path: path, "the file is not UTF-8 text; save it as UTF-8")
        }
        try self.init(parsing: text, file: path)
    }

    /// An info string that names Whittle in another notation (Quarto's `{whittle}`, `.whittle`,
    /// another case): probably meant as a cell.
    static func looksLikeCell(info: String) -> Bool {
        let word = info.trimmedSpaces.lowercased().filter { !"{}.=".contains($0) }.prefix(while: { $0 != " " })
        return word == "whittle"
    }

    /// Whether a fence's info string makes it a code cell: its first word is `whittle`.
    static func isCell(info: String) -> Bool {
        let word = info.trimmedSpaces.prefix(while: { $0 != " " && $0 != "\t" && $0 != "{" })
        return word == "whittle"
    }

    /// A closing fence: up to 3 spaces, at least as many fence characters, then only spaces.
    private static func isClosingFence(_ line: String, like fence: MarkdownFence) -> Bool {
        let text = line.trimmingLineTerminator()
        let indent = text.prefix(while: { $0 == " " })
        guard indent.count <= 3 else { return false }
        let rest = text.dropFirst(indent.count)
        let run = rest.prefix(while: { $0 == fence.fenceCharacter })
        return run.count >= fence.fenceLength && rest.dropFirst(run.count).trimmedSpaces.isEmpty
    }

    private static func makeCell(index: Int, fence: MarkdownFence, rawLines: [String],
                                 fenceLine: Int, file: String) throws -> Cell {
        let codeLines = fence.literal.splitLinesKeepingTerminators()
        let rawCode = Array(rawLines.dropFirst().dropLast())
        let (options, optionCount) = try CellOptions.parse(lines: codeLines, firstLine: fenceLine + 1,
                                                            rawLines: rawCode, file: file)
        let source = codeLines.dropFirst(optionCount).joined()
        return Cell(index: index, id: options.id ?? "cell-\(index + 1)", options: options, source: source,
                    firstSourceLine: fenceLine + 1 + optionCount, fenceLine: fenceLine,
                    closingFenceLine: fenceLine + rawLines.count - 1,
                    info: fence.info, raw: rawLines.joined())
    }

    private func checkUniqueNames() throws {
        var ids: [String: Int] = [:]
        var exercises: [String: Int] = [:]
        for cell in cells {
            let location = SourceLocation(file: file, line: cell.fenceLine)
            if let first = ids[cell.id] {
                throw NotebookError.duplicateID(location, "cell id '\(cell.id)' is already used by the cell at line \(first); rename one")
            }
            ids[cell.id] = cell.fenceLine
            if let exercise = cell.options.exercise {
                if let first = exercises[exercise] {
                    throw NotebookError.duplicateID(location, "exercise '\(exercise)' is already answered by the cell at line \(first); rename one")
                }
                exercises[exercise] = cell.fenceLine
            }
        }
    }
}
