// Embedding: a lookup table of vectors, indexed by integer ids (token ids, positions).
import TensorCore

/// Maps integer ids to learned vectors.
public final class Embedding: Module {
    /// Table of shape [count, dim].
    public let weight: Parameter
    public let count: Int
    public let dim: Int
    public var isTraining = true

    /// A table initialised N(0, 1), as PyTorch's `nn.Embedding`.
    public init(_ count: Int, _ dim: Int, using rng: inout WhittleRandom) throws {
        guard count > 0, dim > 0 else { throw NNError.argument("embedding: sizes must be positive, got \(count) × \(dim)") }
        self.count = count
        self.dim = dim
        weight = Parameter(try Tensor.randn([count, dim], using: &rng))
    }

    /// The same, from a fresh generator seeded with `seed`.
    public convenience init(_ count: Int, _ dim: Int, seed: UInt64) throws {
        var rng = WhittleRandom(seed: seed)
        try self.init(count, dim, using: &rng)
    }

    public var localParameters: [(String, Parameter)] { [("weight", weight)] }
    public var summaryName: String { "Embedding(\(count), \(dim))" }

    /// A table holding `weight` [count, dim].
    public init(weight table: Tensor) throws {
        guard table.rank == 2, table.shape[0] > 0, table.shape[1] > 0 else {
            throw NNError.shape("embedding: table \(shapeText(table.shape)) must be a non-empty [count, dim] matrix")
        }
        count = table.shape[0]
        dim = table.shape[1]
        weight = Parameter(table)
    }

    public func copy() throws -> any Module {
        let copy = try Embedding(weight: weight.value)
        copy.weight.mask = weight.mask
        copy.isTraining = isTraining
        return copy
    }

    /// Ids of any shape S (whole numbers stored as floats) → vectors of shape S + [dim].
    /// - Throws: on an id that is not a whole number in 0..<count.
    public func forward(_ x: Variable) throws -> Variable {
        let ids = x.value.flattened()
        for id in ids.scalars where id.rounded() != id || id < 0 || Int(id) >= count {
            throw NNError.argument("embedding: id \(Tensor.format(id)) is not in 0..<\(count)")
        }
        let rows = try weight.variable.indexSelect(axis: 0, indices: ids)
        return try rows.reshaped(x.shape + [dim])
    }
}
