/// nbgrader's markers, which course authors already know.
enum GradingMarker: String, CaseIterable {
    case beginSolution = "### BEGIN SOLUTION"
    case endSolution = "### END SOLUTION"
    case beginHiddenTests = "### BEGIN HIDDEN TESTS"
    case endHiddenTests = "### END HIDDEN TESTS"

    /// The marker a line is, if any (surrounding spaces allowed, nothing else).
    init?(line: String) {
        self.init(rawValue: line.trimmingLineTerminator().trimmedSpaces)
    }
}

extension Notebook {
    /// The line that replaces a solution in a student copy (`todo` is a builtin that fails
    /// with a clear message, so an unfinished exercise stops at the right place).
    public static let solutionPlaceholder = "todo(\"write your solution here\")"

    /// The student copy of an instructor's notebook (`whittle assign`).
    ///
    /// In every ```whittle cell, the lines from `### BEGIN SOLUTION` to `### END SOLUTION`
    /// become one `todo("write your solution here")` line indented like the BEGIN marker,
    /// and `### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS` is removed with its markers.
    /// Every other byte (front matter, prose, other fences, the rest of each cell) is kept.
    /// All cells are processed, not only `exercise` cells, so a solution can never leak
    /// because an option was forgotten.
    /// - Returns: the student notebook's text.
    /// - Throws: `NotebookError.unbalancedMarker` with the line of the offending marker.
    public func studentCopy() throws -> String {
        var result = frontMatter.raw
        for segment in segments {
            switch segment {
            case .markdown(let raw): result += raw
            case .cell(let cell): result += try Self.studentCell(cell, file: file)
            }
        }
        return result
    }

    private static func studentCell(_ cell: Cell, file: String) throws -> String {
        let lines = cell.raw.splitLinesKeepingTerminators()
        var output = ""
        // The open region: which marker opened it and on which file line.
        var open: (marker: GradingMarker, line: Int)?
        for (offset, line) in lines.enumerated() {
            let lineNumber = cell.fenceLine + offset
            let isFence = offset == 0 || offset == lines.count - 1
            guard !isFence, let marker = GradingMarker(line: line) else {
                if isFence, let open {
                    throw NotebookError.unbalancedMarker(SourceLocation(file: file, line: open.line),
                        "'\(open.marker.rawValue)' has no matching end in this cell; add '\(open.marker.closing.rawValue)'")
                }
                if open == nil { output += line }
                continue
            }
            let location = SourceLocation(file: file, line: lineNumber)
            switch marker {
            case .beginSolution, .beginHiddenTests:
                if let open {
                    throw NotebookError.unbalancedMarker(location,
                        "'\(marker.rawValue)' inside the region opened at line \(open.line); close it with '\(open.marker.closing.rawValue)' first")
                }
                open = (marker, lineNumber)
                if marker == .beginSolution {
                    output += line.leadingWhitespace + solutionPlaceholder + line.lineTerminator
                }
            case .endSolution, .endHiddenTests:
                guard let current = open, current.marker.closing == marker else {
                    throw NotebookError.unbalancedMarker(location,
                        "'\(marker.rawValue)' without a matching '\(marker.opening.rawValue)'")
                }
                open = nil
            }
        }
        return output
    }
}

private extension GradingMarker {
    var closing: GradingMarker {
        switch self {
        case .beginSolution, .endSolution: return .endSolution
        case .beginHiddenTests, .endHiddenTests: return .endHiddenTests
        }
    }

    var opening: GradingMarker {
        switch self {
        case .beginSolution, .endSolution: return .beginSolution
        case .beginHiddenTests, .endHiddenTests: return .beginHiddenTests
        }
    }
}
