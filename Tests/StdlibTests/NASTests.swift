import Testing

/// stdlib/nas.wh: the cost models against the built networks, budgets counted in trainings,
/// the Pareto front, the predictor and the rank correlation on cases worked out by hand.
@Suite struct NASTests {
    @Test func costModelsCountWhatTheNetworkHas() {
        let h = Harness()
        h.run("import nas")
        #expect(h.number("space_size(mlp_space(depths: [1, 2], widths: [8, 16, 32], activations: [\"relu\", \"tanh\"]))") == 24)
        #expect(h.number("""
            let a = {widths: [24, 40, 8], activation: "gelu"}
            let m = build_arch(a)
            if m.params == arch_params(a) and flops(m) == arch_flops(a) { 1 } else { 0 }
            """) == 1)
        // Peak: the largest input + output of one layer (here the first, 64 → 24), 4 bytes each, times the batch.
        #expect(h.number("arch_peak_bytes({widths: [24, 40, 8], activation: \"gelu\"}, batch: 2)") == 4 * 2 * (64 + 24))
        #expect(h.number("arch_peak_bytes({widths: [8, 200], activation: \"gelu\"})") == 4 * (200 + 10 > 8 + 200 ? 210 : 208))
        #expect(h.number("if within(kb: 1)({widths: [8], activation: \"relu\"}) { 0 } else { 1 }") == 1)  // 610 weights > 256
        #expect(h.number("if within(kb: 4)({widths: [8], activation: \"relu\"}) { 1 } else { 0 }") == 1)
    }

    @Test func searchesSpendExactlyTheirBudgetOfTrainingsAndStayInTheSpace() {
        let h = Harness(seed: 3)
        h.run("""
            import nas
            let space = mlp_space(depths: [1, 2], widths: [8, 16], activations: ["relu", "tanh"])
            let data = split(digits(n: 200, seed: 1), 0.5, seed: 2)
            let ev1 = evaluator(data.train, data.test, epochs: 1)
            let ev2 = evaluator(data.train, data.test, epochs: 1)
            let r = random_search(space, ev1, 6)
            let e = evolution(space, ev2, 9, population: 4, sample: 2)
            """)
        #expect(h.number("ev1.count()") == 6)
        #expect(h.number("ev2.count()") == 9)
        #expect(h.number("r[-1].trainings") == 6)
        #expect(h.number("len(filter(e, fn(x) { len(x.arch.widths) < 1 or len(x.arch.widths) > 2 }))") == 0)
        #expect(h.run("best_at(e, 9) == max(map(e, fn(x) { x.accuracy })) and best_curve(e, 9)[0] == e[0].accuracy") == "true")
        // A space of 12 architectures and a budget of 20 trainings: evolution stops when nothing new is left.
        #expect(h.run("len(evolution(space, evaluator(data.train, data.test, epochs: 1), 20, population: 4)) > 0") == "true")
    }

    @Test func paretoFrontPredictorAndRankCorrelation() {
        let h = Harness()
        h.run("import nas")
        h.run("""
            fn entry(w, acc) { {arch: {widths: [w], activation: "relu"}, accuracy: acc} }
            let front = pareto_front([entry(16, 0.8), entry(8, 0.7), entry(32, 0.75), entry(24, 0.9), entry(8, 0.6)])
            """)
        #expect(h.run("map(front, fn(e) { e.arch.widths[0] })") == "[8, 16, 24]")
        #expect(h.number("spearman([1, 2, 3, 4], [10, 20, 30, 40])") == 1)
        #expect(abs(h.number("spearman([1, 2, 3, 4], [40, 30, 20, 10])") + 1) < 1e-6)
        // Accuracies that are exactly linear in the features are fitted exactly.
        #expect(h.number("""
            let archs = map([[8], [16, 8], [32, 32, 8], [64], [24, 16], [8, 8, 8], [128, 8]], fn(w) { {widths: w, activation: "tanh"} })
            let entries = map(archs, fn(a) { {arch: a, accuracy: 0.1 + 0.02 * log(arch_params(a)) / log(2) - 0.01 * len(a.widths)} })
            let p = fit_predictor(entries)
            max(map(entries, fn(e) { abs(p(e.arch) - e.accuracy) }))
            """) < 1e-4)
    }
}
