import Testing
@testable import Stdlib

/// Stop strings of any length in generate, beam search and speculative, through the language.
@Suite struct StopStringBindingTests {
    @Test func beamSearchEndsAtAMultiCharacterStopAndCutsTheText() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let p = "Q: 347+285="
            let g = generate_detail(m, p, max_tokens: 45, stop: " A:")
            let b = generate_detail(m, p, max_tokens: 45, stop: " A:", beam: 3)
            print(repr(g.text), g.finish)
            print(b.text == g.text, b.finish, len(b.beams))
            for h in b.beams { print(" A:" in h.text, h.finish, ends_with(h.text, "c0")) }
            let d = load_lm("models/add-direct")
            print(repr(generate(d, "Q: 12+34=", max_tokens: 12, stop: "\\n\\n", beam: 2)))
            """)
        #expect(out == """
            " S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0" stop
            true stop 3
            false stop true
            false stop true
            false stop true
            " A: 44"

            """)
    }

    @Test func stdlibGreedyDecodeStopsWhereGenerateDoes() {
        // stdlib/llm.wh's readable decoder must agree with the native one for any stop string.
        let out = output(of: """
            import llm
            let m = load_lm("models/add-cot")
            let p = "Q: 347+285="
            for stop in [" A:", "c1 ", "\\n"] {
              print(greedy_decode(m, p, max_tokens: 45, stop: stop) == generate(m, p, max_tokens: 45, stop: stop))
            }
            """)
        #expect(out == "true\ntrue\ntrue\n")
    }

    @Test func speculativeWithAMultiCharacterStopEqualsGenerateWithIt() {
        let out = output(of: """
            let t = load_lm("models/add-cot")
            let d = load_lm("models/add-draft")
            let p = "Q: 4821+3907="
            for stop in [" A:", "c1 ", ["\\n\\n", "=1", "c0"], "\\n"] {
              let g = generate_detail(t, p, max_tokens: 60, stop: stop)
              let s = speculative(t, d, p, gamma: 4, max_tokens: 60, stop: stop)
              print(s.text == g.text, s.tokens == g.tokens, s.finish, g.finish, repr(s.text))
            }
            """)
        #expect(out == """
            true true stop stop " S: 1+7+0=8c0 2+0+0=2c0 8+9+0=8c1 4+3+1=7c0"
            true true stop stop " S: 1+7+0=8c0 2+0+0=2c0 8+9+0=8"
            true true stop stop " S: 1+7+0=8"
            true true stop stop " S: 1+7+0=8c0 2+0+0=2c0 8+9+0=8c1 4+3+1=7c0 A: 7828"

            """)
    }

    @Test func anEmptyStopStringIsRefusedNamingTheFunction() {
        let reason = "a stop string is empty; every text contains \"\", so it would end the text before it starts (pass stop: nil for no stop)"
        #expect(output(of: "generate(load_lm(\"models/add-cot\"), \"Q: 1+2=\", stop: \"\")") == "error: generate: " + reason)
        #expect(output(of: "generate_detail(load_lm(\"models/add-cot\"), \"Q: 1+2=\", stop: [\"\\n\", \"\"], beam: 2)") ==
                "error: generate_detail: " + reason)
        #expect(output(of: """
            let t = load_lm("models/add-cot")
            speculative(t, load_lm("models/add-draft"), "Q: 1+2=", stop: [""])
            """) == "error: speculative: " + reason)
    }
}
