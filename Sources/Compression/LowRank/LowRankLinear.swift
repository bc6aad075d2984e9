// A matrix layer stored as two thinner ones: y = up(down(x)), W ≈ U·D with D [r, in] and
// U [out, r]. Factorization makes one from a Linear; LoRA-style adapters add one to a Linear.
import NN
import TensorCore

/// W ≈ up · down: Linear(in → r, no bias) then Linear(r → out).
public final class LowRankLinear: MatrixLayer {
    /// in → rank (no bias).
    public private(set) var down: Linear
    /// rank → out (carries the bias).
    public private(set) var up: Linear
    public var isTraining = true

    public init(down: Linear, up: Linear) {
        self.down = down
        self.up = up
    }

    public var inFeatures: Int { down.inFeatures }
    public var outFeatures: Int { up.outFeatures }
    public var rank: Int { down.outFeatures }

    /// The product up.weight · down.weight [out, in] that this layer multiplies by.
    public func effectiveWeight() throws -> Tensor { try up.weight.value.matmul(down.weight.value) }
    public var effectiveBias: Tensor? { up.bias?.value }

    public var namedChildren: [(String, any Module)] { [("down", down), ("up", up)] }

    public func copy() throws -> any Module {
        let copy = LowRankLinear(down: try down.copy() as! Linear, up: try up.copy() as! Linear)
        copy.isTraining = isTraining
        return copy
    }

    public var summaryName: String { "LowRankLinear(\(inFeatures) → \(rank) → \(outFeatures))" }

    public func forward(_ x: Variable) throws -> Variable { try up.forward(try down.forward(x)) }
}
