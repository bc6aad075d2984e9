import Interpreter
import TensorCore

/// Creating tensors and the tensor operations a learner calls by name.
enum TensorBindings {
    static func install(in session: Session) {
        let it = session.interpreter
        it.define("tensor", doc: "tensor(values) — a Float32 tensor from a number or (nested) list of numbers.",
                  params: [NativeParam("values")]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "tensor")))
        }
        it.define("zeros", doc: "zeros(shape) — a tensor of zeros, e.g. zeros([2, 3]).",
                  params: [NativeParam("shape")]) { args in
            .native(TensorValue(try Tensor.zeros(try Convert.shape(args[0], for: "zeros"))))
        }
        it.define("ones", doc: "ones(shape) — a tensor of ones.", params: [NativeParam("shape")]) { args in
            .native(TensorValue(try Tensor.ones(try Convert.shape(args[0], for: "ones"))))
        }
        it.define("full", doc: "full(shape, value) — a tensor filled with one value.",
                  params: [NativeParam("shape"), NativeParam("value")]) { args in
            .native(TensorValue(try Tensor.full(try Convert.shape(args[0], for: "full"),
                                                value: Float(try Convert.number(args[1], for: "full", name: "value")))))
        }
        it.define("eye", doc: "eye(n) — the n×n identity matrix.", params: [NativeParam("n")]) { args in
            .native(TensorValue(try Tensor.eye(try Convert.int(args[0], for: "eye", name: "n"))))
        }
        it.define("arange", doc: "arange(start, stop, step: 1) — evenly spaced values in [start, stop); arange(n) is 0..n-1.",
                  params: [NativeParam("start"), NativeParam("stop", default: .nil), NativeParam("step", default: 1)]) { args in
            let a = try Convert.number(args[0], for: "arange", name: "start")
            let step = Float(try Convert.number(args[2], for: "arange", name: "step"))
            if case .nil = args[1] { return .native(TensorValue(try Tensor.arange(0, Float(a), step: step))) }
            let b = try Convert.number(args[1], for: "arange", name: "stop")
            return .native(TensorValue(try Tensor.arange(Float(a), Float(b), step: step)))
        }
        it.define("linspace", doc: "linspace(start, stop, count) — `count` evenly spaced values, both ends included.",
                  params: [NativeParam("start"), NativeParam("stop"), NativeParam("count", default: 50)]) { args in
            .native(TensorValue(try Tensor.linspace(
                Float(try Convert.number(args[0], for: "linspace", name: "start")),
                Float(try Convert.number(args[1], for: "linspace", name: "stop")),
                count: try Convert.int(args[2], for: "linspace", name: "count"))))
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
        it.define("randn", doc: "randn(shape, seed: nil, mean: 0, std: 1) — normally distributed values (Box–Muller over xoshiro256**).",
                  params: [NativeParam("shape"), NativeParam("seed", default: .nil), NativeParam("mean", default: 0), NativeParam("std", default: 1)]) { args in
            let shape = try Convert.shape(args[0], for: "randn")
            let mean = Float(try Convert.number(args[2], for: "randn", name: "mean"))
            let std = Float(try Convert.number(args[3], for: "randn", name: "std"))
            return try session.withRandom(seed: args[1], for: "randn") { rng in
                .native(TensorValue(try Tensor.randn(shape, mean: mean, std: std, using: &rng)))
            }
        }
        it.define("rand", doc: "rand(shape, seed: nil, low: 0, high: 1) — uniform values in [low, high).",
                  params: [NativeParam("shape"), NativeParam("seed", default: .nil), NativeParam("low", default: 0), NativeParam("high", default: 1)]) { args in
            let shape = try Convert.shape(args[0], for: "rand")
            let low = Float(try Convert.number(args[2], for: "rand", name: "low"))
            let high = Float(try Convert.number(args[3], for: "rand", name: "high"))
            return try session.withRandom(seed: args[1], for: "rand") { rng in
                .native(TensorValue(try Tensor.rand(shape, low: low, high: high, using: &rng)))
            }
        }
        it.define("randint", doc: "randint(low, high, shape, seed: nil) — integers in [low, high).",
                  params: [NativeParam("low"), NativeParam("high"), NativeParam("shape"), NativeParam("seed", default: .nil)]) { args in
            let low = try Convert.int(args[0], for: "randint", name: "low")
            let high = try Convert.int(args[1], for: "randint", name: "high")
            let shape = try Convert.shape(args[2], for: "randint")
            return try session.withRandom(seed: args[3], for: "randint") { rng in
                .native(TensorValue(try Tensor.randint(low, high, shape: shape, using: &rng)))
            }
        }
        it.define("permutation", doc: "permutation(n, seed: nil) — a random ordering of 0..n-1.",
                  params: [NativeParam("n"), NativeParam("seed", default: .nil)]) { args in
            let n = try Convert.int(args[0], for: "permutation", name: "n")
            return try session.withRandom(seed: args[1], for: "permutation") { rng in
                .native(TensorValue(try Tensor.permutation(n, using: &rng)))
            }
        }
    }

    // MARK: shape

    private static func installShape(_ session: Session) {
        let it = session.interpreter
        it.define("reshape", doc: "reshape(t, shape) — the same values in a new shape (-1 infers one axis).",
                  params: [NativeParam("t"), NativeParam("shape")]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "reshape").reshaped(try Convert.shape(args[1], for: "reshape"))))
        }
        it.define("transpose", doc: "transpose(t) — reverse the axes (rows ↔ columns for a matrix).",
                  params: [NativeParam("t")]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "transpose").transposed()))
        }
        it.define("flatten", doc: "flatten(t) — all values in one axis.", params: [NativeParam("t")]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "flatten").flattened()))
        }
        it.define("concat", doc: "concat(tensors, axis: 0) — join tensors along an existing axis.",
                  params: [NativeParam("tensors"), NativeParam("axis", default: 0)]) { args in
            let parts = try tensorList(args[0], for: "concat")
            return .native(TensorValue(try Tensor.concatenate(parts, axis: try Convert.int(args[1], for: "concat", name: "axis"))))
        }
        it.define("stack", doc: "stack(tensors, axis: 0) — join same-shaped tensors along a new axis.",
                  params: [NativeParam("tensors"), NativeParam("axis", default: 0)]) { args in
            let parts = try tensorList(args[0], for: "stack")
            return .native(TensorValue(try Tensor.stack(parts, axis: try Convert.int(args[1], for: "stack", name: "axis"))))
        }
        it.define("tolist", doc: "tolist(t) — a tensor as nested lists of numbers.", params: [NativeParam("t")]) { args in
            Convert.value(try Convert.tensor(args[0], for: "tolist"))
        }
        it.define("item", doc: "item(t) — the single number in a one-element tensor.", params: [NativeParam("t")]) { args in
            .number(try Convert.number(args[0], for: "item", name: "t"))
        }
        it.define("where", doc: "where(mask, a, b) — a where mask is nonzero, b elsewhere (broadcasting).",
                  params: [NativeParam("mask"), NativeParam("a"), NativeParam("b")]) { args in
            .native(TensorValue(try Tensor.where(try Convert.tensor(args[0], for: "where"),
                                                 try Convert.tensor(args[1], for: "where"),
                                                 try Convert.tensor(args[2], for: "where"))))
        }
        it.define("one_hot", doc: "one_hot(labels, depth) — rows of zeros with a 1 at each label.",
                  params: [NativeParam("labels"), NativeParam("depth")]) { args in
            .native(TensorValue(try Convert.tensor(args[0], for: "one_hot").oneHot(depth: try Convert.int(args[1], for: "one_hot", name: "depth"))))
        }
    }

    static func tensorList(_ value: Value, for function: String) throws -> [Tensor] {
        guard case .list(let box) = value else {
            throw RuntimeError("\(function): expect a list of tensors, got \(value.typeName)")
        }
        return try box.items.map { try Convert.tensor($0, for: function) }
    }
}
