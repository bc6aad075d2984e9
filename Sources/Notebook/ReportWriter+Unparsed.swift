extension ReportWriter {
    /// The report of a notebook that could not be parsed (malformed front matter, an unclosed
    /// fence, an unknown cell option): its text as written, then the error, so that
    /// `--report` always leaves a report behind.
    public static func unparsedReport(source: String, error: String) -> Rendered {
        var markdown = source
        if !markdown.isEmpty && !markdown.hasSuffix("\n") { markdown += "\n" }
        markdown += "\n---\n\n**This notebook could not be run:**\n\n```text\n\(error)\n```\n"
        return Rendered(markdown: markdown, files: [])
    }
}
