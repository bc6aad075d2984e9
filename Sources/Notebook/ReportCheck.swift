/// Check mode: does a committed report match a fresh run? (like ocaml-mdx or doctest)
public enum ReportCheck {
    /// The outcome of comparing a fresh rendering with the files on disk.
    public struct Outcome: Equatable {
        /// The report's path.
        public var path: String
        /// A unified diff for every file that differs (report first, then SVGs); "" when current.
        public var diff: String

        /// Whether the committed files are current.
        public var isCurrent: Bool { diff.isEmpty }
        /// 0 when current, 1 when stale (the exit status of `whittle check`).
        public var exitStatus: Int32 { isCurrent ? 0 : 1 }
    }

    /// Compares `rendered` with the report at `path` and the SVGs beside it.
    ///
    /// A missing report compares as empty, so the diff shows the whole fresh report.
    public static func compare(_ rendered: ReportWriter.Rendered, withReportAt path: String) -> Outcome {
        var diff = LineDiff.unified(old: AtomicFile.read(path) ?? "", new: rendered.markdown,
                                    oldName: "\(path) (committed)", newName: "\(path) (fresh run)")
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        for file in rendered.files {
            let filePath = folder.isEmpty ? file.name : "\(folder)/\(file.name)"
            diff += LineDiff.unified(old: AtomicFile.read(filePath) ?? "", new: file.contents,
                                     oldName: "\(filePath) (committed)", newName: "\(filePath) (fresh run)")
        }
        return Outcome(path: path, diff: diff)
    }

    /// Compares two texts directly (for reports kept somewhere other than a file).
    public static func diff(committed: String, fresh: String, name: String) -> String {
        LineDiff.unified(old: committed, new: fresh, oldName: "\(name) (committed)", newName: "\(name) (fresh run)")
    }

    /// Update mode: accepts the fresh run by writing it over the committed files.
    /// - Throws: `NotebookError.io` when a file cannot be written.
    public static func update(_ rendered: ReportWriter.Rendered, reportAt path: String) throws {
        try ReportWriter.write(rendered, to: path)
    }
}
