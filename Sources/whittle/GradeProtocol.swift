import Foundation
import Notebook

/// What `whittle grade-one` writes on stdout, one JSON object per line, flushed as each
/// step finishes: when the parent must kill the child, every line already read counts.
struct GradeLine: Codable {
    enum Kind: String, Codable { case plan, step, done, fatal }
    var kind: Kind
    /// plan: mismatches between submission and key.
    var notes: [String]?
    /// step: its index in the plan, exercise, origin ("key"/"submission") and key-file lines.
    var index: Int?
    var exercise: String?
    var origin: String?
    var file: String?
    var firstLine: Int?
    var lineCount: Int?
    /// step: the error that stopped it; fatal: why grading could not start.
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
