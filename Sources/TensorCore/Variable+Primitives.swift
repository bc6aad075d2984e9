// Autodiff primitives: each op computes its value and records exactly one backward rule.
// Everything else (sub, mean, softmax, losses, ...) is composed from these.

extension Tensor {
    /// Sums a broadcast gradient back down to `target` (the inverse of broadcasting).
    func unbroadcast(to target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let lead = rank - target.count
        var axes = Array(0..<lead)
        for (i, n) in target.enumerated() where n == 1 && shape[lead + i] != 1 { axes.append(lead + i) }
        return try sum(axes: axes, keepDims: true).reshaped(target)
    }
}

extension Variable {
    /// The reduced axes as non-negative indices (all when nil).
    static func reducedAxes(_ axes: [Int]?, rank: Int, op: String) throws -> Set<Int> {
        guard let axes else { return Set(0..<rank) }
        return Set(try axes.map { a -> Int in
            let fixed = a < 0 ? a + rank : a
            guard fixed >= 0, fixed < rank else {
                throw TensorError.argument("\(op): axis \(a) out of range for a tensor of rank \(rank)")
            }
            return fixed
        })
    }

    /// Elementwise sum with broadcasting.
    public static func + (a: Variable, b: Variable) throws -> Variable {
        let sa = a.shape, sb = b.shape
        return Variable(try a.value + b.value, op: "add", parents: [a, b]) { g in
            [try g.unbroadcast(to: sa), try g.unbroadcast(to: sb)]
        }
    }

    /// Elementwise product with broadcasting.
    public static func * (a: Variable, b: Variable) throws -> Variable {
        let x = a.value, y = b.value
        return Variable(try x * y, op: "mul", parents: [a, b]) { g in
            [try (g * y).unbroadcast(to: x.shape), try (g * x).unbroadcast(to: y.shape)]
        }
    }

    /// Elementwise quotient with broadcasting: d/da = 1/b, d/db = -a/b².
    public static func / (a: Variable, b: Variable) throws -> Variable {
        let x = a.value, y = b.value
        let out = try x / y
        return Variable(out, op: "div", parents: [a, b]) { g in
            let ga = try g / y
            let gb = -(try ga * out)
            return [try ga.unbroadcast(to: x.shape), try gb.unbroadcast(to: y.shape)]
        }
    }

    /// Elementwise negation.
    public static prefix func - (a: Variable) -> Variable {
        Variable(-a.value, op: "neg", parents: [a]) { g in [-g] }
    }

    /// x^c for a constant c: d/dx = c x^(c-1).
    public func pow(_ c: Float) -> Variable {
        let x = value
        return Variable(x.pow(c), op: "pow", parents: [self]) { g in
            [try g * (c * x.pow(c - 1))]
        }
    }

    /// e^x.
    public func exp() -> Variable {
        let y = value.exp()
        return Variable(y, op: "exp", parents: [self]) { g in [try g * y] }
    }

    /// Natural log: d/dx = 1/x.
    public func log() -> Variable {
        let x = value
        return Variable(x.log(), op: "log", parents: [self]) { g in [try g / x] }
    }

    /// tanh: d/dx = 1 - tanh².
    public func tanh() -> Variable {
        let y = value.tanh()
        return Variable(y, op: "tanh", parents: [self]) { g in [try g * (1 - y.pow(2))] }
    }

    /// max(x, 0): the gradient passes where x > 0.
    public func relu() -> Variable {
        let x = value
        return Variable(x.relu(), op: "relu", parents: [self]) { g in
            [try g * x.map { $0 > 0 ? 1 : 0 }]
        }
    }

    /// Elementwise maximum; on ties the gradient goes to `self`.
    public func maximum(_ other: Variable) throws -> Variable {
        let x = value, y = other.value
        return Variable(try x.maximum(y), op: "maximum", parents: [self, other]) { g in
            let pickX = try x.greaterEqual(y)
            return [try (g * pickX).unbroadcast(to: x.shape), try (g * (1 - pickX)).unbroadcast(to: y.shape)]
        }
    }

    /// Matrix product (batch axes broadcast): dA = G Bᵀ, dB = Aᵀ G, each summed over broadcast
    /// batch axes. A 1-D operand follows numpy's rule — a row vector on the left, a column on the
    /// right, that axis dropped from the result — through differentiable reshapes.
    public func matmul(_ other: Variable) throws -> Variable {
        if value.rank == 1 || other.value.rank == 1 {
            guard value.rank >= 1, other.value.rank >= 1 else {
                throw TensorError.shape("matmul: shapes \(shapeText(value.shape)) and \(shapeText(other.shape)) need at least one axis each")
            }
            let left = value.rank == 1 ? try reshaped([1, value.shape[0]]) : self
            let right = other.value.rank == 1 ? try other.reshaped([other.shape[0], 1]) : other
            var product = try left.matmul(right)
            var shape = product.shape
            if other.value.rank == 1 { shape.removeLast() }
            if value.rank == 1 { shape.remove(at: shape.count - (other.value.rank == 1 ? 1 : 2)) }
            product = try product.reshaped(shape)
            return product
        }
        let a = value, b = other.value
        return Variable(try a.matmul(b), op: "matmul", parents: [self, other]) { g in
            let ga = try g.matmul(b.transposed(-1, -2))
            let gb = try a.transposed(-1, -2).matmul(g)
            return [try ga.unbroadcast(to: a.shape), try gb.unbroadcast(to: b.shape)]
        }
    }

    /// Sum over `axes` (all when nil): the gradient is broadcast back.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Variable {
        let inputShape = shape
        let out = try value.sum(axes: axes, keepDims: keepDims)
        let reduced = try Variable.reducedAxes(axes, rank: value.rank, op: "sum")
        let keptShape = inputShape.indices.map { reduced.contains($0) ? 1 : inputShape[$0] }
        return Variable(out, op: "sum", parents: [self]) { g in
            [try g.reshaped(keptShape).broadcast(to: inputShape).contiguous()]
        }
    }

    /// Same elements, new shape.
    public func reshaped(_ newShape: [Int]) throws -> Variable {
        let inputShape = shape
        return Variable(try value.reshaped(newShape), op: "reshape", parents: [self]) { g in
            [try g.reshaped(inputShape)]
        }
    }

    /// Reorders axes: the gradient is permuted back.
    public func permuted(_ axes: [Int]) throws -> Variable {
        let out = try value.permuted(axes)
        let fixed = try axes.map { try value.normalizedAxis($0, rank: value.rank, op: "permute") }
        var inverse = [Int](repeating: 0, count: fixed.count)
        for (i, a) in fixed.enumerated() { inverse[a] = i }
        return Variable(out, op: "permute", parents: [self]) { g in [try g.permuted(inverse)] }
    }

    /// Broadcast to a larger shape: the gradient is summed back.
    public func broadcast(to target: [Int]) throws -> Variable {
        let inputShape = shape
        return Variable(try value.broadcast(to: target), op: "broadcast", parents: [self]) { g in
            [try g.unbroadcast(to: inputShape)]
        }
    }

    /// Elements start..<end by step along `axis`: the gradient is scattered into zeros.
    public func slice(axis: Int, start: Int? = nil, end: Int? = nil, step: Int = 1) throws -> Variable {
        let inputShape = shape
        return Variable(try value.slice(axis: axis, start: start, end: end, step: step), op: "slice", parents: [self]) { g in
            var full = try Tensor.zeros(inputShape)
            try full.assign(g, axis: axis, start: start, end: end, step: step)
            return [full]
        }
    }

    /// torch.gather along `axis`: the gradient is scatter-added to the picked positions.
    public func gather(axis: Int, indices: Tensor) throws -> Variable {
        let x = value
        let a = try x.normalizedAxis(axis, rank: x.rank, op: "gather")
        return Variable(try x.gather(axis: a, indices: indices), op: "gather", parents: [self]) { g in
            let full = try Tensor.zeros(x.shape)
            let idx = try x.checkedIndices(indices, size: x.shape[a], op: "gather")
            let gd = g.dense()
            let outStrides = Tensor.contiguousStrides(indices.shape)
            let fullStrides = full.strides
            withExtendedLifetime(gd) {
                let pg = gd.floatPointer, pf = full.storage.floats
                for linear in 0..<idx.count {
                    var rest = linear, target = 0
                    for axis in 0..<x.rank {
                        let i = rest / outStrides[axis]
                        rest %= outStrides[axis]
                        target += (axis == a ? idx[linear] : i) * fullStrides[axis]
                    }
                    pf[target] += pg[linear]
                }
            }
            return [full]
        }
    }

    /// Picks slices along `axis` (embedding lookup): the gradient is scatter-added per index.
    public func indexSelect(axis: Int, indices: Tensor) throws -> Variable {
        let x = value
        let a = try x.normalizedAxis(axis, rank: x.rank, op: "index_select")
        return Variable(try x.indexSelect(axis: a, indices: indices), op: "index_select", parents: [self]) { g in
            var full = try Tensor.zeros(x.shape)
            let idx = try x.checkedIndices(indices, size: x.shape[a], op: "index_select")
            for (k, i) in idx.enumerated() {
                let current = try full.slice(axis: a, start: i, end: i + 1)
                let add = try g.slice(axis: a, start: k, end: k + 1)
                try full.assign(try current + add, axis: a, start: i, end: i + 1)
            }
            return [full]
        }
    }

    /// Joins along an existing axis: the gradient is split back.
    public static func concatenate(_ parts: [Variable], axis: Int = 0) throws -> Variable {
        let value = try Tensor.concatenate(parts.map(\.value), axis: axis)
        let a = try value.normalizedAxis(axis, rank: value.rank, op: "concatenate")
        let sizes = parts.map { $0.shape[a] }
        return Variable(value, op: "concatenate", parents: parts) { g in
            try g.split(sizes: sizes, axis: a).map { Optional($0) }
        }
    }
}
