import Foundation

extension ReportWriter {
    /// Where the committed report of a notebook lives: `DIR/reports/NAME.md` for
    /// `DIR/NAME.md` (its SVGs go beside it as `NAME-1.svg`, …). Keeping reports in their
    /// own folder means `notebooks/*.md` lists only notebooks.
    public static func reportPath(forNotebook path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        let folder = (path as NSString).deletingLastPathComponent
        let reports = folder.isEmpty ? "reports" : (folder as NSString).appendingPathComponent("reports")
        return (reports as NSString).appendingPathComponent("\(name).md")
    }

    /// The SVG base name for a report path: the report's file name without `.md`.
    public static func svgBaseName(forReport path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    }

    /// Writes a rendered report to `path` and its SVG files beside it, each atomically.
    /// - Throws: `NotebookError.io` when a file cannot be written.
    public static func write(_ rendered: Rendered, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        for file in rendered.files {
            try AtomicFile.write(file.contents, to: (folder as NSString).appendingPathComponent(file.name))
        }
        try AtomicFile.write(rendered.markdown, to: path)
    }
}
