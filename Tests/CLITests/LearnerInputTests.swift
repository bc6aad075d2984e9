import Foundation
import Testing

/// Inputs a learner types that once crashed or misbehaved (issue 15): each gets a right answer
/// or a clear error, never a dead process.
@Suite struct LearnerInputTests {
    func run(_ source: String, named name: String = "x.wh") throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("learner-\(UUID().uuidString)-\(name)")
        try source.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        return try runWhittle(["run", file.path])
    }

    @Test func windowsLineEndingsRun() throws {
        let (status, output) = try run("let x = 1\r\nfn f(a) {\r\n  a + x\r\n}\r\nprint(f(1))\r\nprint(\"{x:>3}|\")\r\n")
        #expect(status == 0, "\(output)")
        #expect(output == "2\n  1|\n")
        let (_, error) = try run("let x = 1\r\nprint(y)\r\n")
        #expect(error.contains(":2:7: error: Undefined variable 'y'"), "\(error)")
        #expect(error.contains("2 | print(y)\n"), "the quoted line has no stray carriage return: \(error.debugDescription)")
    }

    @Test(arguments: [
        ("zeros([3])[1e300]", "index: 1e+300 is out of range for axis 0 of size 3"),
        ("zeros(tensor([1e30]))", "zeros: expect whole numbers for 'shape'"),
        ("zeros([nan])", "zeros: expect an integer for 'shape', got nan"),
        ("[1, 2][inf]", "Expect an integer index, got inf."),
        ("decode(char_tokenizer(\"ab\"), [nan])", "decode: expect whole numbers for 'ids', got nan"),
        ("train(mlp([2, 2]), {x: zeros([2, 2]), y: tensor([0, 1e30])})", "must be whole numbers from 0"),
    ])
    func hugeNumbersWhereAnIntegerIsExpectedAreErrors(expression: String, message: String) throws {
        let (status, output) = try run("print(\(expression))\n")
        #expect(status == 1, "\(expression): \(output)")
        #expect(output.contains(message), "\(expression): \(output)")
    }

    @Test func hangulPadsByDisplayWidth() throws {
        let (_, output) = try run("print(\"[{\"한국\":>6}]\")\nprint(\"[\" + pad(\"어텐션\", 8) + \"]\")\nprint(\"[{\"ab\":^6}]\")\n")
        #expect(output == "[  한국]\n[어텐션  ]\n[  ab  ]\n", "\(output)")
    }
}
