import Foundation

/// Text that comes from a submission — its output, error messages, notes, even its file
/// name — passes through here before the grader prints or writes it, so that a submission
/// can neither flood the reports (`error("E" * 7500000)` once made a 22 MB results.json) nor
/// steer the instructor's terminal with escape sequences.
enum UntrustedText {
    /// Bytes one check's output may take in a report.
    static let outputLimit = 4096
    /// Bytes one note or failure may take.
    static let noteLimit = 1024
    /// Notes kept per submission.
    static let noteCount = 20
    /// Bytes of one text a grading child sends its parent (which cleans and caps it again:
    /// it does not trust what a child says).
    static let pipeLimit = 8192

    /// `text` without control characters (newline and tab stay) or bidirectional overrides,
    /// each replaced by U+FFFD, and cut to at most `limit` UTF-8 bytes plus a marker saying how
    /// much was cut.
    static func clean(_ text: String, limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var bytes = 0
        var cut = 0
        for scalar in text.unicodeScalars {
            let safe = isSafe(scalar) ? scalar : "\u{FFFD}"
            let size = UTF8.width(safe)
            // Once something is cut, everything after it is: the kept text stays a prefix.
            if cut > 0 || bytes + size > limit {
                cut += size
                continue
            }
            bytes += size
            scalars.append(safe)
        }
        let kept = String(scalars)
        return cut == 0 ? kept : kept + " … [\(cut) more bytes cut]"
    }

    /// A file name for `path`'s results: letters, digits, `.`, `_` and `-` only, never hidden.
    static func fileName(_ path: String) -> String {
        let cleaned = String(path.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar)
                ? Character(scalar) : "_"
        })
        let trimmed = cleaned.drop { $0 == "." }
        return trimmed.isEmpty ? "submission" : String(trimmed.prefix(200))
    }

    private static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return true }
        if scalar.properties.generalCategory == .control { return false }  // C0, DEL, C1 (incl. ESC, CSI)
        // Bidirectional embeddings, overrides and isolates reorder what the terminal shows.
        return !(0x202A...0x202E).contains(scalar.value) && !(0x2066...0x2069).contains(scalar.value)
    }
}

extension SubmissionGrade {
    /// The grade with every submission-made string cleaned and capped (see `UntrustedText`).
    func sanitized() -> SubmissionGrade {
        var copy = self
        copy.path = UntrustedText.clean(path, limit: UntrustedText.noteLimit)
        copy.tests = tests.map { test in
            var test = test
            test.output = UntrustedText.clean(test.output, limit: UntrustedText.outputLimit)
            return test
        }
        copy.notes = notes.prefix(UntrustedText.noteCount).map { UntrustedText.clean($0, limit: UntrustedText.noteLimit) }
        if notes.count > UntrustedText.noteCount { copy.notes.append("… \(notes.count - UntrustedText.noteCount) more notes") }
        copy.failure = failure.map { UntrustedText.clean($0, limit: UntrustedText.noteLimit) }
        return copy
    }
}

/// Names of per-submission result files: the file's base name when that is unique among the
/// submissions, else its whole path (folders joined by `__`), numbered if even that repeats —
/// two `hw.md` in different folders never overwrite each other's results.
func uniqueResultNames(_ paths: [String]) -> [String: String] {
    func base(_ path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
    func whole(_ path: String) -> String {
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return (relative as NSString).deletingPathExtension.split(separator: "/").joined(separator: "__")
    }
    var baseCount: [String: Int] = [:]
    for path in paths { baseCount[UntrustedText.fileName(base(path)), default: 0] += 1 }
    var taken: Set<String> = []
    var names: [String: String] = [:]
    for path in paths.sorted() {
        let short = UntrustedText.fileName(base(path))
        var name = baseCount[short] == 1 ? short : UntrustedText.fileName(whole(path))
        var n = 2
        while taken.contains(name) {
            name = UntrustedText.fileName((baseCount[short] == 1 ? short : whole(path)) + "-\(n)")
            n += 1
        }
        taken.insert(name)
        names[path] = name
    }
    return names
}
