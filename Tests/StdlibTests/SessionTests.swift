import Interpreter
import Testing
@testable import Stdlib

/// Runs `source` in a fresh session and returns what it printed (or the first error).
func output(of source: String, seed: UInt64 = 0) -> String {
    let session = Session(seed: seed)
    let sink = BufferSink()
    session.interpreter.sink = sink
    switch session.interpreter.run(source, file: "test.wh") {
    case .value: return sink.text
    case .failure(let diagnostics): return sink.text + "error: " + (diagnostics.first?.message ?? "?")
    }
}

@Suite struct SessionTests {
    @Test func tensorOperatorsBroadcastAndMatmul() {
        #expect(output(of: "let a = tensor([[1, 2], [3, 4]])\nprint(a @ eye(2) + 1)") ==
                "tensor([[2.0, 3.0],\n        [4.0, 5.0]], shape [2, 2])\n")
        #expect(output(of: "print(tolist(tensor([1, -2, 3]) > 0))") == "[1, 0, 1]\n")
    }

    @Test func indexingAndSlicingLikeNumpy() {
        #expect(output(of: "let t = reshape(arange(12), [3, 4])\nprint(t[1, 2], t[-1, -1], tolist(t[0, 1:3]), tolist(t[:, 0]))") ==
                "6 11 [1, 2] [0, 4, 8]\n")
        #expect(output(of: "ones([2, 2])[5, 0]") == "error: index: 5 is out of range for axis 0 of size 2")
    }

    @Test func scalarBuiltinsStillWorkOnNumbersAndLists() {
        #expect(output(of: "print(max(3, 4), min([5, 2]), sum([1, 2, 3]), sqrt(16), abs(-2))") == "4 2 6 4 2\n")
    }

    @Test func reductionsTakeAxes() {
        #expect(output(of: "let t = tensor([[1, 2], [3, 4]])\nprint(tolist(sum(t, axis: 0)), mean(t), max(t, axis: 1))") ==
                "[4, 6] 2.5 tensor([2.0, 4.0], shape [2])\n")
    }

    @Test func sessionSeedMakesRandomReproducible() {
        let a = output(of: "print(tolist(randn([3])))", seed: 5)
        let b = output(of: "print(tolist(randn([3])))", seed: 5)
        let c = output(of: "print(tolist(randn([3])))", seed: 6)
        #expect(a == b)
        #expect(a != c)
        #expect(output(of: "print(tolist(randn([2], seed: 1)) == tolist(randn([2], seed: 1)))") == "true\n")
    }

    @Test func errorsNameTheFunctionAndWhatItGot() {
        #expect(output(of: "zeros(\"big\")") == "error: zeros: expect a shape like [2, 3], got string")
        #expect(output(of: "tensor([[1, 2], [3]])") ==
                "error: tensor: the nested lists have different lengths; a tensor needs a rectangular shape")
        #expect(output(of: "todo()") == "error: todo: write your solution here (this exercise is not solved yet)")
    }

    @Test func displayValuesRenderForBothHosts() {
        #expect(output(of: "print(table([\"a\", \"b\"], [[1, \"x\"]]).markdown)") ==
                "|   a | b   |\n| --: | --- |\n|   1 | x   |\n")
    }
}
