import Interpreter
import Syntax
import TensorCore

/// A tensor that is not computed yet: while `fuse(f, inputs)` runs f, its arguments are lazy,
/// and the elementwise operations f applies to them (arithmetic with tensors and numbers, exp,
/// tanh, gelu, relu, round, clamp, maximum, …) build an expression instead of computing. `fuse`
/// compiles the expression into one pass over memory. Anything that is not elementwise — a
/// reduction, a matrix product, indexing — refuses a lazy tensor with an error that says so.
final class LazyValue: NativeObject {
    let expression: ElementwiseExpression

    init(_ expression: ElementwiseExpression) { self.expression = expression }

    var typeName: String { "lazy tensor (inside fuse)" }

    func describe(maxWidth: Int) -> String { "<lazy tensor inside fuse: \(expression.operationCount) operations so far>" }

    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        let fused: ElementwiseBinary
        switch op {
        case .add: fused = .add
        case .subtract: fused = .subtract
        case .multiply: fused = .multiply
        case .divide: fused = .divide
        default:
            throw RuntimeError("fuse: '\(op.rawValue)' is not an elementwise operation fuse can compile (+ - * / and the elementwise functions are)")
        }
        let operand = try LazyValue.expression(other)
        let (a, b) = selfOnLeft ? (expression, operand) : (operand, expression)
        return .native(LazyValue(.binary(fused, a, b)))
    }

    func unary(_ op: UnaryOperator) throws -> Value? {
        guard op == .negate else { throw RuntimeError("fuse: 'not' is not an elementwise operation") }
        return .native(LazyValue(.unary(.negate, expression)))
    }

    /// The expression of a lazy tensor or a number (a constant).
    static func expression(_ value: Value) throws -> ElementwiseExpression {
        switch value {
        case .native(let lazy as LazyValue): return lazy.expression
        case .number(let x): return .constant(Float(x))
        case .native(is TensorValue):
            throw RuntimeError("fuse: a tensor from outside the function cannot join the fused pass; pass it as one of the inputs")
        default: throw RuntimeError("fuse: expect lazy tensors and numbers in a fused expression, got \(value.typeName)")
        }
    }

    /// The lazy value, when `value` is one.
    static func from(_ value: Value) -> LazyValue? {
        if case .native(let lazy as LazyValue) = value { return lazy }
        return nil
    }
}
