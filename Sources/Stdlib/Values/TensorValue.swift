import Interpreter
import TensorCore

/// A tensor inside the language: operators broadcast like numpy, `@` is matmul,
/// `t[0, 1:3]` indexes and slices, fields describe it (`t.shape`, `t.bytes`, `t.T`).
///
/// While `grad(f)` runs f, the tensors that depend on f's input are *traced*: they carry the
/// autodiff node (`variable`) that produced them, and the differentiable operations
/// (Bindings+Grad.swift lists them) extend the graph. Any other operation refuses a traced
/// tensor with an error rather than silently dropping its gradient.
public final class TensorValue: NativeObject {
    public let tensor: Tensor
    /// The autodiff node while grad(f) traces through this value; nil for a plain tensor.
    public let variable: Variable?

    public init(_ tensor: Tensor) {
        self.tensor = tensor
        variable = nil
    }

    /// A traced tensor: `variable`'s value, carrying its node.
    public init(traced variable: Variable) {
        tensor = variable.value
        self.variable = variable.requiresGrad ? variable : nil
    }

    /// Whether gradients flow through this value.
    public var isTraced: Bool { variable != nil }

    public var typeName: String { "tensor" }

    public var fieldNames: [String] { ["shape", "dtype", "bytes", "size", "rank", "T"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "shape": return .list(ListBox(tensor.shape.map { .number(Double($0)) }))
        case "dtype": return .string(tensor.dtype.rawValue)
        case "bytes": return .number(Double(tensor.bytes))
        case "size": return .number(Double(tensor.count))
        case "rank": return .number(Double(tensor.rank))
        case "T":
            if let variable { return .native(TensorValue(traced: try variable.transposed())) }
            return .native(TensorValue(tensor.transposed()))
        default: return nil
        }
    }

    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        if isTraced || Convert.isTraced(other) { return try tracedBinary(op, other, selfOnLeft: selfOnLeft) }
        guard let rhs = try? Convert.tensor(other, for: op.rawValue) else { return nil }
        let (a, b) = selfOnLeft ? (tensor, rhs) : (rhs, tensor)
        let result: Tensor
        switch op {
        case .add: result = try a + b
        case .subtract: result = try a - b
        case .multiply: result = try a * b
        case .divide: result = try a / b
        case .power: result = try a.pow(b)
        case .matmul: result = try a.matmul(b)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            result = try TensorValue.compare(op, a, b)
        case .modulo:
            result = try a - (try a / b).floor() * b
        case .contains: return nil
        }
        return .native(TensorValue(result))
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        switch op {
        case .negate:
            if let variable { return .native(TensorValue(traced: -variable)) }
            return .native(TensorValue(-tensor))
        case .not: return nil
        }
    }

    public func subscriptGet(_ indices: [IndexArgument]) throws -> Value {
        if isTraced {
            throw RuntimeError("Indexing is not differentiable inside grad(f) yet; compute with whole tensors (sum(x * mask), x @ w) or index detach(x).")
        }
        let result = try TensorIndexing.get(tensor, indices)
        if result.rank == 0 { return .number(Double(try result.item())) }
        return .native(TensorValue(result))
    }

    public func subscriptSet(_ indices: [IndexArgument], _ value: Value) throws {
        throw RuntimeError("Tensors are values: build a new one instead of assigning into it (e.g. where(mask, x, 0)).")
    }

    public func describe(maxWidth: Int) -> String { TensorValue.pretty(tensor) }
}

extension TensorValue {
    /// The elementwise comparison `op` (1 where it holds, 0 elsewhere).
    static func compare(_ op: BinaryOperator, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        switch op {
        case .equal: return try x.equal(y)
        case .notEqual: return try x.notEqual(y)
        case .less: return try x.less(y)
        case .lessEqual: return try x.lessEqual(y)
        case .greater: return try x.greater(y)
        default: return try x.greaterEqual(y)
        }
    }

    /// An operator with a traced operand: +, -, *, /, @ and ** (by a constant) extend the graph;
    /// comparisons read the values (their result carries no gradient); % is refused.
    func tracedBinary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        let mine = variable ?? Variable(tensor)
        guard let theirs = try? Convert.variable(other, for: op.rawValue) else { return nil }
        let (a, b) = selfOnLeft ? (mine, theirs) : (theirs, mine)
        let result: Variable
        switch op {
        case .add: result = try a + b
        case .subtract: result = try a - b
        case .multiply: result = try a * b
        case .divide: result = try a / b
        case .matmul: result = try a.matmul(b)
        case .power:
            guard b.requiresGrad == false, b.value.count == 1 else {
                throw RuntimeError("Inside grad(f), ** takes a constant number as its exponent (x ** 2), not a traced tensor.")
            }
            result = a.pow(try b.value.reshaped([]).item())
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            // Comparisons are constant almost everywhere: the values, no gradient.
            return .native(TensorValue(try TensorValue.compare(op, a.value, b.value)))
        case .modulo: throw RuntimeError("% is not differentiable; inside grad(f) use it on detach(x).")
        case .contains: return nil
        }
        return .native(TensorValue(traced: result))
    }
}
