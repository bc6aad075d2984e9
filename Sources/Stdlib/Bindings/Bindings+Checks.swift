import Foundation
import Interpreter
import TensorCore

/// Helpers for `check` conditions. `close` is numpy.allclose: a check on floating-point
/// results must compare with a tolerance, since FP32 kernels and Python's float64 differ
/// in the last bits. Unlike numpy it is strict by default — a check must not pass because
/// an answer of the wrong shape broadcast, or because there was nothing to compare.
enum CheckBindings {
    static func install(in session: Session) {
        session.interpreter.define("close", doc: """
            True when |a - b| ≤ atol + rtol·|b| \
            everywhere (numpy.allclose). a and b are numbers, lists or tensors of the same shape (an error \
            names both shapes otherwise); broadcast: true lets numpy's broadcasting compare, e.g., every \
            value with one number. Comparing nothing (empty operands) is an error, never true. NaN is never close.
            """,
            params: [NativeParam("a"), NativeParam("b"), .number("rtol", default: .number(1e-5), atLeast: 0),
                     .number("atol", default: .number(1e-8), atLeast: 0), .bool("broadcast", default: false)]) { args in
            let rtol = try args.number("rtol"), atol = try args.number("atol")
            let a = try CloseOperand(try args["a"], name: "a")
            let b = try CloseOperand(try args["b"], name: "b")
            let broadcast = try args.bool("broadcast")
            if !broadcast && a.shape != b.shape {
                throw RuntimeError("close: shapes \(a.shape) and \(b.shape) differ; compare values of the same shape (broadcast: true compares against a smaller operand)")
            }
            return .bool(try allClose(a, b, rtol: rtol, atol: atol))
        }
    }

    /// numpy.allclose(a, b, rtol, atol, equal_nan=False) over broadcast shapes; an empty
    /// comparison is an error (numpy says true, which would pass a check on an empty answer).
    static func allClose(_ a: CloseOperand, _ b: CloseOperand, rtol: Double, atol: Double) throws -> Bool {
        let shape = try broadcastShape(a.shape, b.shape)
        let count = shape.reduce(1, *)
        guard count > 0 else {
            throw RuntimeError("close: nothing to compare (shapes \(a.shape) and \(b.shape) have no values)")
        }
        let aStrides = broadcastStrides(a.shape, to: shape)
        let bStrides = broadcastStrides(b.shape, to: shape)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<count {
            var ai = 0, bi = 0
            for d in 0..<shape.count { ai += index[d] * aStrides[d]; bi += index[d] * bStrides[d] }
            if !isClose(a.values[ai], b.values[bi], rtol: rtol, atol: atol) { return false }
            // Odometer increment over the broadcast shape.
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return true
    }

    /// numpy.isclose for one pair: infinities are close only to the same infinity.
    static func isClose(_ x: Double, _ y: Double, rtol: Double, atol: Double) -> Bool {
        if x.isNaN || y.isNaN { return false }
        if x.isInfinite || y.isInfinite { return x == y }
        return abs(x - y) <= atol + rtol * abs(y)
    }

    static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let rank = max(a.count, b.count)
        let pa = [Int](repeating: 1, count: rank - a.count) + a
        let pb = [Int](repeating: 1, count: rank - b.count) + b
        return try zip(pa, pb).map { x, y in
            if x == y || y == 1 { return x }
            if x == 1 { return y }
            throw RuntimeError("close: shapes \(a) and \(b) do not broadcast; compare values of matching shapes")
        }
    }

    /// Row-major strides of `shape` read as `target` (0 along broadcast dimensions).
    static func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: target.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: target.count)
        var step = 1
        for d in stride(from: target.count - 1, through: 0, by: -1) {
            strides[d] = padded[d] == 1 ? 0 : step
            step *= padded[d]
        }
        return strides
    }
}

/// A number, (nested) list or tensor as flat float64 values and a shape. Lists keep full
/// double precision (a tensor would round them to FP32).
struct CloseOperand {
    var shape: [Int]
    var values: [Double]

    init(_ value: Value, name: String) throws {
        switch value {
        case .number(let n): shape = []; values = [n]
        case .bool(let b): shape = []; values = [b ? 1 : 0]
        case .native(let object as TensorValue):
            shape = object.tensor.shape
            values = object.tensor.scalars.map(Double.init)
        case .list, .range:
            let tensorShape = try Convert.tensor(value, for: "close").shape  // validates rectangularity
            shape = tensorShape
            values = []
            try Self.flatten(value, into: &values)
        default:
            throw RuntimeError("close: expect \(name) to be a number, a list or a tensor, got \(value.typeName)")
        }
    }

    private static func flatten(_ value: Value, into values: inout [Double]) throws {
        switch value {
        case .number(let n): values.append(n)
        case .bool(let b): values.append(b ? 1 : 0)
        case .list(let box): for item in box.items { try flatten(item, into: &values) }
        case .range(let r): for i in 0..<r.count { values.append(Double(r.element(i))) }
        case .native(let object as TensorValue): values.append(contentsOf: object.tensor.scalars.map(Double.init))
        default: throw RuntimeError("close: expect numbers inside the list, got \(value.typeName)")
        }
    }
}
