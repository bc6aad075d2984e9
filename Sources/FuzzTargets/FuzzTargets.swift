// What one fuzz input exercises, shared by the libFuzzer executables (fuzz/, built with
// coverage instrumentation by scripts/fuzz.sh) and by the regression tests that replay the
// kept corpus (Tests/FuzzRegressionTests) in the ordinary build. An input passes when the
// call returns: any error is fine, a crash or a hang is the bug.
import Foundation
import Interpreter
import Notebook
import Stdlib
import Syntax
import TensorCore

/// Entry points for fuzzing, one per layer of input handling.
public enum FuzzTargets {
    /// Lexes and parses the bytes as Whittle source (invalid UTF-8 included: it is repaired
    /// the way a file read would be).
    public static func syntax(_ data: Data) {
        let source = String(decoding: data, as: UTF8.self)
        var lexer = Lexer(source: source, file: "<fuzz>")
        _ = lexer.scanAll()
        var parser = Parser(source: source, file: "<fuzz>")
        _ = parser.parse()
    }

    /// Runs the bytes as a Whittle program with the stdlib, under limits that keep one input
    /// small: 200,000 steps, 200 nested calls, no file writes; `tensorLimits` also caps tensors
    /// at 16 MB each and 256 MB live (process-wide, so the fuzzer sets it and tests do not).
    public static func interpreter(_ data: Data, tensorLimits: Bool = true) {
        if tensorLimits { configureLimits() }
        let session = Session(seed: 0, options: InterpreterOptions(maxCallDepth: 200, stepLimit: 200_000))
        session.files = .none
        session.interpreter.sink = DiscardingSink()
        _ = session.interpreter.run(String(decoding: data, as: UTF8.self), file: "<fuzz>")
        session.interpreter.tearDown()
    }

    /// Parses the bytes as a Markdown notebook (front matter, fences, cell options).
    public static func notebook(_ data: Data) {
        _ = try? Notebook(parsing: String(decoding: data, as: UTF8.self), file: "<fuzz>.md")
    }

    nonisolated(unsafe) private static var limited = false

    private static func configureLimits() {
        guard !limited else { return }
        limited = true
        TensorCore.maxAllocationBytes = 16 << 20
        TensorCore.maxLiveBytes = 256 << 20
    }
}

/// Output is thrown away: fuzzing looks for crashes, not text.
final class DiscardingSink: OutputSink {
    func write(_ text: String) {}
    func display(_ value: Value) {}
    func checkResult(_ result: CheckResult) {}
}
