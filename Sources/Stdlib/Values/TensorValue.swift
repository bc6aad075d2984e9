import Interpreter
import TensorCore

/// A tensor inside the language: operators broadcast like numpy, `@` is matmul,
/// `t[0, 1:3]` indexes and slices, fields describe it (`t.shape`, `t.bytes`, `t.T`).
public final class TensorValue: NativeObject {
    public let tensor: Tensor

    public init(_ tensor: Tensor) { self.tensor = tensor }

    public var typeName: String { "tensor" }

    public var fieldNames: [String] { ["shape", "dtype", "bytes", "size", "rank", "T"] }

    public func field(_ name: String) throws -> Value? {
        switch name {
        case "shape": return .list(ListBox(tensor.shape.map { .number(Double($0)) }))
        case "dtype": return .string(tensor.dtype.rawValue)
        case "bytes": return .number(Double(tensor.bytes))
        case "size": return .number(Double(tensor.count))
        case "rank": return .number(Double(tensor.rank))
        case "T": return .native(TensorValue(tensor.transposed()))
        default: return nil
        }
    }

    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
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
        case .equal: result = try a.equal(b)
        case .notEqual: result = try a.notEqual(b)
        case .less: result = try a.less(b)
        case .lessEqual: result = try a.lessEqual(b)
        case .greater: result = try a.greater(b)
        case .greaterEqual: result = try a.greaterEqual(b)
        case .modulo:
            result = try a - (try a / b).floor() * b
        case .contains: return nil
        }
        return .native(TensorValue(result))
    }

    public func unary(_ op: UnaryOperator) throws -> Value? {
        switch op {
        case .negate: return .native(TensorValue(-tensor))
        case .not: return nil
        }
    }

    public func subscriptGet(_ indices: [IndexArgument]) throws -> Value {
        let result = try TensorIndexing.get(tensor, indices)
        if result.rank == 0 { return .number(Double(try result.item())) }
        return .native(TensorValue(result))
    }

    public func subscriptSet(_ indices: [IndexArgument], _ value: Value) throws {
        throw RuntimeError("Tensors are values: build a new one instead of assigning into it (e.g. where(mask, x, 0)).")
    }

    public func describe(maxWidth: Int) -> String { TensorValue.pretty(tensor) }
}
