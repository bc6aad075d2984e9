import Foundation
import Interpreter
import TensorCore

/// Elementwise math, reductions and linear algebra. Functions that also make sense for
/// plain numbers and lists (`sqrt(2)`, `sum([1, 2])`, `max(3, 4)`) keep working on
/// them: a tensor argument chooses the tensor version, anything else falls back to
/// the interpreter's scalar builtin.
extension TensorBindings {
    static func installMath(_ session: Session) {
        // The tensor side of each is ElementwiseUnary's op, the one fuse() compiles too.
        let unary: [(ElementwiseUnary, String, (Double) -> Double)] = [
            (.exp, "e to the power x", Foundation.exp),
            (.log, "natural logarithm", Foundation.log),
            (.sqrt, "square root", Foundation.sqrt),
            (.tanh, "hyperbolic tangent", Foundation.tanh),
            (.sin, "sine (radians)", Foundation.sin),
            (.cos, "cosine (radians)", Foundation.cos),
            (.abs, "absolute value", Swift.abs),
            (.sign, "-1, 0 or 1 by the sign of x", { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }),
            (.floor, "round down", Foundation.floor),
            (.ceil, "round up", Foundation.ceil),
            (.relu, "max(x, 0)", { Swift.max($0, 0) }),
            (.sigmoid, "1 / (1 + e^-x)", { 1 / (1 + Foundation.exp(-$0)) }),
            (.gelu, "GELU, tanh form", { x in
                0.5 * x * (1 + Foundation.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) }),
        ]
        for (op, what, scalarOp) in unary {
            let name = op.rawValue
            session.interpreter.define(name, doc: "\(what), elementwise on tensors.",
                                       params: [NativeParam("x")]) { args in
                if case .number(let x) = try args["x"] { return .number(scalarOp(x)) }
                if let lazy = LazyValue.from(try args["x"]) { return .native(LazyValue(.unary(op, lazy.expression))) }
                if Convert.isTraced(try args["x"]) { return try GradBindings.unary(name, try args["x"]) }
                return .native(TensorValue(op.apply(try Convert.tensor(try args["x"], for: name))))
            }
        }
        let fallbackRound = session.interpreter.global("round")
        session.interpreter.defineOverloaded("round", doc: "On a tensor: every value rounded half to even (like numpy). On a number: rounded to `digits` decimals.",
                                             forms: [[NativeParam("t")], session.interpreter.nativeParameters(of: "round")]) { args in
            // Two functions behind one name: a tensor rounds here, anything else goes to the builtin.
            let positional = args.positional
            if case .native(let object as TensorValue)? = positional.first, positional.count == 1, args.extraNamed.isEmpty {
                return .native(TensorValue(object.tensor.rounded()))
            }
            if let first = positional.first, let lazy = LazyValue.from(first), positional.count == 1, args.extraNamed.isEmpty {
                return .native(LazyValue(.unary(.round, lazy.expression)))
            }
            if let fallbackRound { return try args.interpreter.call(fallbackRound, positional, named: args.extraNamed) }
            return .number(try Convert.number(positional.first ?? .nil, for: "round", name: "x").rounded(.toNearestOrEven))
        }
        session.interpreter.define("clamp", doc: "Limit values to [low, high]; either bound may be nil.",
                                   params: [NativeParam("x"), NativeParam("low", default: .nil), NativeParam("high", default: .nil)]) { args in
            let low: Float? = try args["low"].isNil ? nil : Float(try Convert.number(try args["low"], for: "clamp", name: "low"))
            let high: Float? = try args["high"].isNil ? nil : Float(try Convert.number(try args["high"], for: "clamp", name: "high"))
            if case .number(let x) = try args["x"] {
                return .number(Swift.min(Double(high ?? .infinity), Swift.max(Double(low ?? -.infinity), x)))
            }
            if let lazy = LazyValue.from(try args["x"]) {
                // max(x, low) then min(·, high): NaN stays NaN either way, as in Tensor.clamp.
                var e = lazy.expression
                if let low { e = .binary(.maximum, e, .constant(low)) }
                if let high { e = .binary(.minimum, e, .constant(high)) }
                return .native(LazyValue(e))
            }
            return .native(TensorValue(try Convert.tensor(try args["x"], for: "clamp").clamp(min: low, max: high)))
        }
        for (name, op) in [("maximum", { (a: Tensor, b: Tensor) in try a.maximum(b) }),
                           ("minimum", { (a: Tensor, b: Tensor) in try a.minimum(b) })] {
            session.interpreter.define(name, doc: "Elementwise \(name) with broadcasting.",
                                       params: [NativeParam("a"), NativeParam("b")]) { args in
                let (first, second) = (try args["a"], try args["b"])
                if LazyValue.from(first) != nil || LazyValue.from(second) != nil {
                    return .native(LazyValue(.binary(name == "maximum" ? .maximum : .minimum,
                                                     try LazyValue.expression(first), try LazyValue.expression(second))))
                }
                if Convert.isTraced(first) || Convert.isTraced(second) {
                    let a = try Convert.variable(first, for: name), b = try Convert.variable(second, for: name)
                    return Convert.wrap(name == "maximum" ? try a.maximum(b) : try a.minimum(b))
                }
                return Convert.wrap(try op(try Convert.tensor(try args["a"], for: name), try Convert.tensor(try args["b"], for: name)))
            }
        }
    }

    static func installReductions(_ session: Session) {
        let it = session.interpreter
        typealias Reduce = (Tensor, [Int]?, Bool) throws -> Tensor
        let reductions: [(String, String, Reduce)] = [
            ("sum", "sum", { try $0.sum(axes: $1, keepDims: $2) }),
            ("mean", "arithmetic mean", { try $0.mean(axes: $1, keepDims: $2) }),
            ("max", "largest value", { try $0.max(axes: $1, keepDims: $2) }),
            ("min", "smallest value", { try $0.min(axes: $1, keepDims: $2) }),
            ("var", "variance (ddof 0, like numpy)", { try $0.variance(axes: $1, keepDims: $2) }),
            ("std", "standard deviation (ddof 0, like numpy)", { try $0.std(axes: $1, keepDims: $2) }),
        ]
        for (name, what, reduce) in reductions {
            let fallback = it.global(name)
            it.defineOverloaded(name, doc: "\(what.prefix(1).uppercased() + what.dropFirst()) of a tensor, over all values or along axes; on lists and numbers the usual builtin.",
                                forms: [reductionParams, it.nativeParameters(of: name)]) { args in
                // Two functions behind one name: lists and numbers go to the builtin.
                let positional = args.positional
                let x = positional.first ?? .nil
                let isTensor: Bool
                if case .native(_ as TensorValue) = x { isTensor = true } else { isTensor = false }
                if !isTensor, let fallback, args.extraNamed.isEmpty {
                    return try args.interpreter.call(fallback, positional, named: [])
                }
                let bound = try Arguments.bind(function: name, params: reductionParams, positional: positional,
                                               named: args.extraNamed, interpreter: args.interpreter)
                let axes = try Convert.axes(try bound["axis"], for: name)
                if Convert.isTraced(x), name == "sum" || name == "mean" {
                    let v = try Convert.variable(x, for: name), keep = try bound.bool("keepdims")
                    return Convert.wrap(name == "sum" ? try v.sum(axes: axes, keepDims: keep) : try v.mean(axes: axes, keepDims: keep))
                }
                return Convert.wrap(try reduce(try Convert.tensor(x, for: name), axes, try bound.bool("keepdims")))
            }
        }
        let truths: [(String, String, (Tensor) -> Bool)] = [
            ("all", "every", { t in t.scalars.allSatisfy { $0 != 0 } }),
            ("any", "some", { t in t.scalars.contains { $0 != 0 } })]
        for (name, which, test) in truths {
            // On a tensor: numpy's all/any (NaN is nonzero, so true); on lists the builtin.
            guard let fallback = it.global(name) else { continue }
            it.define(name, doc: "True when \(which) value of a tensor is nonzero (NaN counts as nonzero, as in numpy), or \(which) element of a list is true. The way to use a tensor comparison as a condition: if all(t > 0) { … }.",
                      params: [NativeParam("values")]) { args in
                guard case .native(let object as TensorValue) = try args["values"] else {
                    return try args.interpreter.call(fallback, [try args["values"]], named: [])
                }
                return .bool(test(object.tensor))
            }
        }
        for (name, pick) in [("argmax", { (t: Tensor, a: Int?) in try t.argmax(axis: a) }),
                             ("argmin", { (t: Tensor, a: Int?) in try t.argmin(axis: a) })] {
            it.define(name, doc: "Index of the \(name == "argmax" ? "largest" : "smallest") value (flat index without axis).",
                      params: [NativeParam("x"), NativeParam("axis", default: .nil)]) { args in
                let axis = try args["axis"].isNil ? nil : try Convert.int(try args["axis"], for: name, name: "axis")
                return Convert.wrap(try pick(try Convert.tensor(try args["x"], for: name), axis))
            }
        }
        it.define("norm", doc: "The p-norm (p = 1, 2 or inf).",
                  params: [NativeParam("x"), NativeParam("p", default: 2), NativeParam("axis", default: .nil)]) { args in
            let p = Float(try Convert.number(try args["p"], for: "norm", name: "p"))
            return Convert.wrap(try Convert.tensor(try args["x"], for: "norm").norm(p: p, axes: try Convert.axes(try args["axis"], for: "norm")))
        }
        it.define("quantile", doc: "The q-quantile with numpy's linear interpolation.",
                  params: [NativeParam("x"), NativeParam("q"), NativeParam("axis", default: .nil)]) { args in
            let q = Float(try Convert.number(try args["q"], for: "quantile", name: "q"))
            return Convert.wrap(try Convert.tensor(try args["x"], for: "quantile").quantile(q, axes: try Convert.axes(try args["axis"], for: "quantile")))
        }
        it.define("sort", doc: "Sorted values of a tensor.",
                  params: [NativeParam("x"), .int("axis", default: -1), .bool("descending", default: false)]) { args in
            .native(TensorValue(try Convert.tensor(try args["x"], for: "sort").sorted(
                axis: try args.int("axis"), descending: try args.bool("descending"))))
        }
        it.define("topk", doc: "The k largest values and their indices, as {values, indices}.",
                  params: [NativeParam("x"), NativeParam("k"), NativeParam("axis", default: -1)]) { args in
            let (values, indices) = try Convert.tensor(try args["x"], for: "topk").topk(
                try Convert.int(try args["k"], for: "topk", name: "k"), axis: try Convert.int(try args["axis"], for: "topk", name: "axis"))
            return .dict(DictBox([("values", .native(TensorValue(values))), ("indices", .native(TensorValue(indices)))]))
        }
    }

    static func installLinearAlgebra(_ session: Session) {
        let it = session.interpreter
        it.define("matmul", doc: "Matrix product (batched over leading axes), the same as a @ b; runs on OpenBLAS sgemm.",
                  params: [NativeParam("a"), NativeParam("b")]) { args in
            let (a, b) = (try args["a"], try args["b"])
            if Convert.isTraced(a) || Convert.isTraced(b) {
                return Convert.wrap(try Convert.variable(a, for: "matmul").matmul(try Convert.variable(b, for: "matmul")))
            }
            return Convert.wrap(try Convert.tensor(try args["a"], for: "matmul").matmul(try Convert.tensor(try args["b"], for: "matmul")))
        }
        it.define("softmax", doc: "The softmax exp(x − max) / Σ exp(x − max) along axis, numerically stable.",
                  params: [NativeParam("x"), .int("axis", default: -1)]) { args in
            if Convert.isTraced(try args["x"]) {
                return Convert.wrap(try Convert.variable(try args["x"], for: "softmax").softmax(axis: try args.int("axis")))
            }
            return .native(TensorValue(try Convert.tensor(try args["x"], for: "softmax").softmax(axis: try args.int("axis"))))
        }
        it.define("log_softmax", doc: "The log-softmax x − max − log Σ exp(x − max) along axis.",
                  params: [NativeParam("x"), .int("axis", default: -1)]) { args in
            if Convert.isTraced(try args["x"]) {
                return Convert.wrap(try Convert.variable(try args["x"], for: "log_softmax").logSoftmax(axis: try args.int("axis")))
            }
            return .native(TensorValue(try Convert.tensor(try args["x"], for: "log_softmax").logSoftmax(axis: try args.int("axis"))))
        }
        it.define("svd", doc: "Thin SVD through LAPACK's sgesdd, as {u, s, vt} with a = u · diag(s) · vt.",
                  params: [NativeParam("a")]) { args in
            let (u, s, vt) = try Convert.tensor(try args["a"], for: "svd").svd()
            return .dict(DictBox([("u", .native(TensorValue(u))), ("s", .native(TensorValue(s))), ("vt", .native(TensorValue(vt)))]))
        }
    }

    /// A tensor reduction's own arguments: sum(x, axis: nil, keepdims: false).
    static let reductionParams: [NativeParam] = [NativeParam("x"), NativeParam("axis", default: .nil), .bool("keepdims", default: false)]
}
