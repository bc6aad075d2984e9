// Dynamic quantization onto the integer kernels: the per-token activation codes are PyTorch's
// quint8 reduce_range observer; an IntegerLinear computes what its formula says, approximates the
// Float32 layer, and passes the straight-through gradient back.
import Foundation
import Testing
@testable import Compression
import NN
import TensorCore

@Test func perTokenActivationCodesAreTorchsReduceRangeObserver() throws {
    let x = try Tensor.randn([5, 33], seed: 21) * 3 + 0.5
    let config = try QuantConfig(bits: 8, signed: false, scheme: .affine, reduceRange: true)
    var codes = [UInt8](repeating: 0, count: 5 * 33)
    var scales = [Float](repeating: 0, count: 5), zeros = [Int32](repeating: 0, count: 5)
    x.withUnsafeFloats { xp in
        IntegerGEMM.quantizeRows(xp.baseAddress!, rows: 5, k: 33, ldx: 33, codes: &codes, ldq: 33, scales: &scales, zeroPoints: &zeros)
    }
    let xs = x.scalars
    for r in 0..<5 {
        let row = Array(xs[(r * 33)..<((r + 1) * 33)])
        let (s, z) = config.parameters(min: [row.min()!], max: [row.max()!])
        #expect(scales[r] == s[0] && Int(zeros[r]) == z[0])
        #expect(codes[(r * 33)..<((r + 1) * 33)].map(Int.init) == row.map { config.code($0, scale: s[0], zeroPoint: z[0]) })
    }
}

@Test func integerLinearApproximatesTheFloatLayerAndPassesGradients() throws {
    let linear = try Linear(64, 24, seed: 8)
    let x = try Tensor.randn([6, 64], seed: 9)
    let exact = try linear(Variable(x)).value.scalars
    for bits in [8, 4] {
        let layer = try IntegerLinear(linear, bits: bits)
        let input = Variable(x, requiresGrad: true)
        let y = try layer(input)
        let error = zip(y.value.scalars, exact).map { abs($0 - $1) }.max()!
        #expect(error < (bits == 8 ? 0.02 : 0.25), "W\(bits)A8 error \(error)")
        // Straight-through: dx = dy · Ŵ.
        try y.sum().backward()
        let expected = try Tensor.ones([6, 24]).matmul(try layer.quantized.dequantize())
        #expect(zip(try #require(input.grad).scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }
    #expect(throws: CompressionError.self) { try IntegerLinear(linear, bits: 6) }
    #expect(throws: CompressionError.self) { try IntegerLinear(try Linear(40, 4, seed: 1), bits: 4) }
    let layer = try IntegerLinear(linear, bits: 8)
    // A non-finite input poisons its own row, as a float product would, and no other.
    var rows = [Float](repeating: 0.5, count: 2 * 64)
    rows[3] = .infinity
    let y = try layer(Variable(try Tensor(shape: [2, 64], scalars: rows))).value.scalars
    #expect(y[0..<24].allSatisfy(\.isNaN) && y[24...].allSatisfy(\.isFinite))
}

@Test func dynamicQuantizationShrinksTheModelAndReportsEachLayer() throws {
    let model = Sequential([try Linear(64, 32, seed: 1), ReLU(), try Linear(32, 10, seed: 2)])
    let (q8, report8) = try quantizeDynamic(model, bits: 8)
    #expect(report8.rows.count == 2)
    #expect(q8.byteSize < model.byteSize / 3)
    let (q4, _) = try quantizeDynamic(model, bits: 4)
    #expect(q4.byteSize < q8.byteSize)
    let x = try Tensor.randn([3, 64], seed: 2)
    let reference = try model(Variable(x)).value.scalars
    let y = try q8(Variable(x)).value.scalars
    #expect(zip(y, reference).map { abs($0 - $1) }.max()! < 0.05)
}
