// Physically removing neurons: after structured pruning of a hidden layer, the zero rows of the
// first Linear and the matching columns of the next one can be cut out, making both layers
// smaller (fewer FLOPs and bytes for real, unlike a mask).
import NN
import TensorCore

/// New Linear layers with only the hidden neurons in `keep`: rows of `first` (weight and bias)
/// and input columns of `second`.
/// - Throws: when the layers do not connect (first.out ≠ second.in) or an index is out of range.
public func shrinkNeurons(first: Linear, second: Linear, keep: [Int]) throws -> (first: Linear, second: Linear) {
    guard first.outFeatures == second.inFeatures else {
        throw CompressionError.shape("shrink: \(first.summaryName) does not feed \(second.summaryName)")
    }
    guard !keep.isEmpty, keep.allSatisfy({ (0..<first.outFeatures).contains($0) }), Set(keep).count == keep.count else {
        throw CompressionError.argument("shrink: keep must list distinct neurons in 0..<\(first.outFeatures)")
    }
    let index = Tensor(keep.map(Float.init))
    let a = try Linear(weight: try first.weight.value.indexSelect(axis: 0, indices: index),
                       bias: try first.bias.map { try $0.value.indexSelect(axis: 0, indices: index) })
    let b = try Linear(weight: try second.weight.value.indexSelect(axis: 1, indices: index), bias: second.bias?.value)
    return (a, b)
}

/// Removes the `sparsity` fraction of hidden neurons after the Linear at `layerIndex` of a
/// Sequential, those whose incoming weight rows have the smallest Lp norm (torch's ln_structured
/// criterion), and rewires the next Linear. Layers in between must be elementwise (activations).
/// - Returns: the kept neuron indices, ascending.
@discardableResult
public func shrinkHidden(_ model: Sequential, layerIndex: Int, sparsity: Float, p: Float = 2) throws -> [Int] {
    let layers = model.layers
    guard layers.indices.contains(layerIndex), let first = layers[layerIndex] as? Linear else {
        throw CompressionError.argument("shrink: layer \(layerIndex) is not a Linear layer")
    }
    guard let nextIndex = layers.indices.first(where: { $0 > layerIndex && layers[$0] is Linear }),
          let second = layers[nextIndex] as? Linear else {
        throw CompressionError.argument("shrink: no Linear layer after layer \(layerIndex)")
    }
    for i in (layerIndex + 1)..<nextIndex where !layers[i].parameters.isEmpty {
        throw CompressionError.unsupported("shrink: layer \(i) between the two Linears has parameters")
    }
    let norms = try Pruning.sliceNorms(first.weight.value, p: p, axis: 0)
    let removed = Set(Pruning.smallest(norms, try Pruning.pruneCount(sparsity, of: norms.count, op: "shrink")))
    let keep = (0..<norms.count).filter { !removed.contains($0) }
    guard !keep.isEmpty else { throw CompressionError.argument("shrink: sparsity \(sparsity) would remove every neuron") }
    let (a, b) = try shrinkNeurons(first: first, second: second, keep: keep)
    try model.replaceLayer(at: layerIndex, with: a)
    try model.replaceLayer(at: nextIndex, with: b)
    return keep
}
