import Foundation
import Testing

/// `whittle bench lang`: in-process timing of scripts in the format bench/lang/run.sh
/// reads beside CPython's `bench.py NAME N` (the timings themselves are not tested).
@Suite struct BenchLangTests {
    private func script(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whittle-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func printsOneLinePerScriptWithItsLastOutputLine() throws {
        let fib = try script("fib.wh", "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } }\nprint(fib(15))\n")
        let join = try script("pieces.wh", "var p = []\nfor i in 0..<50 { append(p, str(i)) }\nprint(\"first\")\nprint(len(join(p)))\n")
        let (status, output) = try runWhittle(["bench", "lang", fib, join, "--reps", "3"])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("fib result=610 median="), "\(lines)")
        #expect(lines[1].hasPrefix("pieces result=90 median="), "\(lines)")
        #expect(lines.allSatisfy { $0.contains("s min=") && $0.hasSuffix(" n=3") })
    }

    @Test func aFailingScriptIsAnErrorWithItsDiagnostic() throws {
        let broken = try script("broken.wh", "print(nope)\n")
        let (status, output) = try runWhittle(["bench", "lang", broken, "--reps", "1"])
        #expect(status == 1)
        #expect(output.contains("Undefined variable 'nope'"))
    }

    @Test func langNeedsScriptsAndOtherSuitesTakeNone() throws {
        #expect(try runWhittle(["bench", "lang"]).status == 2)
        #expect(try runWhittle(["bench", "tensor", "x.wh"]).status == 2)
        #expect(try runWhittle(["bench", "lang", "x.wh", "--reps", "0"]).status == 2)
    }
}
