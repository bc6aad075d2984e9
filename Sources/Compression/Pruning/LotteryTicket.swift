// Iterative pruning and lottery-ticket rewinding (Frankle & Carbin, 2019; Frankle et al., 2020).
//
// Iterative magnitude pruning: prune a little, fine-tune, repeat, following Zhu & Gupta's cubic
// schedule over the rounds. Rewinding: after pruning, reset the surviving weights to the values
// they had at initialisation (or early in training, "late rewinding") and retrain the sparse net.
import NN
import TensorCore

/// Saved parameter values of a model, by dotted name (initial or early-training weights).
public struct WeightSnapshot {
    public let values: [String: Tensor]

    /// Copies every parameter value of `model`.
    public init(_ model: any Module) {
        values = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.0, $0.1.value) })
    }

    /// Rewinds `model` to the snapshot: every parameter gets its saved value, multiplied by its
    /// mask when it has one, so pruned weights stay zero and the survivors restart from the ticket.
    /// - Throws: when a parameter is missing from the snapshot or has a different shape.
    public func rewind(_ model: any Module) throws {
        for (name, parameter) in model.namedParameters() {
            guard let saved = values[name], saved.shape == parameter.shape else {
                throw CompressionError.shape("rewind: no saved value of shape \(shapeText(parameter.shape)) for \(name)")
            }
            parameter.value = saved
            try parameter.applyMask()
        }
    }
}

/// Iterative pruning: `rounds` rounds, round r (1-based) prunes to the Zhu–Gupta sparsity
/// s_f·(1 − (1 − r/R)³), then calls `fineTune(r)` (e.g. a few epochs of `fit`; masks keep pruned
/// weights at zero). With `rewindTo`, the surviving weights are rewound before each fine-tune
/// (lottery-ticket style). Returns the sparsity report after each round.
public func iterativePrune(_ model: any Module, targetSparsity: Float, rounds: Int,
                           method: PruningMethod = .magnitude, scope: PruningScope = .global,
                           rewindTo snapshot: WeightSnapshot? = nil,
                           filter: (String, any Module) -> Bool = { _, _ in true },
                           fineTune: (Int) throws -> Void) throws -> [SparsityReport] {
    let schedule = try GradualSchedule(finalSparsity: targetSparsity, pruningSteps: rounds)
    var reports: [SparsityReport] = []
    for round in 1...Swift.max(rounds, 1) {
        let report = try prune(model, sparsity: schedule.sparsity(at: round), method: method, scope: scope, filter: filter)
        if let snapshot { try snapshot.rewind(model) }
        try fineTune(round)
        reports.append(report)
    }
    return reports
}
