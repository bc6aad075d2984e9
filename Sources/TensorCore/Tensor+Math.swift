// Unary math: exp, log, tanh, sin, cos, sqrt, abs, sign, relu, sigmoid, clamp, round. Each
// element's formula is written once, in `ElementwiseUnary.apply(_: Float)` (Kernels/Fusion.swift),
// which the fused loops run too: an op and its fused form cannot drift apart.
import Foundation

extension Tensor {
    /// e^x elementwise.
    public func exp() -> Tensor { mapElements { ElementwiseUnary.exp.apply($0) } }
    /// Natural log elementwise (log 0 = -inf, negative → NaN, as IEEE).
    public func log() -> Tensor { mapElements { ElementwiseUnary.log.apply($0) } }
    /// tanh elementwise.
    public func tanh() -> Tensor { mapElements { ElementwiseUnary.tanh.apply($0) } }
    /// Sine elementwise (radians; glibc's sinf, correctly rounded in practice).
    public func sin() -> Tensor { mapElements { ElementwiseUnary.sin.apply($0) } }
    /// Cosine elementwise (radians).
    public func cos() -> Tensor { mapElements { ElementwiseUnary.cos.apply($0) } }
    /// Square root elementwise.
    public func sqrt() -> Tensor { mapElements { ElementwiseUnary.sqrt.apply($0) } }
    /// |x| elementwise.
    public func abs() -> Tensor { mapElements { ElementwiseUnary.abs.apply($0) } }
    /// -1, 0 or 1 by sign (NaN stays NaN).
    public func sign() -> Tensor { mapElements { ElementwiseUnary.sign.apply($0) } }
    /// max(x, 0) elementwise.
    public func relu() -> Tensor { mapElements { ElementwiseUnary.relu.apply($0) } }
    /// 1 / (1 + e^-x), computed without overflow for large |x|.
    public func sigmoid() -> Tensor { mapElements { ElementwiseUnary.sigmoid.apply($0) } }
    /// Clamps every element to [low, high] (either bound optional).
    public func clamp(min low: Float? = nil, max high: Float? = nil) -> Tensor {
        let lo = low ?? -Float.infinity, hi = high ?? Float.infinity
        return mapElements { Swift.min(Swift.max($0, lo), hi) }
    }
    /// Rounds half to even, like numpy's `round` (0.5 → 0, 1.5 → 2, 2.5 → 2).
    public func rounded() -> Tensor { mapElements { ElementwiseUnary.round.apply($0) } }
    /// Largest integer <= x.
    public func floor() -> Tensor { mapElements { ElementwiseUnary.floor.apply($0) } }
    /// Smallest integer >= x.
    public func ceil() -> Tensor { mapElements { ElementwiseUnary.ceil.apply($0) } }
}
