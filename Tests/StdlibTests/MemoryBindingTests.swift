import Testing
@testable import Stdlib

@Suite struct MemoryBindingTests {
    @Test func stepMemoryAndTheKVCacheFormula() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let a = step_memory(m, batch: 8)
            let b = step_memory(m, batch: 8, checkpoint: true)
            print(a.weights == m.bytes, a.gradients == 4 * m.params, a.optimizer == 8 * m.params, b.activations < a.activations / 4)
            let kv = kv_cache_bytes(m)
            print(kv.formula == kv.allocated, kv.formula == 2 * 2 * 64 * 80 * 4, kv_cache_bytes(m, tokens: 160).formula == 2 * kv.formula)
            """)
        #expect(out == "true true true true\ntrue true true\n", "\(out)")
    }
}
