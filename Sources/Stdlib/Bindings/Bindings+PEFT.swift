import Compression
import Foundation
import Interpreter
import LM
import NN
import TensorCore

/// Parameter-efficient fine-tuning: LoRA, adapters, QLoRA's NF4, freezing, fine-tuning a
/// language model on a new answer format, and the memory training needs.
enum PEFTBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("lora", doc: """
            A copy of the model with LoRA on its matrix layers: y = W₀x + (α/r)·B·A·x, A [r, in] \
            Kaiming-uniform, B [out, r] zero (so the copy starts equal to the model), every other weight frozen. \
            targets: layer names or their endings (\"attn.qkv\", \"mlp.fc1\", \"0\"), nil for every matrix layer. \
            alpha nil means α = r; rslora: true scales by α/√r.
            """, params: loraParams) { args in try loraCopy(args, for: "lora", baseInNF4: false) }
        it.define("qlora", doc: """
            QLoRA in miniature: a copy whose targeted Linears are stored in NF4 (4-bit normal-float \
            codes, one absmax per 64 weights) and frozen, with LoRA in Float32 on top. Same options as lora.
            """, params: loraParams) { args in try loraCopy(args, for: "qlora", baseInNF4: true) }
        it.define("merge_lora", doc: """
            A copy with every LoRA update folded into its weight, W = W₀ + (α/r)·B·A, and the \
            adapters removed: the original architecture, as fast as before, same outputs.
            """, params: [NativeParam("model")]) { args in
            let (module, wrap) = try Bridge.compressible(try args["model"], for: "merge_lora")
            guard !loraLayers(of: module).isEmpty else { throw RuntimeError("the model has no LoRA layers (make one with lora(model))") }
            let merged = try mergedLoRA(module)
            merged.unfreeze()
            return try wrap(merged)
        }
        it.define("adapters", doc: """
            A copy with Houlsby adapters, x + W_up·GELU(W_down·x), bottleneck `size`, inserted after \
            each block's attention output and MLP (a GPT) or after each hidden layer (an MLP); everything else frozen.
            """, params: [NativeParam("model"), .int("size", default: 8, atLeast: 1), .int("seed", default: 0, atLeast: 0)]) { args in
            let (module, wrap) = try Bridge.compressible(try args["model"], for: "adapters")
            let copy = try Bridge.plainCopy(module, for: "adapters")
            try addAdapters(to: copy, size: try args.int("size"), seed: UInt64(try args.int("seed")), where: houlsbyPlacement(for: copy))
            return try wrap(copy)
        }
        it.define("freeze", doc: """
            Freezes the model's weights in place except those whose names start with one of \
            `except` (e.g. [\"lm_head\", \"ln_f\"]): frozen weights get no gradient and training leaves them. \
            Returns how many weights stay trainable. freeze(m, except: []) freezes all; unfreeze(m) undoes it.
            """, params: [NativeParam("model"), .list("except", default: .list(ListBox([])))]) { args in
            let module = try Bridge.networkToChange(try args["model"], for: "freeze")
            let keep = try Convert.strings(try args["except"], for: "freeze")
            let names = module.namedParameters().map(\.0)
            for prefix in keep where !names.contains(where: { matches($0, prefix: prefix) }) {
                throw RuntimeError("no weight is named \(prefix.debugDescription) or starts with it; the model has \(names.prefix(8).joined(separator: ", "))\(names.count > 8 ? ", ..." : "")")
            }
            module.unfreeze()
            module.freeze { name in !keep.contains { matches(name, prefix: $0) } }
            return .number(Double(module.trainableParameterCount))
        }
        it.define("unfreeze", doc: "Makes every weight of the model trainable again (in place). Returns the count.",
                  params: [NativeParam("model")]) { args in
            let module = try Bridge.networkToChange(try args["model"], for: "unfreeze")
            module.unfreeze()
            return .number(Double(module.trainableParameterCount))
        }
        it.define("train_memory", doc: """
            Bytes a training step keeps besides activations: {params, trainable, weights, gradients, \
            optimizer, total} — every weight's storage, a Float32 gradient per trainable weight, and the optimizer's \
            state per trainable weight (adam/adamw: m and v; momentum: one; sgd: none). precision: "mixed" stores \
            weights and gradients in 16 bits and counts the FP32 master copy with the optimizer's state (16 bytes a \
            weight with Adam, as ZeRO counts).
            """, params: [NativeParam("model"), .choice("optimizer", TrainingMemory.OptimizerKind.allCases.map(\.rawValue), default: "adam"),
                          .choice("precision", ["fp32", "mixed"], default: "fp32")]) { args in
            let (module, _) = try Bridge.compressible(try args["model"], for: "train_memory")
            let memory = TrainingMemory(module, optimizer: TrainingMemory.OptimizerKind(rawValue: try args.string("optimizer")) ?? .adam,
                                        mixedPrecision: try args.string("precision") == "mixed")
            return Bridge.record([("params", .number(Double(memory.parameters))), ("trainable", .number(Double(memory.trainableParameters))),
                                  ("weights", .number(Double(memory.parameterBytes))), ("gradients", .number(Double(memory.gradientBytes))),
                                  ("optimizer", .number(Double(memory.optimizerBytes))), ("total", .number(Double(memory.totalBytes)))])
        }
        it.define("nf4", doc: """
            NF4 (QLoRA's 4-bit NormalFloat) of a tensor: blocks of 64 values, each scaled by its \
            absmax and rounded to the nearest of 16 levels at normal quantiles (with an exact 0). Returns \
            {codes, absmax, values (dequantized), levels, bits_per_weight}.
            """, params: [NativeParam("x")]) { args in
            let x = try Convert.tensor(try args["x"], for: "nf4")
            try Convert.requireFinite(x, for: "nf4", what: "x")
            let (codes, absmax) = try NF4.encode(x)
            let values = try NF4.decode(codes: codes, absmax: absmax, shape: x.shape)
            return Bridge.record([("codes", .native(TensorValue(try Tensor(shape: x.shape, scalars: codes.map(Float.init))))),
                                  ("absmax", .native(TensorValue(try Tensor(shape: [absmax.count], scalars: absmax)))),
                                  ("values", .native(TensorValue(values))),
                                  ("levels", .list(ListBox(NF4.levels.map(Bridge.number)))),
                                  ("bits_per_weight", .number(4 + 32.0 / Double(NF4.blockSize)))])
        }
        it.define("save_adapter", doc: """
            Writes the model's trainable weights alone — LoRA's A and B, adapters, an unfrozen head — \
            to path.safetensors in the current folder, under PEFT's names (base_model.model.<weight name>), with r \
            and α in the metadata for LoRA: kilobytes where the model takes hundreds.
            """, params: [NativeParam("model"), .string("path")]) { args in
            let (module, _) = try Bridge.compressible(try args["model"], for: "save_adapter")
            let path = try args.string("path")
            try LMFiles.checkRelative(path, for: "save_adapter")
            try saveAdapter(module, to: try session.files.writable(LMFiles.checkpointPath(path), for: "save_adapter"))
            return .nil
        }
        it.define("load_adapter", doc: """
            Loads a file written by save_adapter into a model prepared the same way (lora with the same \
            targets and rank, adapters of the same size, or the same part unfrozen), in place.
            """, params: [NativeParam("model"), .string("path")]) { args in
            let module = try Bridge.networkToChange(try args["model"], for: "load_adapter")
            try loadAdapter(into: module, from: try LMFiles.locate(try args.string("path"), in: session.files, for: "load_adapter"))
            return .nil
        }
        it.define("finetune_lm", doc: """
            Fine-tunes a language model in place on random additions answered in `format` \
            (\"reversed\" writes the sum units first: 347+285 → \"A: 236\"): AdamW on the weights that are not \
            frozen, so it trains the whole model, or only its LoRA, adapters or unfrozen head. The model then answers \
            in that format. Returns the mean loss every `every` steps.
            """, params: [NativeParam("model"), .choice("format", Arithmetic.Format.allCases.map(\.rawValue), default: "reversed"),
                          .int("steps", default: 300, atLeast: 1), .int("batch", default: 32, atLeast: 1),
                          .number("lr", default: 0.003, above: 0), .list("digits", default: .list(ListBox([1, 3]))),
                          .int("every", default: 25, atLeast: 1), .int("seed", default: 0, atLeast: 0)]) { args in
            let f = "finetune_lm"
            let lm = try LMBindings.model(try args["model"], for: f)
            if lm.isFrozen { throw RuntimeError.frozen("language model", change: "fine-tune copy_model(m),") }
            let format = Arithmetic.Format(rawValue: try args.string("format")) ?? .reversed
            let curve = try LMTraining.fineTuneArithmetic(lm.model.network, format: format, digits: try LMBindings.digitRange(args, for: f),
                                                          steps: try args.int("steps"), batchSize: try args.int("batch"),
                                                          learningRate: Float(try args.number("lr")),
                                                          seed: UInt64(try args.int("seed")), every: try args.int("every"))
            lm.format = format
            return .list(ListBox(curve.map(Bridge.number)))
        }
    }

    /// The options lora and qlora share.
    static let loraParams: [NativeParam] = [
        NativeParam("model"), .int("rank", default: 4, atLeast: 1), .number("alpha", default: .nil, above: 0),
        .number("dropout", default: 0, in: 0...0.99), NativeParam("targets", default: .nil), .bool("rslora", default: false),
        .int("seed", default: 0, atLeast: 0),
    ]

    /// lora and qlora: a copy with LoRA on the targeted matrix layers, their base first stored in
    /// NF4 for qlora.
    static func loraCopy(_ args: Arguments, for function: String, baseInNF4: Bool) throws -> Value {
        let (module, wrap) = try Bridge.compressible(try args["model"], for: function)
        let copy = try Bridge.plainCopy(module, for: function)
        let config = try loraConfig(args)
        let filter = try targetFilter(try args["targets"], in: copy, for: function)
        if baseInNF4 {
            try copy.replaceModules { path, layer in
                guard let linear = layer as? Linear, filter(path, linear) else { return nil }
                return try NF4Linear(linear)
            }
            try applyLoRA(to: copy, config: config) { _, layer in layer is NF4Linear }
        } else {
            try applyLoRA(to: copy, config: config, where: filter)
        }
        return try wrap(copy)
    }

    static func loraConfig(_ args: Arguments) throws -> LoRAConfig {
        let rank = try args.int("rank")
        let alpha = try args.isNil("alpha") ? nil : Float(try args.number("alpha"))
        return LoRAConfig(rank: rank, alpha: alpha, dropout: Float(try args.number("dropout")),
                          rankStabilized: try args.bool("rslora"), seed: UInt64(try args.int("seed")))
    }

    /// Which matrix layers `targets` names: each target is a layer's dotted name or its ending
    /// after a dot ("mlp.fc1" matches "h.0.mlp.fc1"); nil takes every matrix layer.
    static func targetFilter(_ targets: Value, in module: any Module, for function: String) throws -> (String, any MatrixLayer) -> Bool {
        if targets.isNil { return { _, _ in true } }
        let names = try Convert.strings(targets, for: function)
        let paths = module.matrixLayers().map(\.path)
        for name in names where !paths.contains(where: { matchesLayer($0, name) }) {
            throw RuntimeError("no matrix layer is called \(name.debugDescription); the model has \(paths.joined(separator: ", "))")
        }
        return { path, _ in names.contains { matchesLayer(path, $0) } }
    }

    static func matchesLayer(_ path: String, _ target: String) -> Bool { path == target || path.hasSuffix("." + target) }

    /// A weight name equal to `prefix` or inside it ("h.0" covers "h.0.attn.qkv.weight").
    static func matches(_ name: String, prefix: String) -> Bool { name == prefix || name.hasPrefix(prefix + ".") }
}
