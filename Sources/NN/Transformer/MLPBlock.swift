// The feed-forward half of a transformer block: Linear(d → r·d), GELU, Linear(r·d → d).
import TensorCore

/// Transformer feed-forward block (GPT-2's "mlp": c_fc, gelu, c_proj).
public final class MLPBlock: Module {
    /// Expansion layer, dim → hidden (a Linear, or any layer compression put in its place).
    public private(set) var fc1: any Module
    /// Projection back, hidden → dim.
    public private(set) var fc2: any Module
    public let activation: any Module
    public let dropout: Dropout?
    public let dim: Int
    public let hidden: Int
    public var isTraining = true

    /// - Parameters:
    ///   - dim: model width.
    ///   - ratio: hidden width = ratio · dim (4 in GPT-2).
    ///   - dropout: drop probability after the projection (0: none).
    public init(dim: Int, ratio: Int = 4, dropout: Float = 0, using rng: inout WhittleRandom) throws {
        guard ratio > 0 else { throw NNError.argument("mlp_block: ratio must be positive, got \(ratio)") }
        self.dim = dim
        hidden = ratio * dim
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

    public func setChild(_ name: String, to module: any Module) throws {
        switch name {
        case "fc1": fc1 = module
        case "fc2": fc2 = module
        default: throw NNError.argument("mlp_block: no replaceable layer \"\(name)\" (fc1 or fc2)")
        }
    }

    public func copy() throws -> any Module {
        var rng = WhittleRandom(seed: 0)
        let copy = try MLPBlock(dim: dim, ratio: hidden / dim, dropout: 0, using: &rng)
        copy.fc1 = try fc1.copy()
        copy.fc2 = try fc2.copy()
        copy.isTraining = isTraining
        return copy
    }

    public var summaryName: String { "MLPBlock(\(dim) → \(hidden) → \(dim))" }

    public func forward(_ x: Variable) throws -> Variable {
        var y = try fc2.forward(try activation.forward(try fc1.forward(x)))
        if let dropout { y = try dropout.forward(y) }
        return y
    }
}
