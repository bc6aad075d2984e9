import Foundation
import Interpreter
import Testing
@testable import Stdlib

/// Mixture-of-experts layers through the language.
@Suite struct MoEBindingTests {
    @Test func anMLPWithExpertsTrainsAndReportsItsRouting() {
        let out = output(of: """
            let data = digits(n: 200, seed: 1)
            let m = moe_mlp([64, 16, 10], experts: 4, top_k: 2, capacity: 1)
            train(m, data, epochs: 2, lr: 0.01)
            predict(m, data.x)
            let s = routing_stats(m)[0]
            print(s.layer, s.tokens, s.capacity, sum(s.assigned), sum(s.kept) + s.dropped, abs(sum(s.fraction) - 1) < 1e-6)
            set_capacity(m, nil)
            predict(m, data.x)
            print(routing_stats(m)[0].dropped, routing_stats(m)[0].capacity)
            moe_mlp([64, 16, 10], experts: 2, top_k: 3)
            """)
        #expect(out.hasPrefix("2 200 100 400 400 true\n0 nil\nerror: moe_mlp: top_k must be at most the number of experts (2), got 3"), "\(out)")
    }

    @Test func upcycledExpertsStartAtTheDenseModelAndDecode() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let e = moe(m, experts: 4, top_k: 2)
            let p = encode(m, "Q: 347+285=")
            print(e.params > 2 * m.params, max(abs(next_token_logits(e, p) - next_token_logits(m, p))) < 1e-4)
            print(solve(e, "347+285").completion == solve(m, "347+285").completion)
            print(len(routing_stats(e)), routing_stats(e)[1].layer)
            routing_stats(m)
            """)
        #expect(out.hasPrefix("true true\ntrue\n2 h.1.mlp\nerror: routing_stats: the model has no expert layers"), "\(out)")
    }
}
