import Testing

/// grad(f) in the language: checked against central finite differences computed in the same
/// language on plain (untraced) tensors, and the readable stdlib versions of techniques checked
/// against the native ones.
@Suite struct GradTests {
    /// max |grad(f)(x) − (f(x + h·e_i) − f(x − h·e_i)) / 2h| over the entries of x, relative to
    /// the largest gradient entry; f is written in Whittle and x is a flat tensor.
    func finiteDifferenceError(_ f: String, at x: String, h: Double = 1e-2) -> Double {
        let h0 = Harness()
        h0.run("""
            let f = \(f)
            let x = \(x)
            let g = tolist(grad(f)(x))
            var worst = 0
            var largest = 0
            for i in 0..<len(g) {
              let e = one_hot(tensor([i]), len(g))[0]
              let numeric = (f(x + \(h) * e) - f(x - \(h) * e)) / (2 * \(h))
              worst = max(worst, abs(numeric - g[i]))
              largest = max(largest, abs(g[i]))
            }
            """)
        return h0.number("worst / max(largest, 1e-6)")
    }

    @Test(arguments: [
        ("fn(w) { mean((tensor([[1, 2], [3, 4], [5, 6]]) @ w - tensor([1, 0, 1])) ** 2) }", "tensor([0.5, -0.25])"),
        ("fn(v) { sum(tanh(v) * exp(v / 3)) + sum(sigmoid(v)) }", "tensor([0.3, -1.2, 2.0])"),
        ("fn(v) { -sum(log_softmax(v) * tensor([0, 1, 0, 0])) }", "tensor([0.1, 2.0, -0.5, 1.0])"),
        ("fn(v) { sum(softmax(v * 2) * tensor([1, 2, 3])) }", "tensor([0.2, -0.1, 0.4])"),
        ("fn(v) { sum(gelu(v)) + mean(sqrt(v * v + 1)) + sum(maximum(v, 0.1)) }", "tensor([0.7, -0.4, 1.3, 2.2])"),
        ("fn(v) { sum(reshape(v, [2, 2]).T @ tensor([[1, 2], [3, 4]])) / 3 }", "tensor([1, -2, 0.5, 3])"),
    ])
    func gradientsMatchFiniteDifferences(f: String, x: String) {
        #expect(finiteDifferenceError(f, at: x) < 2e-3, "\(f)")
    }

    @Test func gradientsFollowTheArgumentsShape() {
        let h = Harness()
        #expect(h.number("grad(fn(a) { a * a * a })(2)") == 12)
        #expect(h.run("print(grad(fn(a) { 5 })(3))") == "0\n")   // f does not depend on x
        h.run("let p = {w: tensor([[1, 2]]), b: tensor([3])}\nlet g = grad(fn(p) { sum(p.w * p.w) + sum(p.b) * 2 })(p)")
        #expect(h.run("print(g.w, g.b)") == "tensor([[2.0, 4.0]], shape [1, 2]) tensor([2.0], shape [1])\n")
        h.run("let vg = value_and_grad(fn(xs) { sum(xs[0] * xs[1]) })([tensor([1, 2]), tensor([3, 4])])")
        #expect(h.run("print(vg[0], vg[1][0], vg[1][1])") == "11 tensor([3.0, 4.0], shape [2]) tensor([1.0, 2.0], shape [2])\n")
        // Extra arguments pass through: the data of a loss.
        #expect(h.number("grad(fn(w, k) { w * k })(1, 7)") == 7)
    }

    @Test func whatCannotBeDifferentiatedSaysSo() {
        let h = Harness()
        h.run("let x = tensor([1, 2, 3])")
        #expect(h.run("grad(fn(t) { sum(sort(t)) })(x)").hasPrefix("error: sort: not differentiable, so it cannot take a tensor grad(f) is tracing"))
        #expect(h.run("grad(fn(t) { t[0] })(x)").hasPrefix("error: Indexing is not differentiable inside grad(f)"))
        #expect(h.run("grad(fn(t) { t * 2 })(x)") == "error: grad: f must return one number (a loss), got tensor of shape [3]; reduce it with sum or mean")
        #expect(h.run("grad(fn(t) { sum(t) })(\"x\")") == "error: grad: can differentiate with respect to a number, a tensor, or a list or dict of them; got string")
        // detach reads the values; no gradient flows through them.
        #expect(h.run("print(grad(fn(t) { sum(sort(detach(t)) * t) })(tensor([3, 1, 2])))") == "tensor([1.0, 2.0, 3.0], shape [3])\n")
    }

    @Test func stdlibQuantizersAgreeWithTheNativeOnes() {
        let h = Harness()
        h.run("import quant\nlet w = randn([6, 16], seed: 4)")
        #expect(h.number("max(abs(per_channel_quantize(w, 4).q - quantize(w, bits: 4, scheme: \"symmetric\", axis: 0).q))") == 0)
        #expect(h.number("max(abs(per_channel_quantize(w, 8).scale - reshape(quantize(w, bits: 8, scheme: \"symmetric\", axis: 0).scale, [6, 1])))") == 0)
        #expect(h.number("max(abs(per_group_fake_quantize(w, 4, 8) - fake_quantize(w, bits: 4, scheme: \"symmetric\", group: 8)))") == 0)
        // The one-line STE has the native fake_quantize's value and, inside the range, its gradient.
        h.run("let q = fn(t) { fake_quantize(t, bits: 4, scheme: \"symmetric\") }\nlet x = tensor([0.1, 0.5, -0.3, 0.05])")
        #expect(h.number("max(abs(straight_through(x, q) - q(x)))") < 1e-7)
        #expect(h.number("max(abs(grad(fn(t) { sum(straight_through(t, q) * t) })(x) - grad(fn(t) { sum(q(t) * t) })(x)))") < 1e-6)
    }

    @Test func stdlibMagnitudeMaskIsWhatPruneKeeps() {
        let h = Harness()
        h.run("import masks\nlet m = mlp([16, 8], seed: 2)\nlet w = weight(m, \"0.weight\")")
        #expect(h.number("max(abs(w * magnitude_mask(w, 0.75) - weight(prune(m, 0.75), \"0.weight\")))") == 0)
    }

    @Test func stdlibFiltersKeepWhatTheyShould() {
        let h = Harness()
        h.run("import llm")
        #expect(h.run("print(top_k_filter(tensor([1, 3, 2, 0]), 2))") == "tensor([-inf,  3.0,  2.0, -inf], shape [4])\n")
        #expect(h.run("print(top_p_filter(tensor([0.1, 0.5, 0.3, 0.1]), 0.7))") == "tensor([  0.0, 0.625, 0.375,   0.0], shape [4])\n")
        #expect(h.run("print(top_p_filter(tensor([0.1, 0.5, 0.3, 0.1]), 1))") == "tensor([0.1, 0.5, 0.3, 0.1], shape [4])\n")
    }

    @Test func aTrainingStepWrittenWithGradEqualsTheNativeOne() {
        // One full-batch SGD step: train() on a one-layer model vs sgd_step(grad(cross_entropy)).
        let h = Harness()
        h.run("""
            import train
            let data = blobs(n: 40, classes: 3, features: 2, seed: 5)
            let m = mlp([2, 3], seed: 1)
            let p0 = {w: weight(m, "0.weight"), b: weight(m, "0.bias")}
            let loss = fn(p) { cross_entropy(linear_logits(p, data.x), data.y) }
            let p1 = sgd_step(p0, grad(loss)(p0), 0.5)
            train(m, data, epochs: 1, lr: 0.5, batch: 40, optimizer: "sgd")
            """)
        #expect(h.number("max(abs(p1.w - weight(m, \"0.weight\")))") < 1e-5)
        #expect(h.number("max(abs(p1.b - weight(m, \"0.bias\")))") < 1e-5)
        #expect(abs(h.number("loss(p0)") - h.number("evaluate(mlp([2, 3], seed: 1), data).loss")) < 1e-5)
        let run = h.run("let r = descend(loss, p0, 60, 0.5)\nprint(r.losses[59] < r.losses[0] / 3)")
        #expect(run == "true\n")
    }
}

/// distill_lm's refusals: the same model, a frozen student, a non-arithmetic teacher's digits.
@Test func distillLMRefusesWhatItCannotDo() {
    let h = Harness()
    h.run("let cot = load_lm(\"models/add-cot\")")
    #expect(h.run("distill_lm(cot, cot)") == "error: distill_lm: teacher and student must be different models (distill a copy: copy_model, prune, factorize or truncate_lm)")
    #expect(h.run("distill_lm(cot, truncate_lm(cot, 1), digits: [0, 3])") == "error: distill_lm: digits must be [low, high] with 1 ≤ low ≤ high ≤ 9, like [1, 3]")
    #expect(h.run("print(truncate_lm(cot, 1).config.layers)") == "1\n")
    #expect(h.run("truncate_lm(cot, 3)").hasPrefix("error: truncate_lm: layers must be in 1...2, got 3"))
}
