import Compression
import Interpreter
import LM
import NN
import TensorCore

/// Helpers shared by the model and compression bindings.
extension Session {
    /// A model or data seed: the given integer, or a draw from the session's generator when nil,
    /// so a notebook without explicit seeds is still reproducible from its front-matter seed.
    func seed(_ value: Value, for function: String) throws -> UInt64 {
        if value.isNil { return random.next() >> 11 }  // keep it exact as a Double if printed
        let n = try Convert.int(value, for: function, name: "seed")
        guard n >= 0 else { throw RuntimeError("\(function): expect a seed ≥ 0, got \(n)") }
        return UInt64(n)
    }
}

/// Conversions for the model and compression bindings.
enum Bridge {
    /// The model inside a model value.
    static func model(_ value: Value, for function: String, name: String = "model") throws -> any Module {
        if case .native(let object as ModelValue) = value { return object.module }
        throw RuntimeError("\(function): expect a model for '\(name)' (e.g. mlp([64, 32, 10])), got \(value.typeName)")
    }

    /// A model that compression takes — a model value or a language model (its network) — with
    /// the way to give a compressed network back as the same kind of value (an lm stays an lm,
    /// keeping its tokenizer, name and manifest).
    static func compressible(_ value: Value, for function: String, name: String = "model") throws
        -> (module: any Module, wrap: (any Module) throws -> Value) {
        if case .native(let lm as LMValue) = value {
            return (lm.model.network, { module in
                guard let network = module as? GPT else {
                    throw RuntimeError("\(function): the compressed language model is no longer a GPT network")
                }
                return .native(lm.replacing(network: network))
            })
        }
        return (try model(value, for: function, name: name), { .native(ModelValue($0)) })
    }

    /// A deep copy without fake quantization (what quantize, prune and factorize start from).
    static func plainCopy(_ module: any Module, for function: String) throws -> any Module {
        do { return try removingFakeQuantization(try module.copy()) } catch let error as NNError {
            throw RuntimeError("\(function): \(error.message)")
        }
    }

    /// The model inside a model value that `function` is about to change in place (train,
    /// distill's student, set_weight, unmask): refused for a model the grader froze.
    static func modelToChange(_ value: Value, for function: String, name: String = "model") throws -> any Module {
        if case .native(let object as ModelValue) = value, object.isFrozen {
            throw RuntimeError("\(function): " + RuntimeError.frozen("model", change: "train copy_model(m),").message)
        }
        return try model(value, for: function, name: name)
    }

    /// The network of a model or language model that `function` changes in place (freeze,
    /// load_adapter, set_weight): refused for one the grader froze.
    static func networkToChange(_ value: Value, for function: String) throws -> any Module {
        if case .native(let lm as LMValue) = value {
            if lm.isFrozen { throw RuntimeError("\(function): " + RuntimeError.frozen("language model", change: "use copy_model(m),").message) }
            return lm.model.network
        }
        return try modelToChange(value, for: function)
    }

    /// Refuses a model with a NaN or infinite weight (a diverged training run) before an op
    /// that would rank or scale by them, naming the first such parameter.
    static func requireFiniteWeights(_ module: any Module, for function: String) throws {
        for (name, parameter) in module.namedParameters() {
            try Convert.requireFinite(parameter.value, for: function, what: "weight '\(name)'")
        }
    }

    /// A dataset from a record {x, y} (what digits(), spirals(), blobs() and split() return).
    static func dataset(_ value: Value, for function: String, name: String = "data") throws -> Dataset {
        guard case .dict(let box) = value, let x = box["x"], let y = box["y"] else {
            throw RuntimeError("\(function): expect a dataset record {x, y} for '\(name)' (e.g. digits()), got \(value.typeName)")
        }
        let features = try Convert.tensor(x, for: function), targets = try Convert.tensor(y, for: function)
        guard features.rank == 2, targets.rank == 1, features.shape[0] == targets.shape[0] else {
            throw RuntimeError("\(function): expect x [N, F] and y [N] in '\(name)', got x \(features.shape) and y \(targets.shape)")
        }
        var classes = 0
        if let c = box["classes"], !c.isNil {
            classes = try Convert.int(c, for: function, name: "classes")
        } else if targets.count > 0 {
            guard let largest = Double(targets.scalars.max() ?? 0).exactInt, largest >= 0, largest < 1_000_000 else {
                throw RuntimeError("\(function): the labels in '\(name)'.y must be whole numbers from 0 (class indices), up to 999,999")
            }
            classes = largest + 1
        }
        return try Dataset(features: features, targets: targets, classCount: classes)
    }

    /// A dataset as the record {x, y, classes} the language sees.
    static func record(_ data: Dataset) -> Value {
        .dict(DictBox([("x", .native(TensorValue(data.features))), ("y", .native(TensorValue(data.targets))),
                       ("classes", .number(Double(data.classCount)))]))
    }

    /// A record with string keys.
    static func record(_ pairs: [(String, Value)]) -> Value { .dict(DictBox(pairs)) }

    /// A list of numbers (shapes).
    static func list(_ ints: [Int]) -> Value { .list(ListBox(ints.map { .number(Double($0)) })) }

    /// A Float32 number as the language's Double, rounded to Float's precision so that printing
    /// shows 0.93 rather than 0.9300000071525574.
    static func number(_ x: Float) -> Value { .number(Double(String(x)) ?? Double(x)) }
}
