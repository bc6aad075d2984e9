import Interpreter
import TensorCore

/// Conversions between language values and numeric-core types, with errors that
/// name the function and what it got.
enum Convert {
    /// A tensor from a tensor value, a number, or a (nested) list of numbers.
    static func tensor(_ value: Value, for function: String) throws -> Tensor {
        switch value {
        case .native(let object as TensorValue):
            if object.isTraced { throw notDifferentiable(function) }
            return object.tensor
        case .number(let n): return Tensor(Float(n))
        case .bool(let b): return Tensor(b ? 1 : 0)
        case .list(let box):
            var shape: [Int] = []
            var scalars: [Float] = []
            try flatten(.list(box), depth: 0, shape: &shape, into: &scalars, function: function)
            return try Tensor(shape: shape, scalars: scalars)
        case .range(let r):
            return Tensor((0..<r.count).map { Float(r.element($0)) })
        default:
            throw RuntimeError("\(function): expect a tensor, a number or a list of numbers, got \(value.typeName)")
        }
    }

    private static func flatten(_ value: Value, depth: Int, shape: inout [Int], into scalars: inout [Float], function: String) throws {
        switch value {
        case .number(let n):
            guard depth == shape.count else { throw ragged(function) }
            scalars.append(Float(n))
        case .bool(let b):
            guard depth == shape.count else { throw ragged(function) }
            scalars.append(b ? 1 : 0)
        case .list(let box):
            if depth == shape.count {
                guard scalars.isEmpty else { throw ragged(function) }
                shape.append(box.items.count)
            } else if depth > shape.count || shape[depth] != box.items.count {
                throw ragged(function)
            }
            for item in box.items { try flatten(item, depth: depth + 1, shape: &shape, into: &scalars, function: function) }
        case .native(let object as TensorValue):
            let t = object.tensor
            if depth == shape.count && scalars.isEmpty { shape.append(contentsOf: t.shape) }
            guard Array(shape.dropFirst(depth)) == t.shape else { throw ragged(function) }
            scalars.append(contentsOf: t.scalars)
        default:
            throw RuntimeError("\(function): expect numbers inside the list, got \(value.typeName)")
        }
    }

    private static func ragged(_ function: String) -> RuntimeError {
        RuntimeError("\(function): the nested lists have different lengths; a tensor needs a rectangular shape")
    }

    /// A shape from a list of integers or a single integer.
    static func shape(_ value: Value, for function: String) throws -> [Int] {
        switch value {
        case .number: return [try int(value, for: function, name: "shape")]
        case .list(let box): return try box.items.map { try int($0, for: function, name: "shape") }
        case .native: return try ints(value, for: function, name: "shape")
        default: throw RuntimeError("\(function): expect a shape like [2, 3], got \(value.typeName)")
        }
    }

    /// An exact integer.
    static func int(_ value: Value, for function: String, name: String) throws -> Int {
        guard case .number(let n) = value, let i = n.exactInt else {
            throw RuntimeError("\(function): expect an integer for '\(name)', got \(value.describe(maxWidth: 30))")
        }
        return i
    }

    /// A tensor of finite values for an op whose arithmetic breaks on NaN and ±inf
    /// (quantizers, ggml formats, pruning scores): one NaN became the zero-point code, one inf
    /// turned every value NaN. Refused with a count of each kind, the documented behaviour.
    static func finiteTensor(_ value: Value, for function: String) throws -> Tensor {
        let t = try tensor(value, for: function)
        try requireFinite(t, for: function, what: "the tensor")
        return t
    }

    /// Throws when `t` holds NaN or ±inf, naming `function` and how many of each.
    static func requireFinite(_ t: Tensor, for function: String, what: String) throws {
        var nans = 0, infinities = 0
        for x in t.scalars where !x.isFinite { if x.isNaN { nans += 1 } else { infinities += 1 } }
        guard nans + infinities > 0 else { return }
        let counts = [nans > 0 ? "\(nans) NaN" : nil, infinities > 0 ? "\(infinities) infinite" : nil].compactMap { $0 }
        throw RuntimeError("\(function): \(what) has \(counts.joined(separator: " and ")) value\(nans + infinities == 1 ? "" : "s"); it needs finite numbers (replace them first, e.g. where(x == x, x, 0))")
    }

    /// Whole numbers from a list, range or tensor (token ids, a shape, a [low, high] pair).
    static func ints(_ value: Value, for function: String, name: String) throws -> [Int] {
        try numbers(value, for: function).map { n in
            guard let i = n.exactInt else {
                throw RuntimeError("\(function): expect whole numbers for '\(name)', got \(Value.format(number: n))")
            }
            return i
        }
    }

    /// A number.
    static func number(_ value: Value, for function: String, name: String) throws -> Double {
        switch value {
        case .number(let n): return n
        case .native(let object as TensorValue) where object.tensor.count == 1:
            return Double(try object.tensor.reshaped([]).item())
        default: throw RuntimeError("\(function): expect a number for '\(name)', got \(value.typeName)")
        }
    }

    /// A flat list of numbers from a list, range or tensor.
    static func numbers(_ value: Value, for function: String) throws -> [Double] {
        try tensor(value, for: function).scalars.map(Double.init)
    }

    /// A list of strings (labels, headers).
    static func strings(_ value: Value, for function: String) throws -> [String] {
        guard case .list(let box) = value else {
            throw RuntimeError("\(function): expect a list of strings, got \(value.typeName)")
        }
        return box.items.map { $0.text }
    }

    /// An optional axis list from nil, an integer or a list of integers.
    static func axes(_ value: Value, for function: String) throws -> [Int]? {
        switch value {
        case .nil: return nil
        case .number: return [try int(value, for: function, name: "axis")]
        case .list(let box): return try box.items.map { try int($0, for: function, name: "axis") }
        default: throw RuntimeError("\(function): expect an axis (integer) or a list of axes, got \(value.typeName)")
        }
    }

    /// A tensor as nested lists (scalars become numbers).
    static func value(_ tensor: Tensor) -> Value {
        if tensor.rank == 0 { return .number(Double(tensor.scalars.first ?? 0)) }
        let scalars = tensor.scalars
        func build(_ axis: Int, _ offset: Int) -> Value {
            let stride = tensor.shape[(axis + 1)...].reduce(1, *)
            if axis == tensor.rank - 1 {
                return .list(ListBox((0..<tensor.shape[axis]).map { .number(Double(scalars[offset + $0])) }))
            }
            return .list(ListBox((0..<tensor.shape[axis]).map { build(axis + 1, offset + $0 * stride) }))
        }
        return build(0, 0)
    }

    /// The shape of a tensor value as text ("[2, 3]"), for messages.
    static func shapeText(_ value: Value) -> String {
        if case .native(let t as TensorValue) = value { return "[" + t.tensor.shape.map(String.init).joined(separator: ", ") + "]" }
        return "[]"
    }

    /// Whether `value` is a tensor grad(f) is tracing.
    static func isTraced(_ value: Value) -> Bool {
        if case .native(let object as TensorValue) = value { return object.isTraced }
        return false
    }

    /// An autodiff operand: a traced tensor's node, or any tensor-like value as a constant.
    static func variable(_ value: Value, for function: String) throws -> Variable {
        if case .native(let object as TensorValue) = value, let v = object.variable { return v }
        return Variable(try tensor(value, for: function))
    }

    /// The result of a differentiable operation: traced while it carries a gradient (0-d too,
    /// so a traced loss stays a tensor), else as `wrap` gives it.
    static func wrap(_ variable: Variable) -> Value {
        variable.requiresGrad ? .native(TensorValue(traced: variable)) : wrap(variable.value)
    }

    /// The refusal of a non-differentiable operation on a traced tensor.
    static func notDifferentiable(_ function: String) -> RuntimeError {
        RuntimeError("\(function): not differentiable, so it cannot take a tensor grad(f) is tracing; "
            + "differentiable: + - * / @ ** (by a number), exp, log, sqrt, tanh, relu, sigmoid, gelu, maximum, minimum, sum, mean, "
            + "softmax, log_softmax, reshape, transpose, .T, fake_quantize; detach(x) reads the values")
    }

    /// Wraps a tensor result, turning 0-d tensors into plain numbers.
    static func wrap(_ tensor: Tensor) -> Value {
        if tensor.rank == 0, let x = tensor.scalars.first { return .number(Double(x)) }
        return .native(TensorValue(tensor))
    }
}
