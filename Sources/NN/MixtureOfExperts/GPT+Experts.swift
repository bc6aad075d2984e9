// Putting experts into the one transformer: each block's MLP becomes a mixture of experts,
// either fresh (to train from scratch) or upcycled — every expert a copy of the trained dense
// MLP (sparse upcycling, Komatsuzaki et al. 2022). With top-k ≥ 2 and renormalised gates the
// upcycled layer computes exactly what the dense MLP did (the gates sum to 1 over identical
// experts) until training pulls the copies apart.
import TensorCore

extension GPT {
    /// Replaces every block's MLP by `count` fresh experts of width ratio·width, in place.
    public func useExperts(count: Int, ratio: Int, routing: RoutingConfig, seed: UInt64) throws {
        for l in 0..<config.layers {
            let moe = try MixtureOfExperts(dim: config.width, experts: count, ratio: ratio, routing: routing,
                                           seed: seed &+ UInt64(l))
            try setModule(at: "h.\(l).mlp", to: moe)
        }
    }

    /// Replaces every block's MLP by `count` copies of it behind a fresh router, in place.
    public func upcycleExperts(count: Int, routing: RoutingConfig, seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        for l in 0..<config.layers {
            let dense = block(l).mlp
            guard !(dense is MixtureOfExperts) else { throw NNError.argument("moe: block \(l) already has experts") }
            let router = try Linear(config.width, count, bias: false, using: &rng)
            let moe = try MixtureOfExperts(router: router, experts: try (0..<count).map { _ in try dense.copy() },
                                           dim: config.width, routing: routing)
            try setModule(at: "h.\(l).mlp", to: moe)
        }
    }
}

extension Module {
    /// Every mixture-of-experts layer with its dotted path, in order.
    public func expertLayers() -> [(path: String, layer: MixtureOfExperts)] {
        namedModules().compactMap { path, module in (module as? MixtureOfExperts).map { (path, $0) } }
    }
}
