import Foundation
import Notebook

/// What `whittle grade-one` writes on stdout, one JSON object per line, flushed as each
/// step finishes: when the parent must kill the child, every line already read counts.
struct GradeLine: Codable {
    /// plan: what will run; step: one step ran; done: every step ran; fatal: grading could
    /// not start (the key or the file cannot be read); unparsable: the submission is not a
    /// valid notebook (the student's mistake: every check scores 0, grading goes on);
    /// outOfMemory: written by the crash handler as the child dies of a failed allocation.
    enum Kind: String, Codable { case plan, step, done, fatal, unparsable, outOfMemory }
    var kind: Kind
    /// plan: mismatches between submission and key.
    var notes: [String]?
    /// plan: each step's exercise, nil for the key's other cells (where a crash happened).
    var stepExercises: [String?]?
    /// step: its index in the plan, exercise, origin ("key"/"submission") and key-file lines.
    var index: Int?
    var exercise: String?
    var origin: String?
    var file: String?
    var firstLine: Int?
    var lineCount: Int?
    /// step: the error that stopped it; fatal: why grading could not start; unparsable: the
    /// parse error (file:line); outOfMemory: the limit that was exceeded.
    var error: String?
    /// step: its output, truncated.
    var output: String?
    /// step: the key-file checks it ran.
    var checks: [GradedCheck]?

    init(kind: Kind) { self.kind = kind }

    /// The line as compact JSON plus a newline.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(self)) ?? Data("{\"kind\":\"fatal\",\"error\":\"cannot encode a result\"}".utf8)
        data.append(0x0A)
        return data
    }
}
