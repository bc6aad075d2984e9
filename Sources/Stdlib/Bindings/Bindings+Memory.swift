import Interpreter
import LM
import NN

/// The memory of training and of decoding.
enum MemoryBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("step_memory", doc: """
            Measures one training step of a language model on `batch` random additions: {weights, activations, \
            allocated, gradients, optimizer, peak} in bytes. activations is what the autodiff graph keeps for backward, \
            counted by walking it after the forward pass; allocated is what the forward pass's tensors still hold then, \
            as the allocator counts it (a view shares its parent's buffer). checkpoint: true recomputes each block's \
            activations during backward instead.
            """, params: [NativeParam("model"), .int("batch", default: 16, in: 1...4096), .bool("checkpoint", default: false),
                          .choice("optimizer", TrainingMemory.OptimizerKind.allCases.map(\.rawValue), default: "adam")]) { args in
            let lm = try LMBindings.model(try args["model"], for: "step_memory")
            if lm.isFrozen { throw RuntimeError.frozen("language model", change: "measure copy_model(m),") }
            let m = try LMTraining.measureStep(lm.model.network, format: lm.format ?? .scratchpad, batchSize: try args.int("batch"),
                                               checkpoint: try args.bool("checkpoint"),
                                               optimizer: TrainingMemory.OptimizerKind(rawValue: try args.string("optimizer")) ?? .adam)
            return Bridge.record([("weights", .number(Double(m.weights))), ("activations", .number(Double(m.activations))),
                                  ("allocated", .number(Double(m.allocated))),
                                  ("gradients", .number(Double(m.gradients))), ("optimizer", .number(Double(m.optimizerState))),
                                  ("peak", .number(Double(m.peak)))])
        }
        it.define("kv_cache_bytes", doc: """
            The KV cache of a language model for `tokens` positions: {formula, allocated} where formula = \
            2·layers·heads·head_dim·tokens·4 bytes and allocated is what the decoder's cache holds (its ring has context slots).
            """, params: [NativeParam("model"), .int("tokens", default: .nil, atLeast: 1)]) { args in
            let lm = try LMBindings.model(try args["model"], for: "kv_cache_bytes")
            let c = lm.model.config
            let tokens = try args.isNil("tokens") ? c.context : try args.int("tokens")
            return Bridge.record([("formula", .number(Double(KVCache.bytes(layers: c.layers, heads: c.heads, headDim: c.headDim, tokens: tokens)))),
                                  ("allocated", .number(Double(lm.model.makeCache().bytes)))])
        }
    }
}
