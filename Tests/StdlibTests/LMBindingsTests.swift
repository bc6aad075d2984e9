import Foundation
import Interpreter
import Testing
@testable import Stdlib

/// The committed checkpoints (models/add-*) loaded and decoded through the language.
@Suite struct LMBindingsTests {
    @Test func loadsACheckpointWithItsManifestQuickly() {
        let start = Date()
        let out = output(of: """
            let m = load_lm("models/add-cot")
            print(m.name, m.format, m.config.layers, m.config.width, m.params, len(m.vocab), m.manifest.seed)
            """)
        #expect(Date().timeIntervalSince(start) < 1)
        // 2 blocks of (wqkv, wo, w1, w2 and their biases, 2 LayerNorms) + tied embedding + final LayerNorm.
        let width = 64
        let block: Int = 12 * width * width + 13 * width
        let parameters: Int = 2 * block + 19 * width + 2 * width
        #expect(out == "add-cot scratchpad 2 64 \(parameters) 19 0\n")
    }

    @Test func greedyGenerateEqualsTheWhittleLoopOverNextTokenLogits() {
        let out = output(of: """
            import llm
            let m = load_lm("models/add-cot")
            let a = generate(m, "Q: 347+285=", max_tokens: 45, stop: "\\n")
            let b = greedy_decode(m, "Q: 347+285=", max_tokens: 45, stop: "\\n")
            let d = generate_detail(m, "Q: 347+285=", max_tokens: 45, stop: "\\n")
            print(a == b, d.text == a, len(d.tokens) == len(d.logprobs), max(d.logprobs) <= 0, d.finish)
            print(a)
            """)
        #expect(out == "true true true true stop\n S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0 A: 632\n")
    }

    @Test func nextTokenLogitsAreTheSameBitsHoweverTheContextIsFed() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let ctx = "Q: 9854+5594= S: 4+4+0=8c0 5+9+0=4c1"
            let whole = next_token_logits(m, ctx)
            print(max(abs(whole - next_token_logits(m, ctx, chunk: 1))), max(abs(whole - next_token_logits(m, ctx, chunk: 7))))
            next_token_logits(m, ctx, chunk: 0)
            """)
        #expect(out.hasPrefix("0 0\n"))
        #expect(out.contains("chunk"), "chunk 0 is refused: \(out)")
    }

    @Test func streamingPrintsTokensAsTheyComeAndReturnsNil() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let r = generate(m, "Q: 347+285=", max_tokens: 45, stop: "\\n", stream: true)
            print(r == nil)
            """)
        #expect(out == " S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0 A: 632\ntrue\n")
    }

    @Test func beamOfWidthOneIsGreedyAndBeamsComeBestFirst() {
        let out = output(of: """
            let m = load_lm("models/add-direct")
            let g = generate(m, "Q: 12+34=", max_tokens: 12, stop: "\\n")
            let b1 = generate(m, "Q: 12+34=", max_tokens: 12, stop: "\\n", beam: 1)
            let b3 = generate_detail(m, "Q: 12+34=", max_tokens: 12, stop: "\\n", beam: 3)
            print(g == b1, len(b3.beams), b3.beams[0].score >= b3.beams[1].score, b3.beams[0].text == b3.text)
            """)
        #expect(out == "true 3 true true\n")
    }

    @Test func samplingIsSeededAndFiltersNarrowIt() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let a = generate(m, "Q: 5", max_tokens: 20, temperature: 1.5, seed: 3)
            let b = generate(m, "Q: 5", max_tokens: 20, temperature: 1.5, seed: 3)
            let k1 = generate(m, "Q: 5", max_tokens: 20, temperature: 1.5, top_k: 1, seed: 9)
            let greedy = generate(m, "Q: 5", max_tokens: 20)
            print(a == b, k1 == greedy)
            """)
        #expect(out == "true true\n")
    }

    @Test func solveReadsTheAnswerAndCotBeatsDirectOnThreeDigits() {
        let out = output(of: """
            let cot = load_lm("models/add-cot")
            let direct = load_lm("models/add-direct")
            let s = solve(cot, "347 + 285")
            print(s.answer, s.expected, s.correct)
            print(eval_arithmetic(cot, digits: 3, n: 50) > eval_arithmetic(direct, digits: 3, n: 50))
            """)
        #expect(out == "632 632 true\ntrue\n")
    }

    @Test func greedySpeculativeOutputEqualsGreedyTargetOutput() {
        let out = output(of: """
            import llm
            let t = load_lm("models/add-cot")
            let d = load_lm("models/add-draft")
            let p = "Q: 4821+3907="
            let s = speculative(t, d, p, gamma: 4, max_tokens: 40, stop: "\\n")
            print(s.text == generate(t, p, max_tokens: 40, stop: "\\n"))
            print(s.accepted <= s.proposed, s.alpha == s.accepted / s.proposed, s.target_calls == s.rounds + 1)
            print(close(s.expected, expected_tokens(s.alpha, 4)), close(expected_tokens(0.8, 4), (1 - 0.8 ** 5) / 0.2))
            """)
        #expect(out == "true\ntrue true true\ntrue true\n")
    }

    @Test func errorsSayWhatIsWrongAndWhere() {
        #expect(output(of: "generate(load_lm(\"models/add-cot\"), \"Q: 3*4=\")") ==
                "error: generate: character '*' at position 4 of the prompt is not in add-cot's vocabulary \"\\n +0123456789:=ASQc\"")
        #expect(output(of: "generate(load_lm(\"models/add-cot\"), \"Q: 1+2=\", max_tokens: 100)").hasPrefix(
                "error: generate: the prompt (7 tokens) plus max_tokens (100) exceed add-cot's context of 80"))
        #expect(output(of: "load_lm(\"../secrets\")").hasPrefix("error: load_lm: \"..\" would leave the project folder"))
        #expect(output(of: "load_lm(\"/etc/passwd\")").hasPrefix("error: load_lm: use a path inside the project folder"))
        #expect(output(of: "load_lm(\"models/nothing-here\")").hasPrefix("error: load_lm: no checkpoint \"models/nothing-here.safetensors\""))
        #expect(output(of: "solve(load_lm(\"models/add-cot\"), \"3*4\")").hasPrefix("error: solve: write the problem as two whole numbers"))
    }

    @Test func aCheckpointWhoseShapesDoNotMatchItsConfigIsRefused() throws {
        // A 1-layer model saved, then its metadata claims 2 layers: loading must name the tensor.
        let dir = ".build/lm-binding-tests"
        #expect(output(of: """
            let m = train_arithmetic(format: "direct", digits: [1, 1], steps: 2, width: 16, layers: 1, heads: 2, context: 24)
            save_lm(m, "\(dir)/tiny")
            let back = load_lm("\(dir)/tiny")
            print(back.config.width, back.manifest.steps, back.format, generate(back, "Q: 1+2=", max_tokens: 4) == generate(m, "Q: 1+2=", max_tokens: 4))
            """) == "16 2 direct true\n")
        let url = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("\(dir)/tiny.safetensors")
        var data = try Data(contentsOf: url)
        // Same length, so the header's byte count stays valid: only the claimed width changes.
        let range = try #require(data.range(of: Data("\"width\":\"16\"".utf8)))
        data.replaceSubrange(range, with: Data("\"width\":\"32\"".utf8))
        try data.write(to: url.deletingLastPathComponent().appendingPathComponent("bad.safetensors"))
        #expect(output(of: "load_lm(\"\(dir)/bad\")").hasPrefix("error: load_lm: tensor \"wte\" has shape [19, 16] but the config expects [19, 32]"))
    }

    @Test func tokenizersRoundTripAndBpeMergesFrequentPairs() {
        let out = output(of: """
            let tok = bpe_train("low low low lower lowest newest widest", merges: 6)
            let ids = encode(tok, "lowest")
            print(decode(tok, ids), len(ids) < 6, tok.vocab_size, join(tokenize(tok, " low"), "|"))
            let c = char_tokenizer("abca")
            print(encode(c, "cab"), decode(c, [2, 0, 1]), len(tokenize(load_lm("models/add-cot"), "Q: 1+2=")))
            """)
        #expect(out == "lowest true 261  low\n[2, 0, 1] cab 7\n")
    }

    @Test func majorityVoteAndSelfConsistencyInWhittle() {
        let out = output(of: """
            import llm
            print(majority([3, 5, 3, nil, 5, 5]), majority([nil]), majority([1, 2]))
            let r = self_consistency(load_lm("models/add-cot"), "23+45", n: 3, seed: 1)
            print(len(r.answers), r.answer)
            """)
        #expect(out == "5 nil 1\n3 68\n")
    }

    @Test func slidingLetsGenerationRunPastTheContext() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            print(len(generate_detail(m, "Q: 1+2=", max_tokens: 100, sliding: true).tokens))
            """)
        #expect(out == "100\n")
    }

    @Test func residualDistributionAndSpeculativeTokenFollowTheFormulas() {
        // norm(max(0, p − q)) for p = [0.5, 0.3, 0.15, 0.05], q uniform: [0.25, 0.05, 0, 0] / 0.3.
        let out = output(of: """
            import llm
            let r = residual_distribution([0.5, 0.3, 0.15, 0.05], [0.25, 0.25, 0.25, 0.25])
            print(close(tensor(r), tensor([5 / 6, 1 / 6, 0, 0])), sample_index([0.2, 0.5, 0.3], 0.65), sample_index([0.2, 0.5, 0.3], 0.1))
            # Accepted draft (u2 below p/q) keeps x; rejected draws from the residual.
            print(speculative_token([0.5, 0.3, 0.15, 0.05], [0.25, 0.25, 0.25, 0.25], 0.3, 0.9, 0.5),
                  speculative_token([0.5, 0.3, 0.15, 0.05], [0.25, 0.25, 0.25, 0.25], 0.6, 0.9, 0.95))
            """)
        #expect(out == "true 1 0\n1 1\n")
    }
}
