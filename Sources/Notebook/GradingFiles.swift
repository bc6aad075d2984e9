/// File writing for the grader's outputs (student copies, results.json, JUnit XML).
public enum GradingFiles {
    /// Writes `text` atomically: readers see the old file or the new one, never half.
    /// - Throws: `NotebookError.io` when the folder or file cannot be written.
    public static func write(_ text: String, to path: String) throws {
        try AtomicFile.write(text, to: path)
    }
}
