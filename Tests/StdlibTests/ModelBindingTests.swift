import Testing
@testable import Stdlib

@Suite struct ModelBindingTests {
    @Test func mlpFieldsCountParametersAndBytes() {
        let h = Harness()
        h.run("let m = mlp([64, 128, 10], seed: 0)")
        let params: Double = 9610  // 64·128 + 128 + 128·10 + 10
        #expect(h.number("m.params") == params)
        #expect(h.number("m.bytes") == 4 * params)
        #expect(h.number("len(m.layers)") == 3)
        #expect(h.run("print(m.layers[0].name, m.layers[0].shape, m.layers[1].type)") == "0 [128, 64] ReLU\n")
        #expect(h.run("print(m.names)") == "[\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\"]\n")
        let flops: Double = 37888  // 2 rows · 2 · (64·128 + 128·10)
        #expect(h.number("flops(m, batch: 2)") == flops)
    }

    @Test func weightsReadWriteAndCopiesAreIndependent() {
        let h = Harness()
        h.run("let m = mlp([4, 3, 2], seed: 1)\nlet c = copy_model(m)\nset_weight(c, \"0.weight\", zeros([3, 4]))")
        #expect(h.number("sum(abs(weight(c, \"0.weight\")))") == 0)
        #expect(h.number("sum(abs(weight(m, \"0.weight\")))") > 0)
    }

    @Test func wrongArgumentsSayWhatWasExpected() {
        let h = Harness()
        h.run("let m = mlp([4, 3, 2], seed: 1)")
        #expect(h.run("weight(m, \"3.weight\")").contains("no parameter named '3.weight'; expect one of 0.weight, 0.bias"))
        #expect(h.run("set_weight(m, \"0.weight\", zeros([2, 2]))").contains("expect shape [3, 4]"))
        #expect(h.run("train(5, digits(n: 10))").contains("train: expect a model for 'model'"))
        #expect(h.run("train(m, 3)").contains("expect a dataset record {x, y}"))
        #expect(h.run("train(m, blobs(n: 30, features: 4), optimizer: \"rmsprop\")").contains("train: optimizer must be \"adam\", \"adamw\" or \"sgd\", got \"rmsprop\""))
        #expect(h.run("mlp([4], seed: 0)").contains("mlp: needs at least an input and an output size"))
        #expect(h.run("predict(m, ones([2, 5]))").contains("expect inputs of shape [N, 4]"))
    }

    @Test func trainingLearnsBlobsAndIsDeterministic() {
        let h = Harness()
        h.run("""
            let d = split(blobs(n: 300, classes: 3, seed: 4), 0.8, seed: 1)
            let m = mlp([2, 16, 3], seed: 2)
            let hist = train(m, d.train, epochs: 15, lr: 0.02, seed: 3)
            """)
        #expect(h.number("len(hist)") == 15)
        #expect(h.number("hist[14].loss") < h.number("hist[0].loss"))
        #expect(h.number("accuracy(m, d.test)") > 0.9)
        #expect(h.number("evaluate(m, d.test).accuracy") == h.number("accuracy(m, d.test)"))
        let again = Harness()
        again.run("""
            let d = split(blobs(n: 300, classes: 3, seed: 4), 0.8, seed: 1)
            let m = mlp([2, 16, 3], seed: 2)
            let hist = train(m, d.train, epochs: 15, lr: 0.02, seed: 3)
            """)
        #expect(again.number("hist[14].loss") == h.number("hist[14].loss"))
    }

    @Test func datasetsHaveTheDocumentedShapes() {
        let h = Harness()
        #expect(h.run("let d = digits(n: 50, seed: 0)\nprint(d.x.shape, d.y.shape, d.classes)") == "[50, 64] [50] 10\n")
        #expect(h.run("let s = split(d, 0.8, seed: 0)\nprint(s.train.x.shape, s.test.x.shape)") == "[40, 64] [10, 64]\n")
        #expect(h.run("print(split(\"a,b\", \",\"))") == "[\"a\", \"b\"]\n")  // the string builtin still works
        #expect(h.run("split(d, 1.5)").contains("split: train must be in (0, 1), got 1.5"))
    }

    @Test func helpShowsTheDocString() {
        let h = Harness()
        #expect(h.run("help(quantize)").contains("observer picks the range"))
        #expect(h.run("help(prune)").contains("\"2:4\""))
    }

    @Test func metricsRowsCompareSizeAndAccuracy() {
        let h = Harness()
        h.run("""
            import metrics
            let d = blobs(n: 60, features: 4, seed: 1)
            let m = mlp([4, 8, 3], seed: 0)
            let r = model_row("int8", quantize_model(m).model, d, m)
            """)
        // FP32: (32 + 8 + 24 + 3)·4 = 268 bytes; INT8: 56 codes + 11 scales·4 + 11 zero points + 11 biases·4 = 155.
        #expect(abs(h.number("r[\"×smaller\"]") - 268.0 / 155.0) < 1e-9)
        #expect(h.run("print(type(compare_models([[\"fp32\", m], [\"pruned\", prune(m, 0.5)]], d)))") == "table\n")
    }
}
