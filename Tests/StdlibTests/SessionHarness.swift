import Foundation
import Interpreter
@testable import Stdlib

/// Runs Whittle snippets in a fresh session with the repository's stdlib/ on the import path.
struct Harness {
    let session: Session
    let sink = BufferSink()

    init(seed: UInt64 = 0) {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        session = Session(seed: seed, options: InterpreterOptions(importPaths: [root.appendingPathComponent("stdlib").path]))
        session.interpreter.sink = sink
    }

    /// Runs `source`; returns printed text, or the first error message prefixed with "error: ".
    @discardableResult
    func run(_ source: String) -> String {
        sink.text = ""
        switch session.interpreter.run(source, file: "<test>") {
        case .value(let value):
            if let value { return sink.text + value.describe(maxWidth: 100) }
            return sink.text
        case .failure(let diagnostics):
            return "error: " + (diagnostics.first?.message ?? "?")
        }
    }

    /// The number a snippet evaluates to (NaN when it is not a number).
    func number(_ source: String) -> Double {
        if case .value(let value?) = session.interpreter.run(source, file: "<test>"), case .number(let n) = value { return n }
        return .nan
    }
}
