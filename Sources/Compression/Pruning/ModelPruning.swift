// Model-wide pruning: masks on the weights of a model's Linear layers, stored in NN's
// `Parameter.mask` so that optimizer steps keep pruned weights at zero while fine-tuning.
//
//     let report = try prune(model, sparsity: 0.7, method: .magnitude, scope: .global)
//     print(report)   // per-layer sparsity table
import NN
import TensorCore

/// How weights are scored (low scores are pruned first).
public enum PruningMethod: Equatable, Sendable {
    /// |w| (unstructured).
    case magnitude
    /// Uniformly random (a baseline).
    case random(seed: UInt64)
    /// |w·∂L/∂w|, from the gradients currently stored on the parameters (run a backward pass first).
    case taylor
    /// Whole output neurons (weight rows) by their Lp norm; the bias entries go with them.
    case structured(p: Float)
    /// Keep n of every m consecutive weights along the input axis (sparsity is then 1 − n/m).
    case nOfM(n: Int, m: Int)
}

extension PruningMethod {
    /// The method as the language spells it ("magnitude", "l1-rows", "2:4").
    public var name: String {
        switch self {
        case .magnitude: return "\"magnitude\""
        case .random: return "\"random\""
        case .taylor: return "\"taylor\""
        case .structured(let p): return "\"l\(Int(p))-rows\""
        case .nOfM(let n, let m): return "\"\(n):\(m)\""
        }
    }
}

/// Whether each layer meets its own sparsity or all layers share one threshold.
public enum PruningScope: String, Sendable {
    case local, global
}

/// The Linear layers of `model` that pass `filter`, with their dotted paths.
func selectedLinears(_ model: any Module, filter: (String, any Module) -> Bool) -> [(String, Linear)] {
    model.namedModules().compactMap { path, module in
        guard let linear = module as? Linear, filter(path, module) else { return nil }
        return (path, linear)
    }
}

/// Prunes the weights of the model's Linear layers (those passing `filter`) to `sparsity`.
///
/// Pruning is cumulative: scores are taken on the current (already masked) weights, an existing
/// mask is multiplied in, so calling it again with a higher sparsity prunes further.
/// - Returns: the per-layer sparsity after pruning.
/// - Throws: on a sparsity outside [0, 1], Taylor pruning without gradients, or N:M on a layer
///   whose input size is not a multiple of m.
@discardableResult
public func prune(_ model: any Module, sparsity: Float, method: PruningMethod = .magnitude,
                  scope: PruningScope = .local,
                  filter: (String, any Module) -> Bool = { _, _ in true }) throws -> SparsityReport {
    if scope == .global, method != .magnitude, method != .taylor {
        // Only scores comparable across layers can share one threshold; the others pick per layer.
        throw CompressionError.argument("prune: scope \"global\" ranks magnitude or taylor scores across layers; method \(method.name) prunes each layer on its own, so use scope \"local\"")
    }
    let layers = selectedLinears(model, filter: filter)
    guard !layers.isEmpty else { throw CompressionError.unsupported("prune: the model has no Linear layer to prune") }
    var masks: [Tensor] = []
    switch method {
    case .magnitude, .taylor:
        let scores = try layers.map { path, layer -> Tensor in
            let w = layer.weight.value
            guard method == .taylor else { return w.abs() }
            guard let g = layer.weight.grad else {
                throw CompressionError.argument("prune: Taylor pruning needs gradients; run backward() first (no gradient on \(path).weight)")
            }
            return try Pruning.taylorScores(weight: w, gradient: g)
        }
        if scope == .global {
            masks = try Pruning.globalMasks(scores: scores, sparsity: sparsity).masks
        } else {
            masks = try scores.map { try Pruning.mask(scores: $0, sparsity: sparsity) }
        }
    case .random(let seed):
        masks = try layers.enumerated().map { i, entry in
            try Pruning.randomMask(shape: entry.1.weight.shape, sparsity: sparsity, seed: seed &+ UInt64(i))
        }
    case .structured(let p):
        masks = try layers.map { try Pruning.structuredMask($0.1.weight.value, sparsity: sparsity, p: p, axis: 0) }
    case .nOfM(let n, let m):
        masks = try layers.map { try Pruning.nmMask($0.1.weight.value, n: n, m: m) }
    }
    for ((_, layer), mask) in zip(layers, masks) {
        try setMask(layer.weight, mask)
        if case .structured = method, let bias = layer.bias {
            // A removed neuron must not keep emitting its bias.
            let rows = try mask.sum(axes: [1]).scalars.map { $0 > 0 ? Float(1) : 0 }
            try setMask(bias, try Tensor(shape: bias.shape, scalars: rows))
        }
    }
    return SparsityReport(model, filter: filter)
}

/// Combines `mask` with the parameter's existing mask and zeroes the pruned weights.
func setMask(_ parameter: Parameter, _ mask: Tensor) throws {
    parameter.mask = try parameter.mask.map { try $0 * mask } ?? mask
    try parameter.applyMask()
}

/// Removes all masks (the weights stay as they are: pruned ones remain zero until trained).
public func removeMasks(_ model: any Module) {
    for parameter in model.parameters { parameter.mask = nil }
}

/// Per-layer and overall sparsity of a model's Linear weights.
public struct SparsityReport: CustomStringConvertible {
    public struct Row: Equatable {
        public let name: String
        public let shape: [Int]
        public let parameters: Int
        public let zeros: Int
        public var sparsity: Float { parameters == 0 ? 0 : Float(zeros) / Float(parameters) }
    }
    public let rows: [Row]

    /// Measures the Linear weights of `model` passing `filter` (zeros counted in the values).
    public init(_ model: any Module, filter: (String, any Module) -> Bool = { _, _ in true }) {
        rows = selectedLinears(model, filter: filter).map { path, layer in
            let w = layer.weight.value.scalars
            return Row(name: path.isEmpty ? "weight" : path + ".weight", shape: layer.weight.shape,
                       parameters: w.count, zeros: w.filter { $0 == 0 }.count)
        }
    }

    /// Zeros over all rows / parameters over all rows.
    public var overallSparsity: Float {
        let total = rows.reduce(0) { $0 + $1.parameters }
        return total == 0 ? 0 : Float(rows.reduce(0) { $0 + $1.zeros }) / Float(total)
    }

    /// A GFM table: layer, shape, parameters, zeros, sparsity.
    public var description: String {
        var lines = ["| layer | shape | params | zeros | sparsity |", "| --- | --- | ---: | ---: | ---: |"]
        for r in rows {
            lines.append("| \(r.name) | \(shapeText(r.shape)) | \(r.parameters) | \(r.zeros) | \(percent(r.sparsity)) |")
        }
        let total = rows.reduce(0) { $0 + $1.parameters }, zeros = rows.reduce(0) { $0 + $1.zeros }
        lines.append("| total | | \(total) | \(zeros) | \(percent(overallSparsity)) |")
        return lines.joined(separator: "\n")
    }
}

/// "37.5%" with one decimal.
func percent(_ x: Float) -> String {
    let tenths = Int((Double(x) * 1000).rounded())
    return "\(tenths / 10).\(tenths % 10)%"
}
