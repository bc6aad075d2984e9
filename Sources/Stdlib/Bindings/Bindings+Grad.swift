// Gradients in the language, in JAX's style: grad(f) is a function that returns df/dx.
//
//     let loss = fn(w) { mean((x @ w - y) ** 2) }
//     let g = grad(loss)(w)                  // same shape as w
//     let pair = value_and_grad(loss)(w)      // [loss, gradient]
//
// Calling grad(f)(x, …) makes x a traced tensor (a leaf of TensorCore's autodiff graph), runs f,
// and back-propagates from its result, which must be one number. x may also be a number, or a
// list or dict of tensors (a model's parameters): the gradient has the same structure. Only
// the first argument is differentiated; the others pass through unchanged. The differentiable
// operations are the autodiff primitives' (Convert.notDifferentiable lists them); any other
// operation refuses a traced tensor rather than dropping its gradient silently.
import Compression
import Interpreter
import TensorCore

/// grad, value_and_grad, detach, and the differentiable forms of the elementwise functions.
enum GradBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("grad", doc: """
            A function computing df/dx: grad(f)(x, …) runs f with x traced and returns the gradient of f's \
            result (one number) with respect to x — a tensor of x's shape, a number for a number, a list or \
            dict of gradients for a list or dict of tensors. Other arguments pass through undifferentiated.
            """, params: [.function("f")]) { args in
            let f = try args.function("f")
            return .function(FunctionBox(name: "grad", doc: "The gradient of a function (made by grad).", params: [.variadic("args")]) { call in
                try differentiate(f, call.rest, interpreter: call.interpreter).gradient
            })
        }
        it.define("value_and_grad", doc: """
            Like grad(f), but the made function returns [value, gradient]: f's result and its gradient, \
            from one forward and one backward pass.
            """, params: [.function("f")]) { args in
            let f = try args.function("f")
            return .function(FunctionBox(name: "value_and_grad", doc: "f's value and gradient (made by value_and_grad).",
                                         params: [.variadic("args")]) { call in
                let (value, gradient) = try differentiate(f, call.rest, interpreter: call.interpreter)
                return .list(ListBox([value, gradient]))
            })
        }
        it.define("detach", doc: """
            The values of x without their gradient (JAX's stop_gradient): inside grad(f), what no gradient \
            flows through — and the way to pass a traced tensor to a function that is not differentiable.
            """, params: [NativeParam("x")]) { args in
            if case .native(let t as TensorValue) = try args["x"], t.isTraced { return .native(TensorValue(t.tensor)) }
            return try args["x"]
        }
    }

    /// Runs f on `arguments` with the first one traced; returns f's value (a number) and the
    /// gradient shaped like the first argument.
    static func differentiate(_ f: Value, _ arguments: [Value], interpreter: Interpreter) throws -> (value: Value, gradient: Value) {
        guard let first = arguments.first else {
            throw RuntimeError("grad: the made function needs the value to differentiate at, e.g. grad(f)(x)")
        }
        var leaves: [Variable] = []
        let traced = try trace(first, into: &leaves)
        let result = try interpreter.call(f, [traced] + arguments.dropFirst())
        let value: Value
        switch result {
        case .native(let t as TensorValue) where t.tensor.count == 1:
            value = Bridge.number(try t.tensor.reshaped([]).item())
            if let node = t.variable { try node.backward(seed: try Tensor.ones(node.shape)) }
        case .number:
            value = result   // f does not depend on x: every gradient is zero
        default:
            throw RuntimeError("grad: f must return one number (a loss), got \(result.typeName)"
                + (result.typeName == "tensor" ? " of shape \(Convert.shapeText(result))" : "") + "; reduce it with sum or mean")
        }
        var next = 0
        return (value, try gradients(first, leaves, &next))
    }

    /// The first argument with every tensor (or number) replaced by a traced leaf, recorded in order.
    private static func trace(_ value: Value, into leaves: inout [Variable]) throws -> Value {
        switch value {
        case .number(let n):
            let leaf = Variable(Tensor(Float(n)), requiresGrad: true)
            leaves.append(leaf)
            return .native(TensorValue(traced: leaf))
        case .native(let t as TensorValue):
            let leaf = Variable(t.tensor.astype(.float32), requiresGrad: true)
            leaves.append(leaf)
            return .native(TensorValue(traced: leaf))
        case .list(let box):
            return .list(ListBox(try box.items.map { try trace($0, into: &leaves) }))
        case .dict(let box):
            let out = DictBox()
            for (key, item) in zip(box.keys, box.values) { out[key] = try trace(item, into: &leaves) }
            return .dict(out)
        default:
            throw RuntimeError("grad: can differentiate with respect to a number, a tensor, or a list or dict of them; got \(value.typeName)")
        }
    }

    /// The leaves' gradients in the first argument's structure (zeros where none reached a leaf).
    private static func gradients(_ value: Value, _ leaves: [Variable], _ next: inout Int) throws -> Value {
        switch value {
        case .number:
            let g = leaves[next].grad
            next += 1
            return .number(Double(try g?.reshaped([]).item() ?? 0))
        case .native:
            let leaf = leaves[next]
            next += 1
            return .native(TensorValue(try leaf.grad ?? Tensor.zeros(leaf.shape)))
        case .list(let box):
            return .list(ListBox(try box.items.map { try gradients($0, leaves, &next) }))
        case .dict(let box):
            let out = DictBox()
            for (key, item) in zip(box.keys, box.values) { out[key] = try gradients(item, leaves, &next) }
            return .dict(out)
        default:
            return .nil
        }
    }

    /// The differentiable elementwise functions on a traced tensor.
    static func unary(_ name: String, _ x: Value) throws -> Value {
        let v = try Convert.variable(x, for: name)
        switch name {
        case "exp": return Convert.wrap(v.exp())
        case "log": return Convert.wrap(v.log())
        case "sqrt": return Convert.wrap(v.pow(0.5))
        case "tanh": return Convert.wrap(v.tanh())
        case "relu": return Convert.wrap(v.relu())
        case "sigmoid": return Convert.wrap(try v.sigmoid())
        case "gelu": return Convert.wrap(try v.gelu())
        default: throw Convert.notDifferentiable(name)
        }
    }
}
