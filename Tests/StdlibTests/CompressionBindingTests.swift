import Testing
@testable import Stdlib

@Suite struct CompressionBindingTests {
    /// x = [-1, 0, 0.5, 2], 8-bit signed affine: s = 3/255, z = -128 - round(-85) = -43,
    /// q = round(x/s) + z = [-128, -43, round(42.5) - 43 = -1 (half to even), 127].
    @Test func affineCodesMatchTheHandComputation() {
        let h = Harness()
        h.run("let q = quantize([-1, 0, 0.5, 2], bits: 8, scheme: \"affine\")")
        #expect(h.run("print(tolist(q.q), q.zero_point, q.qmin, q.qmax)") == "[-128, -43, -1, 127] -43 -128 127\n")
        #expect(abs(h.number("q.scale") - 3.0 / 255) < 1e-7)
        #expect(h.number("max(abs(dequantize(q) - tensor([-1, 0, 0.5, 2])))") <= 3.0 / 255 / 2 + 1e-6)
        #expect(h.run("print(type(q.equation))") == "equation\n")
    }

    @Test func whittleAffineQuantizeAgreesWithNative() {
        let h = Harness()
        h.run("import quant\nlet w = randn([32, 32], seed: 3)\nlet a = affine_quantize(w, 4)\nlet b = quantize(w, bits: 4)")
        #expect(h.number("a.zero_point - b.zero_point") == 0)
        #expect(abs(h.number("a.scale - b.scale")) < 1e-6)
        #expect(h.number("mean(a.q == b.q)") > 0.99)
        #expect(h.number("max(abs(a.q - b.q))") <= 1)
    }

    @Test func perGroupAndPerChannelStoreOneScaleEach() {
        let h = Harness()
        h.run("let w = randn([8, 64], seed: 1)")
        #expect(h.run("print(quantize(w, bits: 4, group: 16).scale.shape, quantize(w, axis: 0).scale.shape)") == "[8, 4] [8]\n")
        // 4-bit codes are packed two per byte: 256 bytes + 32 scales·4 + 32 zero points·0.5
        #expect(h.number("quantize(w, bits: 4, group: 16).bytes") == 256 + 128 + 16)
        #expect(h.run("quantize(w, bits: 9)").contains("quantize: bits must be 2…8, got 9"))
        #expect(h.run("quantize(w, axis: 0, group: 8)").contains("give axis (per channel) or group (per group), not both"))
        #expect(h.run("quantize(w, scheme: \"log\")").contains("quantize: scheme must be \"affine\" or \"symmetric\", got \"log\""))
        #expect(h.run("quantize(w, observer: \"max\")").contains("quantize: observer must be \"minmax\", \"percentile\" or \"mse\", got \"max\""))
    }

    @Test func observersClipOutliers() {
        let h = Harness()
        h.run("let w = concat([randn([999], seed: 2), tensor([40])])")
        let minmax = h.number("mean((w[:999] - dequantize(quantize(w, bits: 4))[:999]) ** 2)")
        let mse = h.number("mean((w[:999] - dequantize(quantize(w, bits: 4, observer: \"mse\"))[:999]) ** 2)")
        let pct = h.number("mean((w[:999] - dequantize(quantize(w, bits: 4, observer: \"percentile\", tail: 0.01))[:999]) ** 2)")
        #expect(mse < minmax && pct < minmax)
    }

    @Test func ggmlAndHalfFloats() {
        let h = Harness()
        h.run("let w = randn([4, 64], seed: 5)")
        #expect(h.number("ggml_quantize(w, \"q4_0\").bits_per_weight") == 4.5)
        #expect(h.number("ggml_quantize(w, \"q8_0\").bytes") == 8 * 34)
        #expect(h.number("max(abs(dequantize(ggml_quantize(w)) - w))") < 0.05)
        #expect(h.number("item(fp16(tensor([1.0009765625])))") == 1.0009765625)
        #expect(h.number("item(bf16(tensor([1.00390625])))") == 1)  // a tie rounds to the even mantissa
        #expect(h.run("ggml_quantize(ones([5]), \"q4_0\")").contains("not a multiple of 32"))
    }

    @Test func quantizeModelKeepsAccuracyAtInt8AndShrinks() {
        let h = Harness()
        h.run("""
            let d = split(blobs(n: 300, classes: 3, features: 8, seed: 7), 0.8, seed: 1)
            let m = mlp([8, 32, 3], seed: 2)
            train(m, d.train, epochs: 10, seed: 3)
            let r = quantize_model(m, bits: 8)
            """)
        #expect(h.number("len(r.report)") == 2)
        #expect(h.number("r.model.bytes") < h.number("m.bytes") / 2)
        #expect(abs(h.number("accuracy(r.model, d.test) - accuracy(m, d.test)")) < 0.02)
        #expect(h.number("len(quantize_model(m, filter: fn(name) { name == \"0\" }).report)") == 1)
        #expect(h.run("quantize(m, observer: \"mse\")").contains("observer \"minmax\""))
    }

    @Test func qatTrainsThroughFakeQuantization() {
        let h = Harness()
        h.run("""
            let d = blobs(n: 200, classes: 3, features: 4, seed: 1)
            let m = mlp([4, 16, 3], seed: 0)
            let q = qat(m, bits: 4)
            train(q, d, epochs: 5, seed: 1)
            """)
        #expect(h.run("print(q.layers[0].type)").hasPrefix("QATLinear(4 → 16, int4"))
        #expect(h.number("sum(abs(weight(q, \"0.linear.weight\") - weight(m, \"0.weight\")))") > 0)  // trained its own copy
        #expect(h.run("print(quantize_model(q, bits: 4, axis: nil).model.layers[0].type)").hasPrefix("QuantizedLinear(4 → 16, int4"))
    }
}
