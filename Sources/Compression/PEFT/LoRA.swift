// LoRA on a whole model: which layers get an update, merging them all, and the adapter as a file.
//
//     let tuned = try model.copy()
//     let report = try applyLoRA(to: tuned, config: LoRAConfig(rank: 4, alpha: 8)) { path, _ in
//         path.hasSuffix("attn.qkv") || path.hasSuffix("mlp.fc1")
//     }
//     // train: the optimizer sees only lora_A and lora_B (everything else is frozen)
//     try saveAdapter(tuned, to: url)   // A and B alone, under PEFT's names (AdapterFile.swift)
import Foundation
import NN
import TensorCore

/// The settings of a LoRA update.
public struct LoRAConfig: Equatable {
    /// Rank r of each update.
    public var rank: Int
    /// α: the update is scaled by α/r (or α/√r).
    public var alpha: Float
    /// Dropout on the adapter's input while training.
    public var dropout: Float
    /// rsLoRA's scaling α/√r instead of α/r.
    public var rankStabilized: Bool
    /// Seeds A's initialisation (each layer draws from seed + its index).
    public var seed: UInt64

    public init(rank: Int = 8, alpha: Float? = nil, dropout: Float = 0, rankStabilized: Bool = false, seed: UInt64 = 0) {
        self.rank = rank
        self.alpha = alpha ?? Float(rank)  // α = r: scaling 1, a common default
        self.dropout = dropout
        self.rankStabilized = rankStabilized
        self.seed = seed
    }
}

/// What `applyLoRA` did.
public struct LoRAReport: Equatable {
    /// Dotted paths of the adapted layers.
    public var layers: [String]
    /// Parameter elements of the whole model (base plus adapters).
    public var totalParameters: Int
    /// Trainable elements (the adapters).
    public var trainableParameters: Int
    public var trainableFraction: Double { totalParameters == 0 ? 0 : Double(trainableParameters) / Double(totalParameters) }
}

/// Freezes every parameter of `model` and wraps each matrix layer that `filter(path, layer)`
/// accepts in a `LoRALinear`, in place (copy the model first to keep the original).
/// - Throws: when no layer passes the filter, a layer is already adapted, or the rank does not fit a layer.
@discardableResult
public func applyLoRA(to model: any Module, config: LoRAConfig,
                      where filter: (String, any MatrixLayer) -> Bool) throws -> LoRAReport {
    if model.matrixLayers().contains(where: { $0.layer is LoRALinear }) {
        throw CompressionError.argument("lora: the model already has LoRA layers; merge them first (merge_lora) or start from the base model")
    }
    model.freeze()
    var adapted: [String] = []
    try model.replaceModules { path, module in
        guard let layer = module as? any MatrixLayer, filter(path, layer) else { return nil }
        let wrapped = try LoRALinear(layer, rank: config.rank, alpha: config.alpha, dropout: config.dropout,
                                     rankStabilized: config.rankStabilized, seed: config.seed &+ UInt64(adapted.count))
        adapted.append(path)
        return wrapped
    }
    guard !adapted.isEmpty else {
        throw CompressionError.argument("lora: no matrix layer matched the targets; the model has \(model.matrixLayers().map(\.path).joined(separator: ", "))")
    }
    return LoRAReport(layers: adapted, totalParameters: model.parameterCount, trainableParameters: model.trainableParameterCount)
}

/// The LoRA layers of a model with their paths.
public func loraLayers(of model: any Module) -> [(path: String, layer: LoRALinear)] {
    model.matrixLayers().compactMap { entry in (entry.layer as? LoRALinear).map { (entry.path, $0) } }
}

/// A copy with every LoRA update folded into its base weight and the wrappers removed
/// (PEFT's merge_and_unload): a plain model of the original shape, as fast as the base.
/// - Throws: when a base is quantized (see `LoRALinear.merge`).
public func mergedLoRA(_ model: any Module) throws -> any Module {
    let copy = try model.copy()
    try copy.replaceModules { _, module in
        guard let lora = module as? LoRALinear else { return nil }
        if !lora.isMerged { try lora.merge() }
        return lora.base
    }
    return copy
}
