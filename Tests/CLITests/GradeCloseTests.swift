import Foundation
import Testing

/// `close(a, b, rtol:, atol:)` against numpy.allclose (expected values computed with numpy 
/// `np.allclose` on the same inputs).
@Test func closeMatchesNumpyAllclose() throws {
    let script = """
    print(close(1.0, 1.0 + 1e-6), close(1.0, 1.0 + 1e-4), close([1, 2], [1, 2.00001]))
    print(close([[1, 2], [3, 4]], [1, 2], broadcast: true), close(0.0, 1e-9), close(0.0, 1e-7))
    print(close(exp(1000), exp(1000)), close(1.0, 1.1, rtol: 0.1), close(100, 101, atol: 1))
    print(close(tensor([1, 2, 3]), [1, 2, 3]), close(tensor([[1, 1], [1, 1]]), 1, broadcast: true))
    """
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("close-\(UUID().uuidString).wh")
    try script.write(to: file, atomically: true, encoding: .utf8)
    let (status, output) = try runWhittle(["run", file.path])
    #expect(status == 0, "\(output)")
    #expect(output == "true false true\nfalse true false\ntrue true true\ntrue true\n")
    try script.appending("\nclose([1, 2], [1, 2, 3])\n").write(to: file, atomically: true, encoding: .utf8)
    let (badStatus, badOutput) = try runWhittle(["run", file.path])
    #expect(badStatus == 1)
    #expect(badOutput.contains("close: shapes [2] and [3] differ"))
}

/// Strict by default: an answer of another shape, or an empty one, never passes a check.
@Test func closeIsStrictAboutShapesAndEmptiness() throws {
    let cases: [(String, String)] = [
        ("close([], 1.75)", "close: shapes [0] and [] differ"),
        ("close([1, 2], 1.5)", "close: shapes [2] and [] differ"),
        ("close([[1, 2]], [1, 2])", "close: shapes [1, 2] and [2] differ"),
        ("close([], [])", "close: nothing to compare"),
        ("close(zeros([0]), 0, broadcast: true)", "close: nothing to compare"),
        ("close(zeros([2, 0]), zeros([2, 0]))", "close: nothing to compare"),
        ("close(tensor([1, 2]), [1, 2], broadcast: tensor([1]))", "close: broadcast must be true or false, got tensor"),
    ]
    for (expression, message) in cases {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("close-\(UUID().uuidString).wh")
        try "check \"c\" { \(expression) } points 1\n".write(to: file, atomically: true, encoding: .utf8)
        let (_, output) = try runWhittle(["run", file.path])
        #expect(output.contains("✘ c (0/1)") && output.contains(message), "\(expression): \(output)")
        try? FileManager.default.removeItem(at: file)
    }
}
