import Foundation
import Testing
@testable import Interpreter

/// Times bench/lang/*.wh in-process (release builds only make sense).
/// Runs only when WHITTLE_BENCH_DIR points at bench/lang; prints one line per program.
struct BenchTests {
    /// WHITTLE_BENCH_CODE="..." times one snippet (for profiling one construct);
    /// WHITTLE_BENCH_FILE=path runs a file once (bench/lang/run.sh uses it until the CLI exists).
    @Test func snippet() throws {
        let env = ProcessInfo.processInfo.environment
        if let path = env["WHITTLE_BENCH_FILE"] {
            let interpreter = Interpreter()
            let outcome = interpreter.run(try String(contentsOfFile: path, encoding: .utf8), file: path)
            if case .failure(let d) = outcome { Issue.record("\(d.map { $0.render() })") }
            return
        }
        guard let code = env["WHITTLE_BENCH_CODE"] else { return }
        for _ in 0..<3 {
            let interpreter = Interpreter()
            let sink = BufferSink()
            interpreter.sink = sink
            let start = DispatchTime.now().uptimeNanoseconds
            let outcome = interpreter.run(code, file: "snippet")
            let t = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if case .failure(let d) = outcome { Issue.record("\(d.map { $0.render() })") }
            print("snippet \(String(format: "%.4f", t))s \(sink.text.prefix(60))")
        }
    }

    @Test func benchmarks() throws {
        guard let folder = ProcessInfo.processInfo.environment["WHITTLE_BENCH_DIR"] else { return }
        for name in (ProcessInfo.processInfo.environment["WHITTLE_BENCH_ONLY"].map { [$0] } ?? ["fib", "sumsq", "sort", "strbuf", "strcat"]) {
            let source = try String(contentsOfFile: "\(folder)/\(name).wh", encoding: .utf8)
            var times: [Double] = []
            var output = ""
            for _ in 0..<3 {
                let interpreter = Interpreter()
                let sink = BufferSink()
                interpreter.sink = sink
                let start = DispatchTime.now().uptimeNanoseconds
                let outcome = interpreter.run(source, file: name)
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                if case .failure(let d) = outcome { Issue.record("\(d.map { $0.render() })") }
                output = sink.text.trimmingCharacters(in: .newlines)
            }
            times.sort()
            print("bench \(name) result=\(output) median=\(String(format: "%.4f", times[1]))s min=\(String(format: "%.4f", times[0]))s")
        }
    }
}
