import Foundation
import NN
import Interpreter
import LM
import TensorCore

/// Training the tiny arithmetic models, saving checkpoints, and tokenizers.
extension LMBindings {
    static func installTraining(_ session: Session) {
        let it = session.interpreter
        it.define("train_arithmetic", doc: """
            Trains a tiny GPT on random additions (AdamW, warm-up, \
            cosine decay, loss on the answer only). format "direct" answers at once, "scratchpad" works digit by digit. \
            experts > 0 makes every block's MLP a mixture of that many experts of width expert_ratio·width (routing options as in moe_mlp).
            """, params: [.choice("format", ["direct", "scratchpad"], default: "scratchpad"), .list("digits", default: .list(ListBox([1, 3]))),
                          .int("steps", default: 1500, atLeast: 1), .int("batch", default: 32, atLeast: 1), .number("lr", default: 0.003, above: 0),
                          .int("width", default: 64, in: 2...1024), .int("layers", default: 2, in: 1...32), .int("heads", default: 4, in: 1...64),
                          .int("context", default: 80, in: 8...4096), .int("seed", default: 0, atLeast: 0),
                          .int("experts", default: 0, in: 0...64), .int("expert_ratio", default: 1, in: 1...16)]
                + MoEBindings.routingParams) { args in
            let f = "train_arithmetic"
            let format = Arithmetic.Format(rawValue: try args.string("format")) ?? .scratchpad
            let digits = try digitRange(args, for: f)
            let config = GPTConfig(vocabularySize: Arithmetic.alphabet.count, context: try args.int("context"), width: try args.int("width"),
                                   heads: try args.int("heads"), layers: try args.int("layers"), mlpRatio: 4, positions: .rotary, tiedHead: true)
            let run = try LMTraining.trainArithmetic(format: format, digits: digits, steps: try args.int("steps"),
                                                     batchSize: try args.int("batch"), learningRate: Float(try args.number("lr")),
                                                     config: config, seed: UInt64(try args.int("seed")),
                                                     experts: try args.int("experts") == 0 ? nil
                                                        : LMTraining.ExpertLayout(count: try args.int("experts"), ratio: try args.int("expert_ratio"),
                                                                                  routing: try MoEBindings.routing(args)))
            let manifest = DictBox(run.manifest.keys.sorted().map { ($0, .string(run.manifest[$0] ?? "")) })
            manifest["config"] = LMValue.configValue(config)
            return .native(LMValue(model: run.model, tokenizer: Arithmetic.tokenizer, name: "arith-\(format.rawValue)",
                                   manifest: .dict(manifest), format: format, lossCurve: run.lossCurve))
        }
        it.define("distill_lm", doc: """
            Token-level knowledge distillation: trains student in place on random additions in the teacher's \
            answer format, at every answer token L = α·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)) + (1 − α)·CE(z_s, y). \
            The student is any language model with the teacher's vocabulary — a pruned, factorised or truncated \
            copy (its pruning masks keep pruned weights at zero). Returns the mean loss every 25 steps.
            """, params: [NativeParam("teacher"), NativeParam("student"), .int("steps", default: 200, atLeast: 1),
                          .list("digits", default: .list(ListBox([1, 3]))), .int("batch", default: 16, atLeast: 1),
                          .number("lr", default: 0.003, above: 0), .number("T", default: 2, above: 0),
                          .number("alpha", default: 0.5, in: 0...1), .int("seed", default: 0, atLeast: 0)]) { args in
            let f = "distill_lm"
            let teacher = try model(try args["teacher"], for: f, name: "teacher")
            let student = try model(try args["student"], for: f, name: "student")
            guard teacher !== student, teacher.model.network !== student.model.network else {
                throw RuntimeError("teacher and student must be different models (distill a copy: copy_model, prune, factorize or truncate_lm)")
            }
            if student.isFrozen { throw RuntimeError.frozen("language model", change: "distill into copy_model(m),") }
            guard let format = teacher.format else {
                throw RuntimeError("\(teacher.name) is not an arithmetic model (its checkpoint names no answer format)")
            }
            let curve = try LMTraining.distillArithmetic(
                teacher: teacher.model, student: student.model.network, format: format, digits: try digitRange(args, for: f),
                steps: try args.int("steps"), batchSize: try args.int("batch"), learningRate: Float(try args.number("lr")),
                temperature: Float(try args.number("T")), alpha: Float(try args.number("alpha")), seed: UInt64(try args.int("seed")))
            return .list(ListBox(curve.map { Bridge.number($0) }))
        }
        it.define("truncate_lm", doc: """
            The model's first `layers` blocks with its embedding, final norm and head (a copy): a smaller model \
            that runs as is (early exit, the self-speculative draft) and a student for distill_lm.
            """, params: [NativeParam("model"), .int("layers", atLeast: 1)]) { args in
            let lm = try model(try args["model"], for: "truncate_lm")
            return .native(lm.replacing(network: try lm.model.truncated(layers: try args.int("layers")).network))
        }
        it.define("save_lm", doc: """
            Writes path.safetensors and path.json (the manifest; nil keeps \
            the model's own) under the current folder (while grading: a scratch folder of the submission's own). The path must stay inside it.
            """, params: [NativeParam("model"), .string("path"), NativeParam("manifest", default: .nil)]) { args in
            let lm = try model(try args["model"], for: "save_lm")
            try LMFiles.save(lm, to: try args.string("path"), in: session.files, manifest: try args.isNil("manifest") ? lm.manifest : try args["manifest"], for: "save_lm")
            return .nil
        }
    }

    // MARK: tokenizers

    /// The tokenizer of a model or tokenizer value.
    static func tokenizer(_ value: Value, for function: String) throws -> any Tokenizer {
        switch value {
        case .native(let t as TokenizerValue): return t.tokenizer
        case .native(let m as LMValue): return m.tokenizer
        default: throw RuntimeError("\(function): expect a tokenizer or a language model, got \(value.typeName)")
        }
    }

    static func installTokenizers(_ session: Session) {
        let it = session.interpreter
        it.define("char_tokenizer", doc: "One token per distinct character of corpus, ids in code-point order.",
                  params: [NativeParam("corpus")]) { args in
            .native(TokenizerValue(CharTokenizer(corpus: try args.string("corpus"))))
        }
        it.define("bpe_train", doc: """
            A byte-level BPE tokenizer: starts from the 256 bytes and merges the most \
            frequent adjacent pair, `merges` times (ties: the smallest pair), as GPT-2's tokenizer was built.
            """, params: [NativeParam("corpus"), NativeParam("merges", default: 50)]) { args in
            let merges = try Convert.int(try args["merges"], for: "bpe_train", name: "merges")
            guard (0...10_000).contains(merges) else { throw RuntimeError("bpe_train: expect 0 to 10000 merges, got \(merges)") }
            let corpus = try args.string("corpus")
            return .native(TokenizerValue(try BPETokenizer.train(corpus: corpus, vocabularySize: 256 + merges)))
        }
        it.define("encode", doc: "The token ids of text (a model works as its own tokenizer).",
                  params: [NativeParam("tokenizer"), NativeParam("text")]) { args in
            if case .native(let m as LMValue) = try args["tokenizer"] { return list(try encode(m, try args.string("text"), for: "encode", what: "text")) }
            let tok = try tokenizer(try args["tokenizer"], for: "encode")
            let text = try args.string("text")
            return list(try tok.encode(text))
        }
        it.define("decode", doc: "The text of a list of token ids.",
                  params: [NativeParam("tokenizer"), NativeParam("ids")]) { args in
            let tok = try tokenizer(try args["tokenizer"], for: "decode")
            let ids = try Convert.ints(try args["ids"], for: "decode", name: "ids")
            return .string(try tok.decode(ids))
        }
        it.define("tokenize", doc: "Text cut into its tokens, as a list of strings.",
                  params: [NativeParam("tokenizer"), NativeParam("text")]) { args in
            let tok = try tokenizer(try args["tokenizer"], for: "tokenize")
            let text = try args.string("text")
            if case .native(let m as LMValue) = try args["tokenizer"] { _ = try encode(m, text, for: "tokenize", what: "text") }
            let ids = try tok.encode(text)
            return .list(ListBox(try ids.map { id in .string(try tok.decode([id])) }))
        }
    }
}
