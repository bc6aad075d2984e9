import Foundation
import Interpreter
import Stdlib

/// In-process timing of Whittle scripts, the counterpart of `bench.py NAME REPS`:
/// each repetition gets a fresh session (not timed), then the script's run is timed
/// on its own — lexing, parsing and compiling included, process start-up excluded.
enum LangBenchmark {
    /// One line per script: `NAME result=LAST-LINE median=S min=S n=REPS`.
    static func run(scripts: [String], reps: Int) throws -> [String] {
        try scripts.map { path in
            let source = try String(contentsOfFile: path, encoding: .utf8)
            var times: [Double] = []
            var result = ""
            for _ in 0..<reps {
                let session = Session(seed: 0)
                let sink = BufferSink()   // collects what the script prints, for the result line
                session.interpreter.sink = sink
                let start = DispatchTime.now().uptimeNanoseconds
                let outcome = session.interpreter.run(source, file: path)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                if case .failure(let diagnostics) = outcome {
                    throw BenchError(message: diagnostics.map { $0.render(color: false) }.joined())
                }
                result = sink.text.split(separator: "\n").last.map(String.init) ?? ""
                session.interpreter.tearDown()
            }
            times.sort()
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            return String(format: "%@ result=%@ median=%.4fs min=%.4fs n=%d",
                          name, result, times[times.count / 2], times[0], reps)
        }
    }

    struct BenchError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
