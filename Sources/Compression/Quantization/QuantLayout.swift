// QuantLayout: which scale/zero point each element of a contiguous tensor uses.
//
// Every granularity reduces to "parameter index of flat element i":
//   per tensor        → 0
//   per channel, axis → (i / inner) % shape[axis], inner = product of the axes after `axis`
//   per group of g    → i / g  (groups tile each last-axis row, so they tile the flat array)
import TensorCore

struct QuantLayout: Equatable {
    let shape: [Int]
    /// Shape of the scale and zero-point tensors.
    let parameterShape: [Int]
    let parameterCount: Int
    private let inner: Int
    private let channels: Int
    private let group: Int
    private let kind: Int  // 0 tensor, 1 channel, 2 group

    init(shape: [Int], granularity: QuantGranularity, op: String = "quantize") throws {
        self.shape = shape
        switch granularity {
        case .perTensor:
            parameterShape = []
            parameterCount = 1
            inner = 1; channels = 1; group = 1; kind = 0
        case .perChannel(let axis):
            let a = axis < 0 ? axis + shape.count : axis
            guard a >= 0, a < shape.count else {
                throw CompressionError.argument("\(op): axis \(axis) out of range for shape \(shapeText(shape))")
            }
            parameterShape = [shape[a]]
            parameterCount = shape[a]
            inner = shape[(a + 1)...].reduce(1, *)
            channels = shape[a]; group = 1; kind = 1
        case .perGroup(let size):
            guard let last = shape.last else {
                throw CompressionError.shape("\(op): per-group quantization needs a tensor of rank >= 1")
            }
            guard size > 0, last % size == 0 else {
                throw CompressionError.shape("\(op): last axis of \(shapeText(shape)) is not a multiple of group size \(size)")
            }
            parameterShape = Array(shape.dropLast()) + [last / size]
            parameterCount = parameterShape.reduce(1, *)
            inner = 1; channels = 1; group = size; kind = 2
        }
    }

    @inline(__always)
    func parameterIndex(_ i: Int) -> Int {
        switch kind {
        case 0: return 0
        case 1: return (i / inner) % channels
        default: return i / group
        }
    }

    /// Calls `body(start, end, p)` for each maximal run of flat elements sharing parameter p,
    /// in order; hot loops use it instead of a division per element.
    @inline(__always)
    func forEachRun(count: Int, _ body: (Int, Int, Int) -> Void) {
        let length: Int
        switch kind {
        case 0: length = Swift.max(count, 1)
        case 1: length = inner
        default: length = group
        }
        guard length > 0 else { return }
        var start = 0, run = 0
        while start < count {
            let end = Swift.min(start + length, count)
            body(start, end, kind == 1 ? run % channels : (kind == 0 ? 0 : run))
            start = end
            run += 1
        }
    }

    /// Per-parameter minimum and maximum of `values` (flat, row-major).
    func ranges(_ values: [Float]) -> (min: [Float], max: [Float]) {
        var lows = [Float](repeating: .infinity, count: parameterCount)
        var highs = [Float](repeating: -.infinity, count: parameterCount)
        for (i, v) in values.enumerated() where !v.isNaN {
            let p = parameterIndex(i)
            if v < lows[p] { lows[p] = v }
            if v > highs[p] { highs[p] = v }
        }
        // An empty group observes nothing; treat it as the range [0, 0].
        for p in 0..<parameterCount where lows[p] > highs[p] { lows[p] = 0; highs[p] = 0 }
        return (lows, highs)
    }

    /// The values of each parameter's group, in order.
    func groups(_ values: [Float]) -> [[Float]] {
        var out = [[Float]](repeating: [], count: parameterCount)
        for (i, v) in values.enumerated() { out[parameterIndex(i)].append(v) }
        return out
    }
}
