import Foundation
import Testing
@testable import TensorCore

@Suite struct FastMathTests {
    @Test func expIsWithinFewUlpOfDoubleExp() {
        var worst = 0.0
        for i in 0...200_000 {
            let x = Float(-103 + Double(i) * (191.0 / 200_000))
            let want = Foundation.exp(Double(x))
            guard want >= Double(Float.leastNormalMagnitude), want <= Double(Float.greatestFiniteMagnitude) else { continue }
            worst = Swift.max(worst, Swift.abs(Double(fastExp(x)) - want) / want)
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        #expect(fastExp(89) == .infinity && fastExp(-.infinity) == 0 && fastExp(.infinity) == .infinity)
        #expect(fastExp(.nan).isNaN)
        #expect(fastExp(0) == 1)
    }

    /// The eight-lane exp (softmax's fused loop) must be the scalar one, bit for bit, on every
    /// kind of input: ordinary values, both clamps, subnormal results, ±inf and NaN.
    @Test func vectorExpIsTheScalarExpBitForBit() {
        var inputs: [Float] = [0, -0.0, 1, -1, 88.7, 88.8, 89, 100, -87.3, -100, -103.9, -104, -200,
                               .infinity, -.infinity, .nan, Float.leastNonzeroMagnitude, -Float.greatestFiniteMagnitude]
        var rng = WhittleRandom(seed: 11)
        for _ in 0..<100_000 { inputs.append(Float(rng.uniformDouble() * 220 - 115)) }
        while inputs.count % 8 != 0 { inputs.append(0.5) }
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let lanes = fastExp(SIMD8<Float>(inputs[start..<start + 8]))
            for lane in 0..<8 {
                let x = inputs[start + lane], scalar = fastExp(x)
                #expect(lanes[lane].bitPattern == scalar.bitPattern || (lanes[lane].isNaN && scalar.isNaN),
                        "x = \(x): vector \(lanes[lane]), scalar \(scalar)")
            }
        }
    }

    /// The GELU kernel (CKernels' AVX2 transcription) is the Swift `Kernels.gelu`, bit for
    /// bit, across the polynomial/exponential switch of tanh at 0.625, its clamp at 10, the
    /// exponential's clamps, ±0, subnormals, ±inf and NaN, and over a tail shorter than 8.
    @Test func decoderGELUIsTheSwiftGELUBitForBit() {
        var inputs: [Float] = [0, -0.0, 0.625, -0.625, 0.6249999, 10, -10, 10.5, 30, -30, 1e4, -1e4, .infinity, -.infinity, .nan,
                               Float.leastNonzeroMagnitude, -Float.leastNonzeroMagnitude, -Float.greatestFiniteMagnitude, 1e-30, -1e-20]
        var rng = WhittleRandom(seed: 12)
        for _ in 0..<100_000 { inputs.append(Float(rng.uniformDouble() * 24 - 12)) }
        for _ in 0..<1_000 { inputs.append(Float(rng.uniformDouble() * 400 - 200)) }
        inputs.append(contentsOf: [0.3, -2.5, 7])  // a tail of 3 after the last full vector
        var gelus = inputs
        gelus.withUnsafeMutableBufferPointer { Kernels.gelu(inPlace: $0.baseAddress!, count: $0.count) }
        // Tensors (autodiff, fusion) run the same kernel through two buffers.
        let viaTensor = Tensor(inputs).gelu().scalars
        for ((x, fast), tensor) in zip(zip(inputs, gelus), viaTensor) {
            let reference = Kernels.gelu(x)
            #expect(fast.bitPattern == reference.bitPattern || (fast.isNaN && reference.isNaN), "gelu(\(x)): \(fast) vs \(reference)")
            #expect(tensor.bitPattern == reference.bitPattern || (tensor.isNaN && reference.isNaN), "tensor gelu(\(x))")
        }
    }

    @Test func tanhIsAccurateNearZeroAndSaturates() {
        var worst = 0.0
        for i in -100_000...100_000 where i != 0 {
            let x = Float(Double(i) * 1e-4)
            let want = Foundation.tanh(Double(x))
            worst = Swift.max(worst, Swift.abs(Double(fastTanh(x)) - want) / Swift.abs(want))
        }
        #expect(worst < 1e-6, "worst relative error \(worst)")
        #expect(fastTanh(1e-30) == 1e-30)
        #expect(fastTanh(50) == 1 && fastTanh(-50) == -1)
        #expect(fastTanh(.nan).isNaN)
    }
}
