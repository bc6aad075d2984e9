// A draft model for speculative decoding made from the target itself: its first k blocks plus
// the target's final LayerNorm and head (early exit, as in self-speculative decoding, Zhang et
// al. 2023, and LayerSkip, Elhoushi et al. 2024). It needs no training and shares the vocabulary.
import NN
import TensorCore

extension GPTModel {
    /// The model cut after its first `layers` blocks (embedding, final LN and head kept).
    /// - Throws: unless 1 ≤ layers ≤ config.layers.
    public func truncated(layers: Int) throws -> GPTModel {
        guard layers >= 1, layers <= config.layers else {
            throw LMError.argument("truncate: layers must be in 1...\(config.layers), got \(layers)")
        }
        var small = config
        small.layers = layers
        let keep = Set(small.parameterShapes.map(\.name))
        return try GPTModel(config: small, parameters: try parameters.filter { keep.contains($0.key) })
    }
}
