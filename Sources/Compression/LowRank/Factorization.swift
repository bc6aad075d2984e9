// Low-rank factorization of a Linear layer by truncated SVD.
//
// W [out, in] = U Σ Vᵀ. Keeping the r largest singular values gives the best rank-r approximation
// in Frobenius norm (Eckart–Young–Mirsky), with error ‖W − W_r‖_F = √(σ_{r+1}² + … + σ_k²).
// W_r = (U_r √Σ_r)(√Σ_r V_rᵀ) splits into two Linears: in → r (weight √Σ_r V_rᵀ, no bias) and
// r → out (weight U_r √Σ_r, the original bias), held by one `LowRankLinear`. Parameters fall
// from out·in to r·(in + out).
import Foundation
import NN
import TensorCore

/// The outcome of factorizing one Linear layer.
public struct FactorizationReport: Equatable {
    public let rank: Int
    public let originalParameters: Int
    public let factorizedParameters: Int
    /// ‖W − W_r‖_F measured on the product of the two new weights.
    public let error: Float
    /// √(Σ_{i>r} σ_i²), the Eckart–Young prediction of `error`.
    public let tailNorm: Float
    /// error / ‖W‖_F.
    public let relativeError: Float
    /// All singular values of W, descending.
    public let singularValues: [Float]
}

/// Splits `linear` into Linear(in → rank) then Linear(rank → out) by truncated SVD.
/// - Throws: unless 1 ≤ rank ≤ min(in, out).
public func factorize(_ linear: Linear, rank: Int) throws -> (model: LowRankLinear, report: FactorizationReport) {
    try factorize(linear, rank: rank, svd: try linear.weight.value.astype(.float32).svd())
}

/// The same with W's SVD already computed (a model-wide rank choice computes each layer's once).
func factorize(_ linear: Linear, rank: Int, svd: (u: Tensor, s: Tensor, vt: Tensor)) throws -> (model: LowRankLinear, report: FactorizationReport) {
    let w = linear.weight.value.astype(.float32)
    let k = Swift.min(linear.inFeatures, linear.outFeatures)
    guard rank >= 1, rank <= k else {
        throw CompressionError.argument("factorize: rank must be in 1...\(k), got \(rank)")
    }
    let (u, s, vt) = svd
    let sigma = s.scalars
    let root = Tensor(sigma.prefix(rank).map { $0.squareRoot() })
    let left = try u.slice(axis: 1, start: 0, end: rank) * root.reshaped([1, rank])          // [out, r]
    let right = try vt.slice(axis: 0, start: 0, end: rank) * root.reshaped([rank, 1])        // [r, in]
    let first = try Linear(weight: right.contiguous(), bias: nil)
    let second = try Linear(weight: left.contiguous(), bias: linear.bias?.value)
    let approx = try left.matmul(right)
    let error = try (w - approx).norm().item()
    let tail = sigma.dropFirst(rank).reduce(Double(0)) { $0 + Double($1) * Double($1) }.squareRoot()
    let total = try w.norm().item()
    let report = FactorizationReport(rank: rank, originalParameters: linear.parameterCount,
                                     factorizedParameters: first.parameterCount + second.parameterCount,
                                     error: error, tailNorm: Float(tail),
                                     relativeError: total > 0 ? error / total : 0, singularValues: sigma)
    return (LowRankLinear(down: first, up: second), report)
}
