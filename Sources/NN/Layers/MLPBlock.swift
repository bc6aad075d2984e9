// The feed-forward half of a transformer block: Linear(d → r·d), GELU, Linear(r·d → d).
import TensorCore

/// Transformer feed-forward block (GPT-2's "mlp": c_fc, gelu, c_proj).
public final class MLPBlock: Module {
    /// Expansion layer, dim → ratio·dim.
    public let fc1: Linear
    /// Projection back, ratio·dim → dim.
    public let fc2: Linear
    public let activation: any Module
    public let dropout: Dropout?
    public var isTraining = true

    /// - Parameters:
    ///   - dim: model width.
    ///   - ratio: hidden width = ratio · dim (4 in GPT-2).
    ///   - dropout: drop probability after the projection (0: none).
    public init(dim: Int, ratio: Int = 4, dropout: Float = 0, using rng: inout WhittleRandom) throws {
        guard ratio > 0 else { throw NNError.argument("mlp_block: ratio must be positive, got \(ratio)") }
        fc1 = try Linear(dim, ratio * dim, using: &rng)
        fc2 = try Linear(ratio * dim, dim, using: &rng)
        activation = GELU()
        self.dropout = dropout > 0 ? try Dropout(dropout, seed: rng.next()) : nil
    }

    /// The same, from a fresh generator seeded with `seed`.
    public convenience init(dim: Int, ratio: Int = 4, dropout: Float = 0, seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        try self.init(dim: dim, ratio: ratio, dropout: dropout, using: &rng)
    }

    public var namedChildren: [(String, any Module)] {
        var out: [(String, any Module)] = [("fc1", fc1), ("act", activation), ("fc2", fc2)]
        if let dropout { out.append(("dropout", dropout)) }
        return out
    }

    public var summaryName: String { "MLPBlock(\(fc1.inFeatures) → \(fc1.outFeatures) → \(fc2.outFeatures))" }

    public func forward(_ x: Variable) throws -> Variable {
        var y = try fc2.forward(try activation.forward(try fc1.forward(x)))
        if let dropout { y = try dropout.forward(y) }
        return y
    }
}
