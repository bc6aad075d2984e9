// Autodiff primitives whose forward value is one of the shared kernels (Kernels/), each with
// its one backward rule. Composing them from exp, sum and pow would compute slightly different
// numbers than the Tensor and decoder paths; a primitive computes the same ones.

extension Variable {
    /// GELU, tanh form. Backward: g · gelu′(x) (see `Kernels.geluDerivative`).
    public func gelu() throws -> Variable {
        let x = value
        return Variable(x.gelu(), op: "gelu", parents: [self]) { g in
            let slope = x.mapChunks { p, d, n in Kernels.geluDerivative(p, d, count: n) }
            return [try g * slope]
        }
    }

    /// Softmax along `axis`. Backward: y ⊙ (g − Σ g ⊙ y) over the axis.
    public func softmax(axis: Int = -1) throws -> Variable {
        let y = try value.softmax(axis: axis)
        return Variable(y, op: "softmax", parents: [self]) { g in
            let dot = try (g * y).sum(axes: [axis], keepDims: true)
            return [try y * (g - dot)]
        }
    }

    /// Layer norm over the last axis: x̂ = (x − mean) / √(var + eps), then · weight + bias.
    /// Backward for x (n = row length, u = g ⊙ weight): (u − mean(u) − x̂ · mean(u ⊙ x̂)) / √(var + eps);
    /// for weight Σ g ⊙ x̂ and for bias Σ g over the rows.
    public func layerNorm(weight: Variable? = nil, bias: Variable? = nil, eps: Float = 1e-5) throws -> Variable {
        let n = shape.last ?? 1
        for (name, p) in [("weight", weight), ("bias", bias)] {
            if let p, p.shape != [n] {
                throw TensorError.shape("layer_norm: \(name) \(shapeText(p.shape)) must have shape [\(n)]")
            }
        }
        // One kernel pass gives x̂ and, per row, the 1/√(var + eps) the backward rule needs.
        let rows = n == 0 ? 0 : value.count / n
        let x = value.dense()
        var normalizedScalars = [Float](repeating: 0, count: x.count)
        var inverse = [Float](repeating: 0, count: rows)
        withExtendedLifetime(x) {
            let p = x.floatPointer
            normalizedScalars.withUnsafeMutableBufferPointer { out in
                for r in 0..<rows {
                    inverse[r] = Kernels.layerNorm(p + r * n, count: n, gain: nil, bias: nil, eps: eps, into: out.baseAddress! + r * n)
                }
            }
        }
        let normalized = try Tensor(shape: shape, scalars: normalizedScalars)
        let inv = try Tensor(shape: Array(shape.dropLast()) + [1], scalars: inverse)
        let core = Variable(normalized, op: "layer_norm", parents: [self]) { g in
            let m1 = try g.mean(axes: [-1], keepDims: true)
            let m2 = try (g * normalized).mean(axes: [-1], keepDims: true)
            return [try (g - m1 - normalized * m2) * inv]
        }
        var out = core
        if let weight { out = try out * weight }
        if let bias { out = try out + bias }
        return out
    }
}
