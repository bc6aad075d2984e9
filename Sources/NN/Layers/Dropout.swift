// Dropout (Srivastava et al., 2014), inverted: surviving activations are scaled by 1/(1-p) in
// training so that evaluation needs no rescaling.
import TensorCore

/// Zeroes each element with probability `p` while training; the identity in evaluation mode.
public final class Dropout: Module {
    /// Drop probability in [0, 1).
    public let p: Float
    public var isTraining = true
    // Each forward pass draws a fresh mask from this stream, so runs are reproducible by seed.
    private var rng: WhittleRandom

    /// - Throws: when `p` is not in [0, 1).
    public init(_ p: Float, seed: UInt64) throws {
        guard p >= 0, p < 1 else { throw NNError.argument("dropout: p must be in [0, 1), got \(p)") }
        self.p = p
        rng = WhittleRandom(seed: seed)
    }

    public var summaryName: String { "Dropout(\(p))" }

    /// Its own copy of the mask stream (a shared one would be raced by data-parallel replicas).
    public func copy() throws -> any Module {
        let copy = try Dropout(p, seed: 0)
        copy.rng = rng
        copy.isTraining = isTraining
        return copy
    }

    public func forward(_ x: Variable) throws -> Variable {
        guard isTraining, p > 0 else { return x }
        return try x * Tensor.dropoutMask(x.shape, p: p, using: &rng)
    }
}
