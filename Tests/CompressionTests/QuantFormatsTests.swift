import Foundation
import Testing
@testable import Compression
import TensorCore

@Suite struct QuantFormatsTests {
    @Test func ggmlBlocksMatchNumpyBytes() throws {
        let fixture = try QuantFixture.load()
        for c in fixture.ggml {
            let format = try #require(GGMLFormat(rawValue: c.format))
            let g = try GGMLTensor(Tensor(c.x), format: format)
            #expect(g.data == c.bytes, "\(c.format) bytes")
            expectClose(try g.dequantize().scalars, c.dequant, c.format + " dequant")
        }
        #expect(GGMLFormat.q8_0.bitsPerWeight == 8.5)
        #expect(GGMLFormat.q4_0.bitsPerWeight == 4.5)
        let g = try GGMLTensor(try Tensor.randn([4, 64], seed: 1), format: .q4_0)
        #expect(g.bitsPerWeight == 4.5 && g.bytes == 8 * 18)
        #expect(throws: CompressionError.self) { try GGMLTensor(try Tensor.randn([33], seed: 1), format: .q8_0) }
    }

    @Test func halfRoundingMatchesNumpy() throws {
        let h = try QuantFixture.load().half
        expectClose(h.x.map { HalfFormat.fp16.round($0) }, h.fp16, rtol: 0, atol: 0, "fp16")
        expectClose(h.x.map { HalfFormat.bf16.round($0) }, h.bf16, rtol: 0, atol: 0, "bf16")
        #expect(HalfFormat.fp16.round(65520) == .infinity)
        #expect(HalfFormat.fp16.round(-1e6) == -.infinity)
        #expect(HalfFormat.bf16.round(.nan).isNaN)
        // Ties go to even: 1 + 2^-11 is halfway between 1 and 1 + 2^-10 in fp16.
        #expect(HalfFormat.fp16.round(1 + 0.00048828125) == 1)
    }

    @Test func observersMatchNumpy() throws {
        let o = try QuantFixture.load().observer
        let c = try QuantConfig(bits: 4)
        var minmax = MinMaxObserver(config: c)
        var moving = try MovingAverageMinMaxObserver(config: c)
        var pct = try PercentileObserver(config: c, tail: 0.01)
        var mse = try HistogramMSEObserver(config: c, bins: 512, steps: 100)
        for b in o.batches {
            let t = Tensor(b)
            try minmax.observe(t); try moving.observe(t); try pct.observe(t); try mse.observe(t)
        }
        expectClose([try minmax.range().min[0], try minmax.range().max[0]], o.minmax, "minmax")
        expectClose([try moving.range().min[0], try moving.range().max[0]], o.moving, rtol: 1e-5, "moving average")
        expectClose([try pct.range().min[0], try pct.range().max[0]], o.percentile, rtol: 1e-5, "percentile")
        expectClose([try mse.range().min[0], try mse.range().max[0]], o.mse, rtol: 1e-6, "histogram mse")
        // The MSE range clips the 9.0 outlier, so it is narrower than min/max.
        #expect(try mse.range().max[0] < 9)
        #expect(throws: CompressionError.self) { try MinMaxObserver(config: c).range() }
    }

    @Test func steGradientMatchesPyTorchRule() throws {
        let s = try QuantFixture.load().ste
        let c = try QuantConfig(bits: 4)
        let x = Variable(Tensor(s.x), requiresGrad: true)
        let y = try x.fakeQuantized(c, scale: [s.scale], zeroPoint: [s.zero_point])
        expectClose(y.value.scalars, s.forward, "fake-quant forward")
        try y.sum().backward()
        expectClose(try #require(x.grad).scalars, s.grad, rtol: 0, atol: 0, "STE gradient")
        #expect(s.grad.contains(0) && s.grad.contains(1))
    }
}
