import Testing
@testable import TensorCore

/// The fused pass must compute every element exactly as the op-by-op Tensor operations do.
@Suite struct FusionTests {
    private func inputs(_ n: Int) throws -> [Tensor] {
        // Values around every interesting point: negatives, zeros, halves for rounding, large.
        var values = try Tensor.randn([n], seed: 1).scalars.map { $0 * 3 }
        for (i, special) in [0, -0.0, 0.5, 1.5, -2.5, 80, -80, 1e-30].enumerated() where i < n { values[i] = Float(special) }
        return [try Tensor(shape: [n], scalars: values), try Tensor.rand([n], seed: 2).map { 0.1 + 1.9 * $0 }, try Tensor.randn([n], seed: 3)]
    }

    @Test func everyOperationMatchesItsTensorOpBitForBit() throws {
        for n in [1, 7, 1024, 1025, 3000] {
            let xs = try inputs(n)
            for op in ElementwiseUnary.allCases {
                let source: ElementwiseExpression = op == .log || op == .sqrt ? .input(1) : .input(0)
                let kernel = try FusedKernel(.unary(op, source), inputs: 3)
                let fused = try kernel.run(xs).scalars, slow = try kernel.runOpByOp(xs).scalars
                #expect(fused.map(\.bitPattern) == slow.map(\.bitPattern), "\(op) on \(n)")
            }
            for op in ElementwiseBinary.allCases {
                for (a, b) in [(ElementwiseExpression.input(0), ElementwiseExpression.input(1)), (.input(0), .constant(0.5)),
                               (.constant(-1.5), .input(2)), (.input(2), .input(2))] {
                    let kernel = try FusedKernel(.binary(op, a, b), inputs: 3)
                    let fused = try kernel.run(xs).scalars, slow = try kernel.runOpByOp(xs).scalars
                    #expect(fused.map(\.bitPattern) == slow.map(\.bitPattern), "\(op) \(a) \(b) on \(n)")
                }
            }
        }
    }

    @Test func chainsShareRepeatedWorkAndAnyThreadCountGivesTheSameBits() throws {
        // GELU written out: h appears five times but is computed once.
        let h = ElementwiseExpression.binary(.add, .input(0), .input(1))
        let cube = ElementwiseExpression.binary(.multiply, .binary(.multiply, .binary(.multiply, .constant(0.044715), h), h), h)
        let gelu = ElementwiseExpression.binary(.multiply, .binary(.multiply, .constant(0.5), h),
                                                .binary(.add, .constant(1), .unary(.tanh, .binary(.multiply, .constant(0.7978846), .binary(.add, h, cube)))))
        let kernel = try FusedKernel(gelu, inputs: 2)
        #expect(kernel.operations == 10 && gelu.operationCount == 14)
        #expect(kernel.fusedBytesPerElement == 12 && kernel.opByOpBytesPerElement == 12 + 8 + 8 + 12 + 12 + 12 + 8 + 8 + 8 + 12)
        let x = try Tensor.randn([1 << 20], seed: 4), b = try Tensor.randn([1 << 20], seed: 5)
        let serial = try kernel.run([x, b], threads: 1).scalars
        #expect(try kernel.run([x, b], threads: 3).scalars == serial)
        #expect(try kernel.runOpByOp([x, b]).scalars == serial)
        #expect(kernel.listing.hasPrefix("fused: 2 inputs, 10 operations, one pass (12 bytes per element"))
        #expect(kernel.listing.contains("t0 = x0 + x1") && kernel.listing.hasSuffix("out = t9"))
    }

    @Test func inputsBroadcastAndMistakesAreReported() throws {
        let x = try Tensor.randn([4, 3], seed: 1), bias = try Tensor(shape: [3], scalars: [1, 2, 3])
        let kernel = try FusedKernel(.unary(.relu, .binary(.add, .input(0), .input(1))), inputs: 2)
        #expect(try kernel.run([x, bias]).scalars == (try x + bias).relu().scalars)
        #expect(try kernel.run([x, bias]).shape == [4, 3])
        // A lone input or constant still comes back as a fresh tensor of the inputs' shape.
        #expect(try FusedKernel(.input(0), inputs: 1).run([x]).scalars == x.scalars)
        #expect(try FusedKernel(.constant(2), inputs: 1).run([x]).scalars == [Float](repeating: 2, count: 12))
        #expect(throws: TensorError.self) { try FusedKernel(.input(2), inputs: 2) }
        #expect(throws: TensorError.self) { try kernel.run([x]) }
        #expect(throws: TensorError.self) { try kernel.run([x, try Tensor.zeros([5])]) }
    }
}
