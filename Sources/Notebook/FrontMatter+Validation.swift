import Yams

/// The keys Whittle reads from front matter, checked when the notebook is parsed: a value of
/// the wrong kind, or a key one typo away from a known one, is an error with its line, never a
/// silent default (`timeout: abc` once meant "no limit", `seed: 1.5` meant seed 0). Other keys
/// (author, date, a site generator's) pass through untouched.
extension FrontMatter {
    static let knownKeys = ["title", "seed", "timeout"]

    func validate(file: String) throws {
        guard let pairs = node?.mapping else { return }
        for (keyNode, value) in pairs {
            guard let key = keyNode.string else { continue }
            // Yams marks are 1-based lines of the YAML text, which starts on file line 2.
            let location = SourceLocation(file: file, line: (keyNode.mark?.line ?? 0) + 1, column: keyNode.mark?.column ?? 1)
            switch key {
            case "title":
                guard value.scalar != nil else { throw NotebookError.frontMatter(location, "'title' must be text") }
            case "seed":
                guard let seed = Self.integer(value), seed >= 0 else {
                    throw NotebookError.frontMatter(location, "'seed' must be a whole number ≥ 0, got '\(value.string ?? "?")'")
                }
            case "timeout":
                guard let seconds = Self.number(value), seconds.isFinite, seconds > 0 else {
                    throw NotebookError.frontMatter(location, "'timeout' must be a number of seconds > 0, got '\(value.string ?? "?")'")
                }
            default:
                if let near = Self.knownKeys.first(where: { Self.editDistance($0, key.lowercased()) <= 2 }) {
                    throw NotebookError.frontMatter(location, "unknown key '\(key)'; did you mean '\(near)'?")
                }
            }
        }
    }

    /// Levenshtein distance, for "did you mean".
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                previous = row[j]
                row[j] = min(substitution, row[j] + 1, row[j - 1] + 1)
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
