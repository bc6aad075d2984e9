// Parameter: the mutable, shared cell behind every trainable tensor of a model.
//
// Modules hold Parameters by reference, so an optimizer, a pruning routine and the module all see
// the same cell. The forward pass reads `variable`, a leaf of the autodiff graph that keeps its
// identity across steps (so gradients accumulate on it); replacing `value` with a different shape
// or dtype (e.g. quantized storage) makes a fresh leaf.
import TensorCore

/// A named model weight: its value, its gradient, and an optional pruning mask.
public final class Parameter {
    /// The stored value, in its storage dtype (float32 unless compression replaced it).
    public var value: Tensor {
        get { stored }
        set { replace(newValue) }
    }
    /// Multiplies the value after every optimizer step, so pruned weights stay zero while
    /// fine-tuning. Same shape as `value`; nil means no mask.
    public var mask: Tensor?
    /// Frozen parameters (requiresGrad false) get no gradient and optimizers skip them.
    public var requiresGrad: Bool {
        didSet { if requiresGrad != oldValue { leaf = Variable(stored, requiresGrad: requiresGrad) } }
    }

    private var stored: Tensor
    private var leaf: Variable
    private var constant: Variable?

    /// A parameter holding `value`.
    public init(_ value: Tensor, requiresGrad: Bool = true) {
        stored = value
        self.requiresGrad = requiresGrad
        leaf = Variable(value, requiresGrad: requiresGrad)
    }

    /// The value as an autodiff leaf (a constant while gradients are off, see `GradMode`).
    public var variable: Variable {
        if GradMode.isEnabled { return leaf }
        if let constant { return constant }
        let fresh = Variable(stored)
        constant = fresh
        return fresh
    }

    /// d loss / d value accumulated by the last `backward()` calls; nil when none.
    public var grad: Tensor? {
        get { leaf.grad }
        set { leaf.grad = newValue }
    }

    /// Shape of the value.
    public var shape: [Int] { stored.shape }
    /// Number of elements.
    public var count: Int { stored.count }
    /// Bytes of storage, honest for quantized dtypes (int8: 1, int4: half a byte).
    public var bytes: Int { stored.bytes }

    /// Clears the gradient.
    public func zeroGrad() { leaf.grad = nil }

    /// Multiplies the value by the mask, if any (called by optimizers after each step).
    public func applyMask() throws {
        guard let mask else { return }
        guard mask.shape == stored.shape else {
            throw NNError.shape("mask: shape \(shapeText(mask.shape)) does not match parameter \(shapeText(stored.shape))")
        }
        replace(try stored * mask)
    }

    /// Bumped whenever the value changes (with `ModelEdits.count`), so derived copies can tell.
    public private(set) var version = 0

    private func replace(_ newValue: Tensor) {
        constant = nil
        version &+= 1
        ModelEdits.record()
        let sameKind = newValue.shape == stored.shape && newValue.dtype == .float32 && stored.dtype == .float32
        stored = newValue
        // Same shape and dtype: keep the leaf (its identity and gradient); otherwise start afresh.
        if sameKind, (try? leaf.update(newValue)) != nil { return }
        leaf = Variable(newValue, requiresGrad: requiresGrad)
    }
}
