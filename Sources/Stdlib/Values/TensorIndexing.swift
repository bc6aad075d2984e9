import Interpreter
import TensorCore

/// `t[i]`, `t[i, j]`, `t[1:3]`, `t[:, 0]`, `t[::2]`: integers select (and drop the axis),
/// slices keep it; negative positions count from the end, like numpy.
enum TensorIndexing {
    static func get(_ tensor: Tensor, _ indices: [IndexArgument]) throws -> Tensor {
        guard indices.count <= tensor.rank else {
            throw RuntimeError("index: \(indices.count) indices for a tensor of rank \(tensor.rank) (shape \(tensor.shape))")
        }
        var result = tensor
        var axis = 0
        for index in indices {
            switch index {
            case .value(let value):
                guard case .number(let n) = value, n == n.rounded() else {
                    throw RuntimeError("index: expect an integer or a slice, got \(value.typeName)")
                }
                let size = result.shape[axis]
                guard let k = n.exactInt, (k < 0 ? k + size : k) >= 0, (k < 0 ? k + size : k) < size else {
                    throw RuntimeError("index: \(Value.format(number: n)) is out of range for axis \(axis) of size \(size)")
                }
                let i = k < 0 ? k + size : k
                result = try result.select(axis: axis, index: i)
            case .slice(let start, let stop, let step):
                result = try result.slice(axis: axis, start: start, end: stop, step: step ?? 1)
                axis += 1
            }
        }
        return result
    }
}
