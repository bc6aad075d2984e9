import Interpreter
import LM
import NN
import TensorCore

/// Mixtures of experts: an MLP with an expert layer, experts in a language model, routing statistics.
enum MoEBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("moe_mlp", doc: """
            A classifier with a mixture of experts in the middle: Linear(in → width), ReLU, then \
            x + MoE(x) with `experts` experts of width → ratio·width → width (GELU) behind a top-k router, then \
            Linear(width → out). sizes is [in, width, out]; experts: 1 is the dense residual MLP of the same shape.
            """, params: [.list("sizes"), .int("experts", default: 4, in: 1...64), .int("ratio", default: 1, in: 1...16)]
                + routingParams + [.int("seed", default: 0, atLeast: 0)]) { args in
            let sizes = try Convert.ints(try args["sizes"], for: "moe_mlp", name: "sizes")
            guard sizes.count == 3, sizes.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
                throw RuntimeError("sizes must be [in, width, out] with each from 1 to 4096, like [64, 32, 10]")
            }
            var rng = WhittleRandom(seed: UInt64(try args.int("seed")))
            let (count, ratio, routing) = try layout(args)
            let expertWeights = count * 2 * ratio * sizes[1] * sizes[1]
            guard expertWeights <= 50_000_000 else {
                throw RuntimeError("\(count) experts of \(sizes[1]) → \(ratio * sizes[1]) → \(sizes[1]) hold \(expertWeights) weights; keep it under 50 million")
            }
            let moe = try MixtureOfExperts(dim: sizes[1], experts: count, ratio: ratio, routing: routing, residual: true, seed: rng.next())
            let model = Sequential([try Linear(sizes[0], sizes[1], using: &rng), ReLU(), moe, try Linear(sizes[1], sizes[2], using: &rng)])
            return .native(ModelValue(model))
        }
        it.define("moe", doc: """
            A copy of a language model whose every MLP becomes `experts` copies of itself behind a fresh \
            top-k router (sparse upcycling): with top_k ≥ 2 it starts computing what the dense model did.
            """, params: [NativeParam("model"), .int("experts", default: 4, in: 1...64)] + routingParams
                + [.int("seed", default: 0, atLeast: 0)]) { args in
            let lm = try LMBindings.model(try args["model"], for: "moe")
            guard let network = try lm.model.network.copy() as? GPT else { throw RuntimeError("the model's network is not a GPT") }
            try network.upcycleExperts(count: try args.int("experts"), routing: try routing(args), seed: UInt64(try args.int("seed")))
            return .native(lm.replacing(network: network))
        }
        it.define("routing_stats", doc: """
            What each expert layer's router did in the model's last forward pass: one record per layer \
            {layer, tokens, capacity, assigned, kept, dropped, tokens_dropped, fraction, mean_probability, balance, z, first_choice} \
            (first_choice: each token's top expert, in order).
            """, params: [NativeParam("model")]) { args in
            let (module, _) = try Bridge.compressible(try args["model"], for: "routing_stats")
            let layers = module.expertLayers()
            guard !layers.isEmpty else { throw RuntimeError("the model has no expert layers (make one with moe_mlp or moe)") }
            return .list(ListBox(try layers.map { path, layer in
                guard let s = layer.lastRouting else { throw RuntimeError("the expert layer \"\(path)\" has not run yet; call the model first (predict, solve, ...)") }
                return Bridge.record([
                    ("layer", .string(path)), ("tokens", .number(Double(s.tokens))),
                    ("capacity", s.capacity.map { .number(Double($0)) } ?? .nil),
                    ("assigned", Bridge.list(s.assigned)), ("kept", Bridge.list(s.kept)), ("dropped", .number(Double(s.dropped))),
                    ("tokens_dropped", .number(Double(s.tokensDropped))),
                    ("fraction", .list(ListBox(s.fraction.map(Bridge.number)))),
                    ("mean_probability", .list(ListBox(s.meanProbability.map(Bridge.number)))),
                    ("balance", Bridge.number(s.balanceLoss)), ("z", Bridge.number(s.zLoss)),
                    ("first_choice", Bridge.list(s.firstChoice)),
                ])
            }))
        }
        it.define("set_capacity", doc: """
            Sets every expert layer's capacity factor in place (nil: unlimited). Each expert then serves at most \
            ⌈c·k·N/E⌉ of a batch's N·k routing choices; the rest are dropped and pass through the residual.
            """, params: [NativeParam("model"), .number("capacity", default: .nil, above: 0)]) { args in
            let module = try Bridge.networkToChange(try args["model"], for: "set_capacity")
            let layers = module.expertLayers()
            guard !layers.isEmpty else { throw RuntimeError("the model has no expert layers") }
            let c = try args.isNil("capacity") ? nil : Float(try args.number("capacity"))
            for (_, layer) in layers { layer.routing.capacityFactor = c }
            return .nil
        }
    }

    /// The routing options moe_mlp, moe and train_arithmetic share (each declares its own `experts`).
    static let routingParams: [NativeParam] = [
        .int("top_k", default: 1, atLeast: 1), .number("capacity", default: .nil, above: 0),
        .number("balance", default: 0.01, atLeast: 0), .number("z_loss", default: 0.001, atLeast: 0),
    ]

    static func routing(_ args: Arguments) throws -> RoutingConfig {
        let k = try args.int("top_k"), count = try args.int("experts")
        guard count == 0 || k <= count else { throw RuntimeError("top_k must be at most the number of experts (\(count)), got \(k)") }
        return RoutingConfig(topK: k, capacityFactor: try args.isNil("capacity") ? nil : Float(try args.number("capacity")),
                             balanceCoefficient: Float(try args.number("balance")), zLossCoefficient: Float(try args.number("z_loss")))
    }

    static func layout(_ args: Arguments) throws -> (Int, Int, RoutingConfig) {
        (try args.int("experts"), try args.int("ratio"), try routing(args))
    }
}
