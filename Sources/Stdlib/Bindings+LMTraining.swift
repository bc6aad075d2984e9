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
            train_arithmetic(format: "scratchpad", digits: [1, 3], steps: 1500, batch: 32, lr: 0.003, width: 64, \
            layers: 2, heads: 4, context: 80, seed: 0) — trains a tiny GPT on random additions (AdamW, warm-up, \
            cosine decay, loss on the answer only). format "direct" answers at once, "scratchpad" works digit by digit.
            """, params: [NativeParam("format", default: "scratchpad"), NativeParam("digits", default: .list(ListBox([1, 3]))),
                          NativeParam("steps", default: 1500), NativeParam("batch", default: 32), NativeParam("lr", default: 0.003),
                          NativeParam("width", default: 64), NativeParam("layers", default: 2), NativeParam("heads", default: 4),
                          NativeParam("context", default: 80), NativeParam("seed", default: 0)]) { args in
            let f = "train_arithmetic"
            let formatName = try args.string(0, "format")
            guard let format = Arithmetic.Format(rawValue: formatName) else {
                throw RuntimeError("train_arithmetic: format must be \"direct\" or \"scratchpad\", got \(formatName.debugDescription)")
            }
            let range = try Convert.ints(args[1], for: f, name: "digits")
            guard range.count == 2, range[0] >= 1, range[0] <= range[1], range[1] <= 9 else {
                throw RuntimeError("train_arithmetic: digits must be [low, high] with 1 ≤ low ≤ high ≤ 9, like [1, 3]")
            }
            let int = { (i: Int, name: String) in try Convert.int(args[i], for: f, name: name) }
            let config = GPTConfig(vocabularySize: Arithmetic.alphabet.count, context: try int(8, "context"), width: try int(5, "width"),
                                   heads: try int(7, "heads"), layers: try int(6, "layers"), mlpRatio: 4, positions: .rotary, tiedHead: true)
            let seed = try int(9, "seed")
            guard seed >= 0 else { throw RuntimeError("train_arithmetic: expect a seed ≥ 0, got \(seed)") }
            let run = try guarded(f) {
                try LMTraining.trainArithmetic(format: format, digits: range[0]...range[1], steps: try int(2, "steps"),
                                               batchSize: try int(3, "batch"),
                                               learningRate: Float(try Convert.number(args[4], for: f, name: "lr")),
                                               config: config, seed: UInt64(seed))
            }
            let manifest = DictBox(run.manifest.keys.sorted().map { ($0, .string(run.manifest[$0] ?? "")) })
            manifest["config"] = LMValue.configValue(config)
            return .native(LMValue(model: run.model, tokenizer: Arithmetic.tokenizer, name: "arith-\(format.rawValue)",
                                   manifest: .dict(manifest), format: format, lossCurve: run.lossCurve))
        }
        it.define("save_lm", doc: """
            save_lm(model, path, manifest: nil) — writes path.safetensors and path.json (the manifest; nil keeps \
            the model's own) under the current folder (while grading: a scratch folder of the submission's own). The path must stay inside it.
            """, params: [NativeParam("model"), NativeParam("path"), NativeParam("manifest", default: .nil)]) { args in
            let lm = try model(args[0], for: "save_lm")
            try LMFiles.save(lm, to: try args.string(1, "path"), in: session.files, manifest: args[2].isNil ? lm.manifest : args[2], for: "save_lm")
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
        it.define("char_tokenizer", doc: "char_tokenizer(corpus) — one token per distinct character of corpus, ids in code-point order.",
                  params: [NativeParam("corpus")]) { args in
            .native(TokenizerValue(CharTokenizer(corpus: try args.string(0, "corpus"))))
        }
        it.define("bpe_train", doc: """
            bpe_train(corpus, merges: 50) — a byte-level BPE tokenizer: starts from the 256 bytes and merges the most \
            frequent adjacent pair, `merges` times (ties: the smallest pair), as GPT-2's tokenizer was built.
            """, params: [NativeParam("corpus"), NativeParam("merges", default: 50)]) { args in
            let merges = try Convert.int(args[1], for: "bpe_train", name: "merges")
            guard (0...10_000).contains(merges) else { throw RuntimeError("bpe_train: expect 0 to 10000 merges, got \(merges)") }
            let corpus = try args.string(0, "corpus")
            return .native(TokenizerValue(try guarded("bpe_train") { try BPETokenizer.train(corpus: corpus, vocabularySize: 256 + merges) }))
        }
        it.define("encode", doc: "encode(tokenizer, text) — the token ids of text (a model works as its own tokenizer).",
                  params: [NativeParam("tokenizer"), NativeParam("text")]) { args in
            if case .native(let m as LMValue) = args[0] { return list(try encode(m, try args.string(1, "text"), for: "encode", what: "text")) }
            let tok = try tokenizer(args[0], for: "encode")
            let text = try args.string(1, "text")
            return list(try guarded("encode") { try tok.encode(text) })
        }
        it.define("decode", doc: "decode(tokenizer, ids) — the text of a list of token ids.",
                  params: [NativeParam("tokenizer"), NativeParam("ids")]) { args in
            let tok = try tokenizer(args[0], for: "decode")
            let ids = try Convert.ints(args[1], for: "decode", name: "ids")
            return .string(try guarded("decode") { try tok.decode(ids) })
        }
        it.define("tokenize", doc: "tokenize(tokenizer, text) — text cut into its tokens, as a list of strings.",
                  params: [NativeParam("tokenizer"), NativeParam("text")]) { args in
            let tok = try tokenizer(args[0], for: "tokenize")
            let text = try args.string(1, "text")
            if case .native(let m as LMValue) = args[0] { _ = try encode(m, text, for: "tokenize", what: "text") }
            let ids = try guarded("tokenize") { try tok.encode(text) }
            return .list(ListBox(try ids.map { id in .string(try guarded("tokenize") { try tok.decode([id]) }) }))
        }
    }
}
