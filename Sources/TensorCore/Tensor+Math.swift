// Unary math: exp, log, tanh, sin, cos, sqrt, abs, sign, relu, sigmoid, clamp, round.
import Foundation

extension Tensor {
    /// e^x elementwise.
    public func exp() -> Tensor { mapElements { fastExp($0) } }
    /// Natural log elementwise (log 0 = -inf, negative → NaN, as IEEE).
    public func log() -> Tensor { mapElements { Foundation.log($0) } }
    /// tanh elementwise.
    public func tanh() -> Tensor { mapElements { fastTanh($0) } }
    /// Sine elementwise (radians; glibc's sinf, correctly rounded in practice).
    public func sin() -> Tensor { mapElements { Foundation.sin($0) } }
    /// Cosine elementwise (radians).
    public func cos() -> Tensor { mapElements { Foundation.cos($0) } }
    /// Square root elementwise.
    public func sqrt() -> Tensor { mapElements { $0.squareRoot() } }
    /// |x| elementwise.
    public func abs() -> Tensor { mapElements { Swift.abs($0) } }
    /// -1, 0 or 1 by sign (NaN stays NaN).
    public func sign() -> Tensor { mapElements { $0 > 0 ? 1 : ($0 < 0 ? -1 : ($0 == 0 ? 0 : .nan)) } }
    /// max(x, 0) elementwise.
    public func relu() -> Tensor { mapElements { $0 > 0 ? $0 : 0 } }
    /// 1 / (1 + e^-x), computed without overflow for large |x|.
    public func sigmoid() -> Tensor {
        // e = exp(-|x|) never overflows; select the form that avoids cancellation.
        mapElements { x in
            let e = fastExp(-Swift.abs(x))
            return x >= 0 ? 1 / (1 + e) : e / (1 + e)
        }
    }
    /// Clamps every element to [low, high] (either bound optional).
    public func clamp(min low: Float? = nil, max high: Float? = nil) -> Tensor {
        let lo = low ?? -Float.infinity, hi = high ?? Float.infinity
        return mapElements { Swift.min(Swift.max($0, lo), hi) }
    }
    /// Rounds half to even, like numpy's `round` (0.5 → 0, 1.5 → 2, 2.5 → 2).
    public func rounded() -> Tensor { mapElements { $0.rounded(.toNearestOrEven) } }
    /// Largest integer <= x.
    public func floor() -> Tensor { mapElements { $0.rounded(.down) } }
    /// Smallest integer >= x.
    public func ceil() -> Tensor { mapElements { $0.rounded(.up) } }
}
