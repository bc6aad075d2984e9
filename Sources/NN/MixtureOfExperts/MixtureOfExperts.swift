// A mixture-of-experts feed-forward layer (Shazeer et al. 2017; Switch Transformer, Fedus et al.
// 2021; Mixtral, Jiang et al. 2024). A router scores the E experts for each token,
//
//     p(x) = softmax(W_r x),  top-k experts by p,  y = Σ_{i ∈ top-k} g_i(x) · E_i(x)
//
// with g_i = p_i / Σ_{j ∈ top-k} p_j (Mixtral: softmax over the k kept logits) or, for Switch's
// top-1, g_i = p_i itself (so the router still gets a gradient through the one expert). Only k
// experts run per token: FLOPs per token stay those of k experts while the parameters grow with E.
//
// Capacity (Switch): each expert takes at most C = ⌈c · k · N / E⌉ of the N tokens' k choices.
// Choices are served first choices first, in token order; a choice that finds its expert full
// is dropped and contributes nothing, so a token with every choice dropped passes through the
// block's residual connection unchanged (set `residual` where the layer has no residual around it).
//
// Two auxiliary losses keep the router healthy (see `RoutingLosses`): Switch's load-balancing
// loss α·E·Σᵢ fᵢ·Pᵢ and ST-MoE's router z-loss β·mean(logsumexp(z)²).
import TensorCore

/// How tokens are routed.
public struct RoutingConfig: Equatable {
    /// Experts per token.
    public var topK: Int
    /// Divide the kept probabilities by their sum (Mixtral); false keeps pᵢ (Switch).
    public var renormalize: Bool
    /// Capacity factor c, or nil for no limit (no token dropped).
    public var capacityFactor: Float?
    /// α, the load-balancing loss's weight (Switch used 0.01).
    public var balanceCoefficient: Float
    /// β, the router z-loss's weight (ST-MoE used 0.001).
    public var zLossCoefficient: Float

    public init(topK: Int = 2, renormalize: Bool? = nil, capacityFactor: Float? = nil,
                balanceCoefficient: Float = 0.01, zLossCoefficient: Float = 0.001) {
        self.topK = topK
        self.renormalize = renormalize ?? (topK > 1)
        self.capacityFactor = capacityFactor
        self.balanceCoefficient = balanceCoefficient
        self.zLossCoefficient = zLossCoefficient
    }
}

/// What the router did in the last forward pass.
public struct RoutingStatistics: Equatable {
    public var tokens: Int
    public var experts: Int
    public var topK: Int
    /// Choices each expert may take (nil: unlimited).
    public var capacity: Int?
    /// Choices that named each expert, before capacity.
    public var assigned: [Int]
    /// Choices each expert served.
    public var kept: [Int]
    /// Choices dropped for capacity.
    public var dropped: Int { assigned.reduce(0, +) - kept.reduce(0, +) }
    /// Tokens whose every choice was dropped (they only pass through the residual).
    public var tokensDropped: Int
    /// Each token's first-choice expert, in token order.
    public var firstChoice: [Int]
    /// fᵢ: the fraction of the N·k choices naming expert i.
    public var fraction: [Float]
    /// Pᵢ: the mean router probability of expert i.
    public var meanProbability: [Float]
    /// α·E·Σ fᵢPᵢ / α (the unweighted balance loss; 1 when perfectly balanced).
    public var balanceLoss: Float
    /// mean(logsumexp(z)²), unweighted.
    public var zLoss: Float
}

/// E feed-forward experts behind a top-k router.
public final class MixtureOfExperts: Module, AuxiliaryLossProvider {
    public private(set) var router: any Module
    /// The experts, as children "0" … "E−1" (a Sequential used as a list; its own forward is never called).
    public private(set) var experts: Sequential
    public var routing: RoutingConfig
    /// y = x + moe(x) instead of moe(x) (for a plain MLP, where no block adds the residual).
    public let residual: Bool
    public let dim: Int
    public var isTraining = true
    public private(set) var auxiliaryLoss: Variable?
    public private(set) var lastRouting: RoutingStatistics?

    /// `count` experts of width `dim` → `ratio`·`dim` → `dim` (GELU) and a bias-free router.
    /// - Throws: unless 1 ≤ topK ≤ count, count ≥ 1, and the capacity factor is positive.
    public init(dim: Int, experts count: Int, ratio: Int = 4, routing: RoutingConfig = RoutingConfig(),
                residual: Bool = false, seed: UInt64) throws {
        guard count >= 1, routing.topK >= 1, routing.topK <= count else {
            throw NNError.argument("moe: top_k must be in 1...\(count) experts, got \(routing.topK)")
        }
        if let c = routing.capacityFactor, !(c > 0) { throw NNError.argument("moe: the capacity factor must be positive, got \(c)") }
        var rng = WhittleRandom(seed: seed)
        router = try Linear(dim, count, bias: false, using: &rng)
        experts = Sequential(try (0..<count).map { _ in try MLPBlock(dim: dim, ratio: ratio, using: &rng) })
        self.routing = routing
        self.residual = residual
        self.dim = dim
    }

    /// A layer over given router and experts (copies, upcycling a dense MLP into experts).
    public init(router: any Module, experts: [any Module], dim: Int, routing: RoutingConfig, residual: Bool = false) throws {
        guard !experts.isEmpty, routing.topK >= 1, routing.topK <= experts.count else {
            throw NNError.argument("moe: top_k must be in 1...\(experts.count) experts, got \(routing.topK)")
        }
        self.router = router
        self.experts = Sequential(experts)
        self.routing = routing
        self.residual = residual
        self.dim = dim
    }

    public var count: Int { experts.layers.count }

    public var namedChildren: [(String, any Module)] { [("router", router), ("experts", experts)] }

    public func setChild(_ name: String, to module: any Module) throws {
        switch name {
        case "router": router = module
        case "experts":
            guard let list = module as? Sequential, list.layers.count == count else {
                throw NNError.argument("moe: experts must stay a list of \(count)")
            }
            experts = list
        default: throw NNError.argument("moe: no replaceable layer \"\(name)\" (router or experts)")
        }
    }

    public func copy() throws -> any Module {
        let copy = try MixtureOfExperts(router: try router.copy(), experts: try experts.layers.map { try $0.copy() },
                                        dim: dim, routing: routing, residual: residual)
        copy.isTraining = isTraining
        return copy
    }

    public var summaryName: String {
        "MoE(\(count) experts, top-\(routing.topK)\(routing.capacityFactor.map { ", capacity \($0)" } ?? ""))"
    }

    /// The capacity C = ⌈c·k·N/E⌉ for N tokens, or nil without a capacity factor.
    public func capacity(tokens: Int) -> Int? {
        routing.capacityFactor.map { Int((Double($0) * Double(routing.topK * tokens) / Double(count)).rounded(.up)) }
    }

    /// x [..., dim] → [..., dim].
    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.last == dim else { throw NNError.shape("moe: input \(shapeText(x.shape)) needs last axis \(dim)") }
        let n = x.value.count / dim, e = count, k = routing.topK
        let flat = x.shape.count == 2 ? x : try x.reshaped([n, dim])
        let logits = try router.forward(flat)                       // [N, E]
        let probs = try logits.softmax(axis: 1)
        // Top-k by probability (ties: the lower expert index), a constant choice.
        let p = probs.value.scalars
        var choice = [[Int]](repeating: [], count: n)
        for t in 0..<n {
            let row = Array(p[(t * e)..<((t + 1) * e)])
            choice[t] = Array(row.indices.sorted { row[$0] != row[$1] ? row[$0] > row[$1] : $0 < $1 }.prefix(k))
        }
        // Capacity: first choices first, in token order.
        let limit = capacity(tokens: n)
        var rows = [[Int]](repeating: [], count: e)
        var slot = [[Int?]](repeating: [Int?](repeating: nil, count: k), count: n)
        var assigned = [Int](repeating: 0, count: e)
        for j in 0..<k {
            for t in 0..<n {
                let expert = choice[t][j]
                assigned[expert] += 1
                if let limit, rows[expert].count >= limit { continue }
                slot[t][j] = rows[expert].count
                rows[expert].append(t)
            }
        }
        // Run each expert on its tokens; stack the outputs, with one zero row for dropped choices.
        var outputs: [Variable] = []
        var offset = [Int](repeating: 0, count: e)
        var total = 0
        for i in 0..<e {
            offset[i] = total
            guard !rows[i].isEmpty else { continue }
            let input = try flat.indexSelect(axis: 0, indices: Tensor(rows[i].map(Float.init)))
            outputs.append(try experts.layers[i].forward(input))
            total += rows[i].count
        }
        outputs.append(Variable(try Tensor.zeros([1, dim])))
        let stacked = try Variable.concatenate(outputs, axis: 0)
        // Gates g [N, k]: the chosen probabilities, renormalised over the k if asked.
        var gates = try probs.gather(axis: 1, indices: try Tensor(shape: [n, k], scalars: choice.flatMap { $0.map(Float.init) }))
        if routing.renormalize { gates = try gates / gates.sum(axes: [1], keepDims: true) }
        var y: Variable? = nil
        for j in 0..<k {
            let position = (0..<n).map { t in Float(slot[t][j].map { offset[choice[t][j]] + $0 } ?? total) }
            let term = try stacked.indexSelect(axis: 0, indices: Tensor(position)) * gates.slice(axis: 1, start: j, end: j + 1)
            y = try y.map { try $0 + term } ?? term
        }
        var out = y!
        if residual { out = try out + flat }

        let losses = try RoutingLosses(logits: logits, probs: probs, assigned: assigned)
        auxiliaryLoss = isTraining && GradMode.enabled
            ? try losses.balance * routing.balanceCoefficient + losses.z * routing.zLossCoefficient : nil
        lastRouting = RoutingStatistics(
            tokens: n, experts: e, topK: k, capacity: limit, assigned: assigned, kept: rows.map(\.count),
            tokensDropped: slot.filter { $0.allSatisfy { $0 == nil } }.count, firstChoice: choice.map { $0[0] },
            fraction: losses.fraction, meanProbability: losses.meanProbability,
            balanceLoss: try losses.balance.value.item(), zLoss: try losses.z.value.item())
        if x.shape.count == 2 { return out }
        return try out.reshaped(x.shape)
    }
}
