// LoRA (Hu et al. 2021): a frozen matrix layer plus a trainable low-rank update,
//
//     y = W₀x + b + s · B A x,    A [r, in], B [out, r],    s = α/r   (rsLoRA: s = α/√r)
//
// A starts Kaiming-uniform (bound 1/√in, PyTorch's default for a Linear, as PEFT does) and B at
// zero, so BA = 0 and training starts at the base model exactly. Only A and B learn: r·(in + out)
// parameters instead of in·out. Merging folds s·BA into W₀ (inference then costs nothing extra);
// unmerging subtracts it again. rsLoRA (Kalajdzievski 2023) keeps the update's scale steady as r
// grows, where α/r shrinks it.
//
// The children are named as in Hugging Face PEFT (`base_layer`, `lora_A`, `lora_B`), so the
// adapter's tensors carry PEFT's key names.
import NN
import TensorCore

/// A matrix layer with a LoRA update: base(x) + scaling · lora_B(lora_A(dropout(x))).
public final class LoRALinear: MatrixLayer {
    /// The frozen layer being adapted (a Linear, or a quantized one as in QLoRA).
    public private(set) var base: any MatrixLayer
    /// in → r, Kaiming-uniform.
    public private(set) var loraA: Linear
    /// r → out, zero at the start.
    public private(set) var loraB: Linear
    /// α.
    public let alpha: Float
    /// α/r, or α/√r with rsLoRA.
    public let scaling: Float
    /// Whether the scaling is α/√r (rank-stabilised LoRA).
    public let rankStabilized: Bool
    private let dropout: Dropout?
    /// True while s·BA is folded into the base weight (the adapter path is then skipped).
    public private(set) var isMerged = false
    public var isTraining = true

    /// Wraps `base` with a rank-`rank` update (A drawn from `seed`, B zero).
    /// A rank above min(in, out) is allowed (as in PEFT) but adds nothing: B·A cannot exceed it.
    /// - Throws: unless 1 ≤ rank ≤ 4096, α > 0 and 0 ≤ dropout < 1.
    public init(_ base: any MatrixLayer, rank: Int, alpha: Float, dropout: Float = 0,
                rankStabilized: Bool = false, seed: UInt64) throws {
        guard rank >= 1, rank <= 4096 else {
            throw NNError.argument("lora: rank must be in 1...4096, got \(rank)")
        }
        guard alpha > 0, alpha.isFinite else { throw NNError.argument("lora: alpha must be positive, got \(alpha)") }
        self.base = base
        loraA = try Linear(base.inFeatures, rank, bias: false, seed: seed)
        loraB = try Linear(weight: try Tensor.zeros([base.outFeatures, rank]), bias: nil)
        self.alpha = alpha
        self.rankStabilized = rankStabilized
        scaling = rankStabilized ? alpha / Float(rank).squareRoot() : alpha / Float(rank)
        self.dropout = dropout > 0 ? try Dropout(dropout, seed: seed &+ 1) : nil
    }

    private init(copying other: LoRALinear) throws {
        base = try other.base.copy() as! any MatrixLayer
        loraA = try other.loraA.copy() as! Linear
        loraB = try other.loraB.copy() as! Linear
        alpha = other.alpha
        scaling = other.scaling
        rankStabilized = other.rankStabilized
        dropout = other.dropout
        isMerged = other.isMerged
        isTraining = other.isTraining
    }

    public var rank: Int { loraA.outFeatures }
    public var inFeatures: Int { base.inFeatures }
    public var outFeatures: Int { base.outFeatures }
    public var dropoutProbability: Float { dropout?.p ?? 0 }

    /// s · B A [out, in]: what the adapter adds to the weight.
    public func delta() throws -> Tensor { try loraB.weight.value.matmul(loraA.weight.value) * scaling }

    /// W₀ + s·BA (W₀ alone while merged, since it already holds the update).
    public func effectiveWeight() throws -> Tensor {
        let w = try base.effectiveWeight()
        return isMerged ? w : try w + delta()
    }
    public var effectiveBias: Tensor? { base.effectiveBias }

    public var namedChildren: [(String, any Module)] { [("base_layer", base), ("lora_A", loraA), ("lora_B", loraB)] }

    public func copy() throws -> any Module { try LoRALinear(copying: self) }

    public var summaryName: String {
        "LoRA(\(base.summaryName), r=\(rank), α=\(shortNumber(alpha))\(rankStabilized ? ", rsLoRA" : "")\(isMerged ? ", merged" : ""))"
    }

    /// x [..., in] → [..., out].
    public func forward(_ x: Variable) throws -> Variable {
        let y = try base.forward(x)
        if isMerged { return y }
        var h = x
        if let dropout {
            dropout.isTraining = isTraining
            h = try dropout.forward(h)
        }
        return try y + (try loraB.forward(try loraA.forward(h))) * scaling
    }

    /// Folds s·BA into the base weight: W₀ ← W₀ + s·BA. The forward pass then skips the adapter
    /// (same outputs, one matrix product).
    /// - Throws: when already merged, or when the base is not a plain Linear (a quantized base
    ///   would have to be re-quantized, losing the update's precision).
    public func merge() throws {
        guard !isMerged else { throw NNError.argument("lora: this layer is already merged") }
        let linear = try plainBase("merge")
        linear.weight.value = try linear.weight.value + delta()
        isMerged = true
    }

    /// Takes s·BA back out of the base weight, restoring the separate adapter.
    /// - Throws: when not merged.
    public func unmerge() throws {
        guard isMerged else { throw NNError.argument("lora: this layer is not merged") }
        let linear = try plainBase("unmerge")
        linear.weight.value = try linear.weight.value - delta()
        isMerged = false
    }

    private func plainBase(_ action: String) throws -> Linear {
        guard let linear = base as? Linear else {
            throw NNError.argument("lora: cannot \(action) into a \(base.summaryName) base; dequantize it to a Linear first (merging into 4-bit weights would round the update away)")
        }
        return linear
    }
}

/// α without a trailing ".0" in summaries.
private func shortNumber(_ x: Float) -> String {
    x == x.rounded() && abs(x) < 1e6 ? String(Int(x)) : String(x)
}
