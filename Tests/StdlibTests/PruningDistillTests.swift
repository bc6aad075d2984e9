import Foundation
import Testing
@testable import Stdlib

@Suite struct PruningDistillTests {
    @Test func magnitudePruningMakesACopyAndFineTuningKeepsZeros() {
        let h = Harness()
        h.run("""
            let d = blobs(n: 200, classes: 3, features: 8, seed: 1)
            let m = mlp([8, 32, 3], seed: 0)
            let p = prune(m, 0.75)
            """)
        #expect(h.number("m.sparsity") == 0)
        #expect(h.run("for r in sparsity(p) { print(r.layer, r.sparsity) }") == "0.weight 0.75\n2.weight 0.75\n")
        h.run("train(p, d, epochs: 2, seed: 0)")
        #expect(h.number("p.sparsity") == 0.75)
        #expect(h.number("sparsity(weight(p, \"0.weight\"))") == 0.75)
    }

    @Test func nOfMStructuredAndGlobal() {
        let h = Harness()
        h.run("let m = mlp([16, 8, 4], seed: 0)")
        // 2:4 keeps exactly two of every four consecutive inputs in every row.
        #expect(h.number("let w = reshape(weight(prune(m, method: \"2:4\"), \"0.weight\"), [-1, 4])\nmax(abs(sum(w != 0, axis: 1) - 2))") == 0)
        // l1-rows removes whole rows (neurons).
        #expect(h.number("sum(sum(abs(weight(prune(m, 0.5, method: \"l1-rows\"), \"0.weight\")), axis: 1) == 0)") == 4)
        #expect(abs(h.number("prune(m, 0.6, scope: \"global\").sparsity") - 0.6) < 0.01)
        // A global threshold needs scores comparable across layers; the per-layer methods say so.
        #expect(h.run("prune(m, 0.5, method: \"l1-rows\", scope: \"global\")") == "error: prune: scope \"global\" ranks magnitude or taylor scores across layers; method \"l1-rows\" prunes each layer on its own, so use scope \"local\"")
        #expect(h.run("prune(m, method: \"biggest\")").contains("expect method \"magnitude\""))
        #expect(h.run("prune(m, 1.5)").contains("prune: amount must be in [0, 1], got 1.5"))
        #expect(h.run("prune(m, method: \"taylor\")").contains("needs data:"))
        #expect(h.number("prune(m, 0.5, method: \"taylor\", data: blobs(n: 20, features: 16, classes: 4)).sparsity") == 0.5)
    }

    /// Zhu & Gupta: s_t = s_f + (s_i − s_f)(1 − t/n)³, so t = n/2 gives s_f − s_f/8 from s_i = 0.
    @Test func gradualScheduleInWhittleFollowsTheFormula() {
        let h = Harness()
        h.run("import pruning")
        #expect(h.number("gradual_sparsity(0, target: 0.8, steps: 10)") == 0)
        #expect(abs(h.number("gradual_sparsity(5, target: 0.8, steps: 10)") - 0.7) < 1e-12)
        #expect(abs(h.number("gradual_sparsity(10, target: 0.8, steps: 10)") - 0.8) < 1e-12)
        #expect(abs(h.number("gradual_sparsity(30, target: 0.8, steps: 10)") - 0.8) < 1e-12)
    }

    @Test func kdLossNativeAndWhittleAgree() {
        let h = Harness()
        h.run("""
            import distill
            let s = randn([6, 5], seed: 1) * 2
            let t = randn([6, 5], seed: 2) * 3
            let y = tensor([0, 1, 2, 3, 4, 0])
            """)
        for (temperature, alpha) in [(1.0, 0.5), (4.0, 0.9), (8.0, 0.0)] {
            let native = h.number("kd_loss(s, t, y, T: \(temperature), alpha: \(alpha))")
            let written = h.number("distill_loss(s, t, y, T: \(temperature), alpha: \(alpha))")
            #expect(abs(native - written) < 1e-4 * max(1, abs(native)), "T=\(temperature) α=\(alpha): \(native) vs \(written)")
        }
        #expect(h.run("kd_loss(s, t, y, T: 0)").contains("kd_loss: T must be > 0, got 0"))
        #expect(h.run("kd_loss(s, t[:2], y)").contains("expect student and teacher logits [N, C]"))
    }

    @Test func distillationTrainsTheStudentInPlace() {
        let h = Harness()
        h.run("""
            let d = blobs(n: 200, classes: 3, features: 4, seed: 3)
            let teacher = mlp([4, 32, 3], seed: 0)
            train(teacher, d, epochs: 10, seed: 0)
            let student = mlp([4, 4, 3], seed: 1)
            let before = accuracy(student, d)
            let hist = distill(teacher, student, d, T: 4, alpha: 0.9, epochs: 5, seed: 0)
            """)
        #expect(h.number("len(hist)") == 5)
        #expect(h.number("accuracy(student, d) - before") > 0.2)
        #expect(h.run("distill(teacher, teacher, d)").contains("must be different models"))
    }

    @Test func factorizeSplitsLinearsBySVD() {
        let h = Harness()
        h.run("let m = mlp([32, 16, 4], seed: 0)\nlet f = factorize(m, rank: 2)")
        // Only 0 (32→16) has min(in, out) > 2 ... and 2 (16→4) too: both split.
        #expect(h.number("len(f.report)") == 2)
        let first: Double = 112, total: Double = 156  // 2·(32+16) + 16 and + 2·(16+4) + 4
        #expect(h.number("f.report[0].params_after") == first)
        #expect(h.number("f.model.params") == total)
        #expect(h.number("factorize(m, rank: 16).model.params") == h.number("m.params"))
    }

    @Test func csrMatchesDenseProducts() {
        let h = Harness()
        h.run("let a = randn([8, 12], seed: 1) * (rand([8, 12], seed: 2) > 0.7)\nlet b = randn([12, 3], seed: 3)\nlet c = csr(a)")
        #expect(h.number("max(abs(spmm(c, b) - a @ b))") < 1e-5)
        #expect(h.number("c.nnz") == h.number("sum(a != 0)"))
        #expect(h.run("spmm(a, b)").contains("expect a csr matrix"))
    }
}
