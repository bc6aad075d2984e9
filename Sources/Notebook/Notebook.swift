/// A parsed Markdown notebook: front matter, then prose and code cells in file order.
///
/// A notebook is a GFM Markdown file. Fences whose info string starts with `whittle`
/// are code cells; everything else (prose, other fences such as `mermaid` or `python`)
/// is kept as raw text, byte for byte, so a report or a student copy changes only what
/// it must:
///
/// ```swift
/// let notebook = try Notebook(parsing: text, file: "notebooks/02-quantization.md")
/// for case .cell(let cell) in notebook.segments { print(cell.firstSourceLine, cell.source) }
/// assert(notebook.text == text)   // the model round-trips exactly
/// ```
///
/// The module's conventions, in one place:
/// - Cells: top-level fences whose info string's first word is `whittle`; a fence inside
///   a list item or block quote is prose. Leading `#| key: value` lines are options.
/// - Running (`NotebookRunner`): one session, top to bottom; stop at the first failing
///   cell (later cells are "not run") unless `continueOnError`. Exit status 0 when every
///   cell behaved as written, 1 when one failed; failed checks give 1 only when `strict`.
/// - Reports (`ReportWriter`): `DIR/NAME.md` is reported to `DIR/reports/NAME.md`, its
///   SVG plots to `DIR/reports/NAME-1.svg`, …; written atomically; byte-identical for
///   identical results.
/// - Check mode (`ReportCheck`): re-render, diff against the committed report (unified
///   diff, 3 lines of context), status 1 when stale; update mode rewrites it.
/// - Student copies (`studentCopy()`) and grading (`gradingPlan(submission:key:)`)
///   follow nbgrader's `### BEGIN SOLUTION` / `### BEGIN HIDDEN TESTS` markers.
public struct Notebook: Equatable {
    /// The path the notebook was read from (used in every message).
    public var file: String
    /// The YAML front matter, or an empty one when the file has none.
    public var frontMatter: FrontMatter
    /// Prose and cells, in order; concatenating their raw text gives the body back.
    public var segments: [Segment]
    /// Things that parse but are probably not what the author meant ("FILE:LINE: warning: …"),
    /// such as a ```{whittle} fence, which is prose here, not a cell.
    public var warnings: [String] = []

    /// One piece of the body: raw Markdown or a code cell.
    public enum Segment: Equatable {
        /// Prose and non-`whittle` fences, exactly as in the file (line terminators included).
        case markdown(String)
        /// A ```whittle fence.
        case cell(Cell)
    }

    /// Creates a notebook from parts (the parser is `init(parsing:file:)`).
    public init(file: String, frontMatter: FrontMatter, segments: [Segment]) {
        self.file = file
        self.frontMatter = frontMatter
        self.segments = segments
    }

    /// The code cells, in order.
    public var cells: [Cell] {
        segments.compactMap { segment in
            switch segment {
            case .cell(let cell): return cell
            case .markdown: return nil
            }
        }
    }

    /// The file's text, rebuilt from the raw pieces (identical to what was parsed).
    public var text: String {
        var result = frontMatter.raw
        for segment in segments {
            switch segment {
            case .markdown(let raw): result += raw
            case .cell(let cell): result += cell.raw
            }
        }
        return result
    }
}
