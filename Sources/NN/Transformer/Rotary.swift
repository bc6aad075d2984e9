// Rotary position embeddings (Su et al., 2021, "RoFormer"), rotate-half (GPT-NeoX) convention:
// each head vector x = [x₁, x₂] (halves of d) at position t becomes
//   [x₁·cos − x₂·sin, x₂·cos + x₁·sin],  angle_i = t · base^(−2i/d),  i < d/2.
// The angles are computed in Double and rounded to Float, as the numpy anchor does, so the
// autodiff path here and the LM decoder's in-place rotation use the very same tables.
import Foundation
import TensorCore

/// Rotary position embeddings: the angle tables and the rotation.
public enum Rotary {
    /// cos and sin of t·base^(−2i/d) for i < d/2, written to `cos` and `sin` (d/2 each).
    public static func table(position t: Int, headDim d: Int, base: Float,
                             cos: UnsafeMutablePointer<Float>, sin: UnsafeMutablePointer<Float>) {
        for i in 0..<(d / 2) {
            let inverseFrequency = 1.0 / Foundation.pow(Double(base), Double(2 * i) / Double(d))
            let angle = Double(t) * inverseFrequency
            cos[i] = Float(Foundation.cos(angle))
            sin[i] = Float(Foundation.sin(angle))
        }
    }

    /// Rotates `heads` vectors of size d in place with one position's tables (the decoder's path).
    @inline(__always)
    public static func rotate(_ x: UnsafeMutablePointer<Float>, heads: Int, headDim d: Int,
                              cos: UnsafePointer<Float>, sin: UnsafePointer<Float>) {
        let half = d / 2
        for h in 0..<heads {
            let v = x + h * d
            for i in 0..<half {
                let a = v[i], b = v[i + half]
                v[i] = a * cos[i] - b * sin[i]
                v[i + half] = b * cos[i] + a * sin[i]
            }
        }
    }

    /// Rotates q or k [B, H, T, d] for positions offset ..< offset + T (the autodiff path).
    public static func apply(_ v: Variable, base: Float, offset: Int = 0) throws -> Variable {
        guard v.shape.count == 4, v.shape[3] % 2 == 0 else {
            throw NNError.shape("rotary: input \(shapeText(v.shape)) needs shape [B, H, T, d] with an even d")
        }
        let t = v.shape[2], d = v.shape[3], half = d / 2
        var cosines = [Float](repeating: 0, count: t * d), sines = cosines
        var c = [Float](repeating: 0, count: half), s = c
        for position in 0..<t {
            table(position: offset + position, headDim: d, base: base, cos: &c, sin: &s)
            for i in 0..<d {
                cosines[position * d + i] = c[i % half]
                sines[position * d + i] = s[i % half]
            }
        }
        let x1 = try v.slice(axis: 3, start: 0, end: half), x2 = try v.slice(axis: 3, start: half, end: d)
        let rotated = try Variable.concatenate([-x2, x1], axis: 3)
        return try v * Tensor(shape: [t, d], scalars: cosines) + rotated * Tensor(shape: [t, d], scalars: sines)
    }
}
