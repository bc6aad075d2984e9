import Foundation
import Interpreter
import Testing
@testable import Stdlib

/// LoRA, adapters, QLoRA, freezing and fine-tuning through the language, on the committed
/// scratchpad model.
@Suite struct PEFTBindingTests {
    @Test func loraOnALanguageModelStartsAtTheBaseAndMergesBack() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let t = lora(m, rank: 2, targets: ["attn.qkv", "mlp.fc1"])
            print(t.trainable, t.trainable / t.params < 0.025, m.trainable == m.params)
            print(solve(t, "347+285").completion == solve(m, "347+285").completion)
            let curve = finetune_lm(t, steps: 20, batch: 8)
            print(len(curve), t.format, m.format)
            let merged = merge_lora(t)
            print(merged.params == m.params, generate(merged, "Q: 12+34=", max_tokens: 30) == generate(t, "Q: 12+34=", max_tokens: 30))
            let mem = train_memory(t)
            print(mem.gradients == 4 * t.trainable, mem.optimizer == 8 * t.trainable)
            """)
        // (64+192)·2 + (64+256)·2 per block, two blocks.
        #expect(out == "2304 true true\ntrue\n1 reversed scratchpad\ntrue true\ntrue true\n")
    }

    @Test func adaptersDecodeThroughTheReferencePathAndAgreeWithTheFastOne() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let a = adapters(m, size: 4)
            print(a.trainable, filter(a.linears, fn(x) { ends_with(x, "down") }))
            # Near-identity adapters leave the greedy answer as it was.
            print(solve(a, "347+285").completion == solve(m, "347+285").completion)
            print(generate(m, "Q: 9+9=", max_tokens: 79) == "")
            """)
        #expect(out.hasPrefix("\(4 * (2 * 64 * 4 + 4 + 64)) "), "\(out)")
        #expect(out.contains("h.0.attn.proj.1.down"))
        #expect(out.contains("\ntrue\n"), "\(out)")
        // Asking the reference path past the context names the reason.
        let past = output(of: """
            let a = adapters(load_lm("models/add-cot"), size: 4)
            generate(a, "Q: 9+9=", max_tokens: 200, stop: "never", sliding: true)
            """)
        #expect(past.contains("past the context") && past.contains("Adapter"), "\(past)")
    }

    @Test func qloraStoresTheBaseInFourBitsAndTheAdapterRoundTrips() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("peft-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(folder.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let q = qlora(m, rank: 2)
            print(q.bytes < m.bytes / 4, q.trainable)
            finetune_lm(q, steps: 5, batch: 4)
            save_adapter(q, "tuned")
            let fresh = qlora(m, rank: 2, seed: 5)
            load_adapter(fresh, "tuned")
            print(generate(fresh, "Q: 21+34=", max_tokens: 30) == generate(q, "Q: 21+34=", max_tokens: 30))
            load_adapter(lora(m, rank: 4), "tuned")
            """)
        #expect(out.hasPrefix("true "), "\(out)")
        #expect(out.contains("\ntrue\nerror: load_adapter: "), "\(out)")
        #expect(out.contains("another rank"), "\(out)")
    }

    @Test func freezeKeepsNamedPartsAndRefusesUnknownNames() {
        let out = output(of: """
            let m = copy_model(load_lm("models/add-cot"))
            print(freeze(m, except: ["wte", "ln_f"]), 19 * 64 + 2 * 64)
            print(unfreeze(m) == m.params)
            freeze(m, except: ["lm_head"])
            """)
        #expect(out.hasPrefix("1344 1344\ntrue\nerror: freeze: no weight is named \"lm_head\""), "\(out)")
    }

    @Test func factorizeTakesOneRankRule() {
        let out = output(of: """
            let m = mlp([32, 48, 10], seed: 0)
            let e = factorize(m, energy: 0.5)
            print(map(e.report, fn(r) { r.rank != nil }), e.report[0].energy >= 0.5)
            let b = factorize(m, budget: 0.25)
            print(b.model.params < m.params / 3)
            factorize(m, rank: 2, energy: 0.5)
            """)
        #expect(out.hasPrefix("[true, true] true\ntrue\nerror: factorize: give one of rank, energy or budget"), "\(out)")
    }

    @Test func theReadableLoRAAndNF4AgreeWithTheNativeOnes() {
        let h = Harness()
        h.run("""
            import peft
            let m = lora(mlp([6, 5, 3], seed: 1), rank: 2, alpha: 3)
            set_weight(m, "0.lora_B.weight", randn([5, 2], seed: 4))
            let x = randn([4, 6], seed: 2)
            let merged = weight(merge_lora(m), "0.weight")
            let v = randn([200], seed: 3) * 0.1
            let q = nf4(v)
            """)
        #expect(h.number("max(abs(merged - weight(m, \"0.base_layer.weight\") - lora_delta(weight(m, \"0.lora_A.weight\"), weight(m, \"0.lora_B.weight\"), 3)))") < 1e-5)
        // The layer's own output, on a one-layer model (inside an MLP it is hidden by the ReLU).
        h.run("""
            let one = lora(mlp([6, 3], seed: 1), rank: 2, alpha: 3)
            set_weight(one, "0.lora_B.weight", randn([3, 2], seed: 4))
            let y = lora_forward(x, weight(one, "0.base_layer.weight"), weight(one, "0.base_layer.bias"),
                                 weight(one, "0.lora_A.weight"), weight(one, "0.lora_B.weight"), 3)
            """)
        #expect(h.number("max(abs(y - predict(one, x)))") < 1e-5)
        #expect(h.number("len(filter(range(200), fn(i) { nf4_code(v[i] / q.absmax[floor(i / 64)], q.levels) != q.codes[i] }))") == 0)
    }
}

@Suite struct ReversedFormatTests {
    @Test func solveReadsAFineTunedModelsAnswerInItsFormat() {
        let out = output(of: """
            let m = load_lm("models/add-cot")
            let t = lora(m, rank: 4)
            load_adapter(t, "models/peft/lora-r4")
            let s = solve(t, "347+285", format: "reversed")
            print(s.completion, s.answer, s.correct)
            """)
        #expect(out == " S: 7+5+0=2c1 4+8+1=3c1 3+2+1=6c0 A: 236 632 true\n", "\(out)")
        // A model fine-tuned in this session answers in its new format without being told.
        let tuned = output(of: """
            let t = lora(load_lm("models/add-cot"), rank: 4)
            finetune_lm(t, steps: 1, batch: 2)
            print(t.format, solve(t, "1+2").expected)
            """)
        #expect(tuned == "reversed 3\n", "\(tuned)")
    }
}
