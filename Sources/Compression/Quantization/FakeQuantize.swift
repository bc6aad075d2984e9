// Fake quantization for quantization-aware training (QAT), with the straight-through estimator.
//
// Forward: x̂ = (clamp(round(x/s) + z, qmin, qmax) − z)·s, the value a quantized model would see.
// Backward (PyTorch's FakeQuantize / fake_quantize_per_tensor_affine): round() has zero gradient
// almost everywhere, so the STE passes the gradient through unchanged where the code was not
// clamped, i.e. where qmin ≤ round(x/s) + z ≤ qmax, and sends 0 where it was clamped.
//
// It is a composite of TensorCore primitives, so it needs no backward rule of its own:
//   y = x ⊙ m + c,   m = 1[qmin ≤ round(x/s)+z ≤ qmax] (constant),   c = x̂ − x ⊙ m (constant)
// gives y = x̂ in the forward pass and ∂y/∂x = m in the backward pass.
import TensorCore

extension Variable {
    /// Fake-quantizes with given scales and zero points (one per parameter of the granularity).
    /// - Throws: on a scale/zero-point count that does not fit the granularity.
    public func fakeQuantized(_ config: QuantConfig, scale: [Float], zeroPoint: [Int]) throws -> Variable {
        let layout = try QuantLayout(shape: shape, granularity: config.granularity, op: "fake_quantize")
        guard scale.count == layout.parameterCount, zeroPoint.count == layout.parameterCount else {
            throw CompressionError.shape("fake_quantize: \(config.granularity) on \(shapeText(shape)) needs \(layout.parameterCount) scales and zero points, got \(scale.count) and \(zeroPoint.count)")
        }
        let x = value.scalars
        var mask = [Float](repeating: 0, count: x.count)
        var constant = [Float](repeating: 0, count: x.count)
        let lo = Float(config.qmin), hi = Float(config.qmax)
        for i in 0..<x.count {
            let p = layout.parameterIndex(i)
            let unclamped = (x[i] / scale[p]).rounded(.toNearestOrEven) + Float(zeroPoint[p])
            let inside: Float = unclamped >= lo && unclamped <= hi ? 1 : 0
            let q = config.code(x[i], scale: scale[p], zeroPoint: zeroPoint[p])
            let xhat = Float(q - zeroPoint[p]) * scale[p]
            mask[i] = inside
            constant[i] = xhat - x[i] * inside
        }
        let m = try Tensor(shape: shape, scalars: mask)
        let c = try Tensor(shape: shape, scalars: constant)
        return try self * m + c
    }

    /// Fake-quantizes with scales and zero points from this value's own min/max (observer on).
    public func fakeQuantized(_ config: QuantConfig) throws -> Variable {
        let layout = try QuantLayout(shape: shape, granularity: config.granularity, op: "fake_quantize")
        let r = layout.ranges(value.scalars)
        let (s, z) = config.parameters(min: r.min, max: r.max)
        return try fakeQuantized(config, scale: s, zeroPoint: z)
    }
}
