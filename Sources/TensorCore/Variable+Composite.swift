// Composite autodiff ops: built only from primitives, so their gradients come for free.
import Foundation

extension Variable {
    /// A constant (no gradient) Variable.
    static func constant(_ value: Float) -> Variable { Variable(Tensor(value)) }

    public static func - (a: Variable, b: Variable) throws -> Variable { try a + (-b) }
    public static func + (a: Variable, b: Float) throws -> Variable { try a + constant(b) }
    public static func - (a: Variable, b: Float) throws -> Variable { try a + constant(-b) }
    public static func * (a: Variable, b: Float) throws -> Variable { try a * constant(b) }
    public static func / (a: Variable, b: Float) throws -> Variable { try a * constant(1 / b) }
    public static func + (a: Variable, b: Tensor) throws -> Variable { try a + Variable(b) }
    public static func - (a: Variable, b: Tensor) throws -> Variable { try a - Variable(b) }
    public static func * (a: Variable, b: Tensor) throws -> Variable { try a * Variable(b) }

    /// Elementwise minimum with broadcasting: −maximum(−a, −b), one primitive and one backward
    /// rule (ties send the gradient to self, as maximum does).
    public func minimum(_ other: Variable) throws -> Variable { -(try (-self).maximum(-other)) }

    /// Mean over `axes` (all when nil): sum times 1/n.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        let n = try Variable.reducedAxes(axes, rank: value.rank, op: "mean").reduce(1) { $0 * shape[$1] }
        return try sum(axes: axes, keepDims: keepDims) * (1 / Float(n))
    }

    /// Population variance over `axes`: mean((x - mean)²).
    public func variance(axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        let centered = try self - mean(axes: axes, keepDims: true)
        return try centered.pow(2).mean(axes: axes, keepDims: keepDims)
    }

    /// Reverses all axes (the matrix transpose for rank 2).
    public func transposed() throws -> Variable {
        try permuted(Array((0..<value.rank).reversed()))
    }

    /// Swaps two axes.
    public func transposed(_ axis0: Int, _ axis1: Int) throws -> Variable {
        var order = Array(0..<value.rank)
        let a = try value.normalizedAxis(axis0, rank: value.rank, op: "transpose")
        let b = try value.normalizedAxis(axis1, rank: value.rank, op: "transpose")
        order.swapAt(a, b)
        return try permuted(order)
    }

    /// 1 / (1 + e^-x).
    public func sigmoid() throws -> Variable {
        try Variable(Tensor(1)) / ((-self).exp() + 1)
    }

    /// Stable log-softmax along `axis`: x - m - log Σ exp(x - m), with m = max(x) held constant
    /// (the result does not depend on m, so treating it as constant leaves gradients exact).
    public func logSoftmax(axis: Int = -1) throws -> Variable {
        let m = try value.max(axes: [axis], keepDims: true)
        let shifted = try self - m
        let logSum = try shifted.exp().sum(axes: [axis], keepDims: true).log()
        return try shifted - logSum
    }

}
