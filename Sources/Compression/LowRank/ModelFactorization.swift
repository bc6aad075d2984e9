// Factorizing a whole model: one rank per Linear, chosen by a rule.
//
// - fixed r: the same rank everywhere;
// - energy τ: per layer, the smallest r whose singular values keep a fraction τ of the squared
//   Frobenius norm, Σ_{i≤r} σᵢ² ≥ τ · Σᵢ σᵢ² (the "energy" of the spectrum);
// - budget β: the factorized layers together keep at most β of their dense parameters. Ranks
//   grow greedily, one singular direction at a time, taking the direction with the largest
//   relative energy σᵢ²/‖W‖²_F per parameter it costs (in + out), until the budget is spent: the
//   standard greedy for a knapsack whose gains shrink as ranks grow.
//
// A layer is factorized only when that saves parameters, r·(in + out) < in·out; otherwise it
// stays dense (a 64 × 64 layer at rank 40 would grow).
import NN
import TensorCore

/// How `factorizeModel` picks each layer's rank.
public enum RankRule: Equatable {
    case fixed(Int)
    case energy(Double)
    case budget(Double)
}

/// One layer's outcome in `factorizeModel`.
public struct LayerFactorization: Equatable {
    public var path: String
    public var inFeatures: Int
    public var outFeatures: Int
    /// The chosen rank, or nil when the layer stayed dense.
    public var rank: Int?
    /// All singular values, descending.
    public var singularValues: [Float]
    public var parametersBefore: Int
    public var parametersAfter: Int
    /// ‖W − W_r‖_F (0 for a layer left dense).
    public var error: Float
    /// √(Σ_{i>r} σᵢ²), the Eckart–Young prediction of `error`.
    public var tailNorm: Float
    /// Fraction of Σσ² kept.
    public var energyKept: Double
}

/// The largest rank that still saves parameters in a layer of `inputs` → `outputs`.
func savingRankLimit(inputs: Int, outputs: Int) -> Int {
    (inputs * outputs - 1) / (inputs + outputs)
}

/// A copy of `model` whose Linears that pass `filter` are factorized under `rule`.
/// - Throws: for a rule out of range (rank < 1, τ outside (0, 1], β outside (0, 1]) or a NaN weight.
public func factorizeModel(_ model: any Module, rule: RankRule,
                           where filter: (String, Linear) -> Bool = { _, _ in true }) throws -> (model: any Module, layers: [LayerFactorization]) {
    switch rule {
    case .fixed(let r) where r < 1: throw CompressionError.argument("factorize: rank must be ≥ 1, got \(r)")
    case .energy(let t) where !(t > 0 && t <= 1): throw CompressionError.argument("factorize: energy must be in (0, 1], got \(t)")
    case .budget(let b) where !(b > 0 && b <= 1): throw CompressionError.argument("factorize: budget must be a fraction in (0, 1], got \(b)")
    default: break
    }
    let copy = try model.copy()
    // Every candidate layer's SVD, once.
    var candidates: [(path: String, linear: Linear, svd: (u: Tensor, s: Tensor, vt: Tensor))] = []
    for (path, layer) in copy.matrixLayers() {
        guard let linear = layer as? Linear, filter(path, linear) else { continue }
        let w = linear.weight.value.astype(.float32)
        guard w.scalars.allSatisfy(\.isFinite) else {
            throw CompressionError.argument("factorize: \(path).weight contains NaN or infinity")
        }
        candidates.append((path, linear, try w.svd()))
    }
    let ranks = chooseRanks(candidates.map { ($0.linear.inFeatures, $0.linear.outFeatures, $0.svd.s.scalars) }, rule: rule)
    var layers: [LayerFactorization] = []
    var replacements: [String: any Module] = [:]
    for (candidate, rank) in zip(candidates, ranks) {
        let sigma = candidate.svd.s.scalars
        let energy = sigma.reduce(0.0) { $0 + Double($1) * Double($1) }
        let dense = candidate.linear.parameterCount
        if let rank, rank <= savingRankLimit(inputs: candidate.linear.inFeatures, outputs: candidate.linear.outFeatures) {
            let (layer, report) = try factorize(candidate.linear, rank: rank, svd: candidate.svd)
            replacements[candidate.path] = layer
            let kept = sigma.prefix(rank).reduce(0.0) { $0 + Double($1) * Double($1) }
            layers.append(LayerFactorization(path: candidate.path, inFeatures: candidate.linear.inFeatures, outFeatures: candidate.linear.outFeatures,
                                             rank: rank, singularValues: sigma, parametersBefore: dense,
                                             parametersAfter: report.factorizedParameters, error: report.error,
                                             tailNorm: report.tailNorm, energyKept: energy > 0 ? kept / energy : 1))
        } else {
            layers.append(LayerFactorization(path: candidate.path, inFeatures: candidate.linear.inFeatures, outFeatures: candidate.linear.outFeatures,
                                             rank: nil, singularValues: sigma, parametersBefore: dense, parametersAfter: dense,
                                             error: 0, tailNorm: 0, energyKept: 1))
        }
    }
    try copy.replaceModules { path, _ in replacements[path] }
    return (copy, layers)
}

/// The rank per layer under `rule` (nil: leave dense). Layers are (in, out, σ descending).
func chooseRanks(_ layers: [(inputs: Int, outputs: Int, sigma: [Float])], rule: RankRule) -> [Int?] {
    switch rule {
    case .fixed(let r):
        return layers.map { r <= savingRankLimit(inputs: $0.inputs, outputs: $0.outputs) ? r : nil }
    case .energy(let tau):
        return layers.map { layer in
            let squares = layer.sigma.map { Double($0) * Double($0) }
            let total = squares.reduce(0, +)
            var kept = 0.0
            for (i, s) in squares.enumerated() {
                kept += s
                // A relative tolerance keeps τ = 1 reachable despite rounding in the sum.
                if kept >= tau * total * (1 - 1e-12) { return i + 1 <= savingRankLimit(inputs: layer.inputs, outputs: layer.outputs) ? i + 1 : nil }
            }
            return nil
        }
    case .budget(let beta):
        let dense = layers.map { $0.inputs * $0.outputs }
        let allowance = beta * Double(dense.reduce(0, +))
        var ranks = [Int](repeating: 0, count: layers.count)
        var spent = 0
        let totals = layers.map { $0.sigma.reduce(0.0) { $0 + Double($1) * Double($1) } }
        while true {
            var best: (index: Int, gain: Double)?
            for (i, layer) in layers.enumerated() where ranks[i] < savingRankLimit(inputs: layer.inputs, outputs: layer.outputs) {
                let cost = layer.inputs + layer.outputs
                guard Double(spent + cost) <= allowance, ranks[i] < layer.sigma.count else { continue }
                let s = Double(layer.sigma[ranks[i]])
                let gain = totals[i] > 0 ? s * s / totals[i] / Double(cost) : 0
                if best == nil || gain > best!.gain { best = (i, gain) }
            }
            guard let pick = best else { break }
            ranks[pick.index] += 1
            spent += layers[pick.index].inputs + layers[pick.index].outputs
        }
        // A layer the budget gave nothing is still at least rank 1 (a rank-0 layer would cut the
        // network); the budget accounts for that by only being approximate there.
        return ranks.map { max($0, 1) }
    }
}
