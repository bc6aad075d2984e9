import Interpreter
import TensorCore

/// Creating tensors and the tensor operations a learner calls by name.
enum TensorBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("tensor", doc: "A Float32 tensor from a number or (nested) list of numbers.",
                  params: [NativeParam("values")]) { args in
            .native(TensorValue(try Convert.tensor(try args["values"], for: "tensor")))
        }
        it.define("zeros", doc: "A tensor of zeros, e.g. zeros([2, 3]).",
                  params: [NativeParam("shape")]) { args in
            .native(TensorValue(try Tensor.zeros(try Convert.shape(try args["shape"], for: "zeros"))))
        }
        it.define("ones", doc: "A tensor of ones.", params: [NativeParam("shape")]) { args in
            .native(TensorValue(try Tensor.ones(try Convert.shape(try args["shape"], for: "ones"))))
        }
        it.define("full", doc: "A tensor filled with one value.",
                  params: [NativeParam("shape"), NativeParam("value")]) { args in
            .native(TensorValue(try Tensor.full(try Convert.shape(try args["shape"], for: "full"),
                                                value: Float(try Convert.number(try args["value"], for: "full", name: "value")))))
        }
        it.define("eye", doc: "The n×n identity matrix.", params: [NativeParam("n")]) { args in
            .native(TensorValue(try Tensor.eye(try Convert.int(try args["n"], for: "eye", name: "n"))))
        }
        it.define("arange", doc: "Evenly spaced values in [start, stop); arange(n) is 0..n-1.",
                  params: [NativeParam("start"), NativeParam("stop", default: .nil), NativeParam("step", default: 1)]) { args in
            let a = try Convert.number(try args["start"], for: "arange", name: "start")
            let step = Float(try Convert.number(try args["step"], for: "arange", name: "step"))
            if case .nil = try args["stop"] { return .native(TensorValue(try Tensor.arange(0, Float(a), step: step))) }
            let b = try Convert.number(try args["stop"], for: "arange", name: "stop")
            return .native(TensorValue(try Tensor.arange(Float(a), Float(b), step: step)))
        }
        it.define("linspace", doc: "`count` evenly spaced values, both ends included.",
                  params: [NativeParam("start"), NativeParam("stop"), NativeParam("count", default: 50)]) { args in
            .native(TensorValue(try Tensor.linspace(
                Float(try Convert.number(try args["start"], for: "linspace", name: "start")),
                Float(try Convert.number(try args["stop"], for: "linspace", name: "stop")),
                count: try Convert.int(try args["count"], for: "linspace", name: "count"))))
        }
        installRandom(session)
        installShape(session)
        installMath(session)
        installReductions(session)
        installLinearAlgebra(session)
    }

    // MARK: random

    /// Random tensors draw from the session's generator (seeded per notebook) unless
    /// `seed:` asks for a private, reproducible stream.
    private static func installRandom(_ session: Session) {
        let it = session.interpreter
        it.define("randn", doc: "Normally distributed values (Box–Muller over xoshiro256**).",
                  params: [NativeParam("shape"), NativeParam("seed", default: .nil), NativeParam("mean", default: 0), NativeParam("std", default: 1)]) { args in
            let shape = try Convert.shape(try args["shape"], for: "randn")
            let mean = Float(try Convert.number(try args["mean"], for: "randn", name: "mean"))
            let std = Float(try Convert.number(try args["std"], for: "randn", name: "std"))
            return try session.withRandom(seed: try args["seed"], for: "randn") { rng in
                .native(TensorValue(try Tensor.randn(shape, mean: mean, std: std, using: &rng)))
            }
        }
        it.define("rand", doc: "Uniform values in [low, high).",
                  params: [NativeParam("shape"), NativeParam("seed", default: .nil), NativeParam("low", default: 0), NativeParam("high", default: 1)]) { args in
            let shape = try Convert.shape(try args["shape"], for: "rand")
            let low = Float(try Convert.number(try args["low"], for: "rand", name: "low"))
            let high = Float(try Convert.number(try args["high"], for: "rand", name: "high"))
            return try session.withRandom(seed: try args["seed"], for: "rand") { rng in
                .native(TensorValue(try Tensor.rand(shape, low: low, high: high, using: &rng)))
            }
        }
        it.define("randint", doc: "Integers in [low, high).",
                  params: [NativeParam("low"), NativeParam("high"), NativeParam("shape"), NativeParam("seed", default: .nil)]) { args in
            let low = try Convert.int(try args["low"], for: "randint", name: "low")
            let high = try Convert.int(try args["high"], for: "randint", name: "high")
            let shape = try Convert.shape(try args["shape"], for: "randint")
            return try session.withRandom(seed: try args["seed"], for: "randint") { rng in
                .native(TensorValue(try Tensor.randint(low, high, shape: shape, using: &rng)))
            }
        }
        it.define("permutation", doc: "A random ordering of 0..n-1.",
                  params: [NativeParam("n"), NativeParam("seed", default: .nil)]) { args in
            let n = try Convert.int(try args["n"], for: "permutation", name: "n")
            return try session.withRandom(seed: try args["seed"], for: "permutation") { rng in
                .native(TensorValue(try Tensor.permutation(n, using: &rng)))
            }
        }
    }

    // MARK: shape

    private static func installShape(_ session: Session) {
        let it = session.interpreter
        it.define("reshape", doc: "The same values in a new shape (-1 infers one axis).",
                  params: [NativeParam("t"), NativeParam("shape")]) { args in
            let shape = try Convert.shape(try args["shape"], for: "reshape")
            if Convert.isTraced(try args["t"]) { return Convert.wrap(try Convert.variable(try args["t"], for: "reshape").reshaped(shape)) }
            return .native(TensorValue(try Convert.tensor(try args["t"], for: "reshape").reshaped(shape)))
        }
        it.define("transpose", doc: "Reverse the axes (rows ↔ columns for a matrix).",
                  params: [NativeParam("t")]) { args in
            if Convert.isTraced(try args["t"]) { return Convert.wrap(try Convert.variable(try args["t"], for: "transpose").transposed()) }
            return .native(TensorValue(try Convert.tensor(try args["t"], for: "transpose").transposed()))
        }
        it.define("flatten", doc: "All values in one axis.", params: [NativeParam("t")]) { args in
            .native(TensorValue(try Convert.tensor(try args["t"], for: "flatten").flattened()))
        }
        it.define("concat", doc: "Join tensors along an existing axis.",
                  params: [NativeParam("tensors"), NativeParam("axis", default: 0)]) { args in
            let parts = try tensorList(try args["tensors"], for: "concat")
            return .native(TensorValue(try Tensor.concatenate(parts, axis: try Convert.int(try args["axis"], for: "concat", name: "axis"))))
        }
        it.define("stack", doc: "Join same-shaped tensors along a new axis.",
                  params: [NativeParam("tensors"), NativeParam("axis", default: 0)]) { args in
            let parts = try tensorList(try args["tensors"], for: "stack")
            return .native(TensorValue(try Tensor.stack(parts, axis: try Convert.int(try args["axis"], for: "stack", name: "axis"))))
        }
        it.define("tolist", doc: "A tensor as nested lists of numbers.", params: [NativeParam("t")]) { args in
            Convert.value(try Convert.tensor(try args["t"], for: "tolist"))
        }
        it.define("item", doc: "The single number in a one-element tensor.", params: [NativeParam("t")]) { args in
            .number(try Convert.number(try args["t"], for: "item", name: "t"))
        }
        it.define("where", doc: "Elementwise choice: `a` where mask is nonzero, `b` elsewhere (broadcasting).",
                  params: [NativeParam("mask"), NativeParam("a"), NativeParam("b")]) { args in
            .native(TensorValue(try Tensor.where(try Convert.tensor(try args["mask"], for: "where"),
                                                 try Convert.tensor(try args["a"], for: "where"),
                                                 try Convert.tensor(try args["b"], for: "where"))))
        }
        it.define("one_hot", doc: "Rows of zeros with a 1 at each label.",
                  params: [NativeParam("labels"), NativeParam("depth")]) { args in
            .native(TensorValue(try Convert.tensor(try args["labels"], for: "one_hot").oneHot(depth: try Convert.int(try args["depth"], for: "one_hot", name: "depth"))))
        }
    }

    static func tensorList(_ value: Value, for function: String) throws -> [Tensor] {
        guard case .list(let box) = value else {
            throw RuntimeError("\(function): expect a list of tensors, got \(value.typeName)")
        }
        return try box.items.map { try Convert.tensor($0, for: function) }
    }
}
