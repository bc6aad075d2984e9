extension ReportWriter {
    /// The report of a notebook that could not be parsed (malformed front matter, an unclosed
    /// fence, an unknown cell option): its text as written, then the error, so that
    /// `--report` always leaves a report behind.
    public static func unparsedReport(source: String, error: Error) -> Rendered {
        var markdown = source
        if !markdown.isEmpty && !markdown.hasSuffix("\n") { markdown += "\n" }
        // An unclosed fence would swallow the banner into its code block: close it first.
        if case .unclosedFence(_, let opening)? = error as? NotebookError { markdown += NotebookError.closing(for: opening) + "\n" }
        markdown += "\n---\n\n**This notebook could not be run:**\n\n```text\n\(error)\n```\n"
        return Rendered(markdown: markdown, files: [])
    }
}
