import Foundation
import Interpreter
import TensorCore

/// Elementwise math, reductions and linear algebra. Functions that also make sense for
/// plain numbers and lists (`sqrt(2)`, `sum([1, 2])`, `max(3, 4)`) keep working on
/// them: a tensor argument chooses the tensor version, anything else falls back to
/// the interpreter's scalar builtin.
extension TensorBindings {
    static func installMath(_ session: Session) {
        let unary: [(String, String, (Tensor) -> Tensor, (Double) -> Double)] = [
            ("exp", "e to the power x", { $0.exp() }, Foundation.exp),
            ("log", "natural logarithm", { $0.log() }, Foundation.log),
            ("sqrt", "square root", { $0.sqrt() }, Foundation.sqrt),
            ("tanh", "hyperbolic tangent", { $0.tanh() }, Foundation.tanh),
            ("sin", "sine (radians)", { $0.sin() }, Foundation.sin),
            ("cos", "cosine (radians)", { $0.cos() }, Foundation.cos),
            ("abs", "absolute value", { $0.abs() }, Swift.abs),
            ("sign", "-1, 0 or 1 by the sign of x", { $0.sign() }, { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }),
            ("floor", "round down", { $0.floor() }, Foundation.floor),
            ("ceil", "round up", { $0.ceil() }, Foundation.ceil),
            ("relu", "max(x, 0)", { $0.relu() }, { Swift.max($0, 0) }),
            ("sigmoid", "1 / (1 + e^-x)", { $0.sigmoid() }, { 1 / (1 + Foundation.exp(-$0)) }),
            ("gelu", "GELU, tanh form", { $0.gelu() }, { x in
                0.5 * x * (1 + Foundation.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x))) }),
        ]
        for (name, what, tensorOp, scalarOp) in unary {
            session.interpreter.define(name, doc: "\(name)(x) — \(what), elementwise on tensors.",
                                       params: [NativeParam("x")]) { args in
                if case .number(let x) = args[0] { return .number(scalarOp(x)) }
                return .native(TensorValue(tensorOp(try Convert.tensor(args[0], for: name))))
            }
        }
        let fallbackRound = session.interpreter.global("round")
        session.interpreter.define("round", doc: "round(x, digits: 0) — round half to even (like numpy) for tensors; numbers keep digits.",
                                   params: []) { args in
            if case .native(let object as TensorValue) = args[0] { return .native(TensorValue(object.tensor.rounded())) }
            if let fallbackRound { return try args.interpreter.call(fallbackRound, args.values, named: args.extraNamed) }
            return .number(try Convert.number(args[0], for: "round", name: "x").rounded(.toNearestOrEven))
        }
        session.interpreter.define("clamp", doc: "clamp(x, low, high) — limit values to [low, high]; either bound may be nil.",
                                   params: [NativeParam("x"), NativeParam("low", default: .nil), NativeParam("high", default: .nil)]) { args in
            let low: Float? = args[1].isNil ? nil : Float(try Convert.number(args[1], for: "clamp", name: "low"))
            let high: Float? = args[2].isNil ? nil : Float(try Convert.number(args[2], for: "clamp", name: "high"))
            if case .number(let x) = args[0] {
                return .number(Swift.min(Double(high ?? .infinity), Swift.max(Double(low ?? -.infinity), x)))
            }
            return .native(TensorValue(try Convert.tensor(args[0], for: "clamp").clamp(min: low, max: high)))
        }
        for (name, op) in [("maximum", { (a: Tensor, b: Tensor) in try a.maximum(b) }),
                           ("minimum", { (a: Tensor, b: Tensor) in try a.minimum(b) })] {
            session.interpreter.define(name, doc: "\(name)(a, b) — elementwise \(name) with broadcasting.",
                                       params: [NativeParam("a"), NativeParam("b")]) { args in
                Convert.wrap(try op(try Convert.tensor(args[0], for: name), try Convert.tensor(args[1], for: name)))
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
            it.define(name, doc: "\(name)(x, axis: nil, keepdims: false) — \(what) of a tensor, over all values or along axes; on lists and numbers the usual builtin.",
                      params: []) { args in
                let x = args[0]
                let isTensor: Bool
                if case .native(_ as TensorValue) = x { isTensor = true } else { isTensor = false }
                if !isTensor, let fallback, args.extraNamed.isEmpty {
                    return try args.interpreter.call(fallback, args.values, named: [])
                }
                guard args.values.count == 1 else {
                    throw RuntimeError("\(name): expect one tensor (and axis:, keepdims:), got \(args.values.count) arguments")
                }
                let axes = try Convert.axes(args.named("axis"), for: name)
                let keep = try args.named("keepdims", default: .bool(false)).truth()
                return Convert.wrap(try reduce(try Convert.tensor(x, for: name), axes, keep))
            }
        }
        let truths: [(String, String, (Tensor) -> Bool)] = [
            ("all", "every", { t in t.scalars.allSatisfy { $0 != 0 } }),
            ("any", "some", { t in t.scalars.contains { $0 != 0 } })]
        for (name, which, test) in truths {
            // On a tensor: numpy's all/any (NaN is nonzero, so true); on lists the builtin.
            guard let fallback = it.global(name) else { continue }
            it.define(name, doc: "\(name)(x) — true when \(which) value of a tensor is nonzero (NaN counts as nonzero, as in numpy), or \(which) element of a list is true. The way to use a tensor comparison as a condition: if all(t > 0) { … }.",
                      params: [NativeParam("values")]) { args in
                guard case .native(let object as TensorValue) = args[0] else {
                    return try args.interpreter.call(fallback, [args[0]], named: [])
                }
                return .bool(test(object.tensor))
            }
        }
        for (name, pick) in [("argmax", { (t: Tensor, a: Int?) in try t.argmax(axis: a) }),
                             ("argmin", { (t: Tensor, a: Int?) in try t.argmin(axis: a) })] {
            it.define(name, doc: "\(name)(x, axis: nil) — index of the \(name == "argmax" ? "largest" : "smallest") value (flat index without axis).",
                      params: [NativeParam("x"), NativeParam("axis", default: .nil)]) { args in
                let axis = args[1].isNil ? nil : try Convert.int(args[1], for: name, name: "axis")
                return Convert.wrap(try pick(try Convert.tensor(args[0], for: name), axis))
            }
        }
        it.define("norm", doc: "norm(x, p: 2, axis: nil) — the p-norm (p = 1, 2 or inf).",
                  params: [NativeParam("x"), NativeParam("p", default: 2), NativeParam("axis", default: .nil)]) { args in
            let p = Float(try Convert.number(args[1], for: "norm", name: "p"))
            return Convert.wrap(try Convert.tensor(args[0], for: "norm").norm(p: p, axes: try Convert.axes(args[2], for: "norm")))
        }
        it.define("quantile", doc: "quantile(x, q, axis: nil) — the q-quantile with numpy's linear interpolation.",
                  params: [NativeParam("x"), NativeParam("q"), NativeParam("axis", default: .nil)]) { args in
            let q = Float(try Convert.number(args[1], for: "quantile", name: "q"))
            return Convert.wrap(try Convert.tensor(args[0], for: "quantile").quantile(q, axes: try Convert.axes(args[2], for: "quantile")))
        }
        it.define("sort", doc: "sort(x, axis: -1, descending: false) — sorted values of a tensor.",
                  params: [NativeParam("x"), NativeParam("axis", default: -1), NativeParam("descending", default: false)]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "sort").sorted(
                axis: try Convert.int(args[1], for: "sort", name: "axis"), descending: try args[2].truth())))
        }
        it.define("topk", doc: "topk(x, k, axis: -1) — the k largest values and their indices, as {values, indices}.",
                  params: [NativeParam("x"), NativeParam("k"), NativeParam("axis", default: -1)]) { args in
            let (values, indices) = try Convert.tensor(args[0], for: "topk").topk(
                try Convert.int(args[1], for: "topk", name: "k"), axis: try Convert.int(args[2], for: "topk", name: "axis"))
            return .dict(DictBox([("values", .native(TensorValue(values))), ("indices", .native(TensorValue(indices)))]))
        }
    }

    static func installLinearAlgebra(_ session: Session) {
        let it = session.interpreter
        it.define("matmul", doc: "matmul(a, b) — matrix product (batched over leading axes), the same as a @ b; runs on OpenBLAS sgemm.",
                  params: [NativeParam("a"), NativeParam("b")]) { args in
            Convert.wrap(try Convert.tensor(args[0], for: "matmul").matmul(try Convert.tensor(args[1], for: "matmul")))
        }
        it.define("softmax", doc: "softmax(x, axis: -1) — exp(x - max) / sum(exp(x - max)), numerically stable.",
                  params: [NativeParam("x"), NativeParam("axis", default: -1)]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "softmax").softmax(axis: try Convert.int(args[1], for: "softmax", name: "axis"))))
        }
        it.define("log_softmax", doc: "log_softmax(x, axis: -1) — x - max - log(sum(exp(x - max))).",
                  params: [NativeParam("x"), NativeParam("axis", default: -1)]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "log_softmax").logSoftmax(axis: try Convert.int(args[1], for: "log_softmax", name: "axis"))))
        }
        it.define("svd", doc: "svd(a) — thin SVD through LAPACK's sgesdd, as {u, s, vt} with a = u · diag(s) · vt.",
                  params: [NativeParam("a")]) { args in
            let (u, s, vt) = try Convert.tensor(args[0], for: "svd").svd()
            return .dict(DictBox([("u", .native(TensorValue(u))), ("s", .native(TensorValue(s))), ("vt", .native(TensorValue(vt)))]))
        }
    }
}

extension Value {
    /// True for `nil`.
    var isNil: Bool { if case .nil = self { return true }; return false }
}
