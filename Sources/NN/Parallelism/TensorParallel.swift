// Tensor parallelism of one Linear layer (Shoeybi et al. 2019, Megatron-LM): the weight
// W [out, in] is cut over p devices, here threads, and the layer's product is computed in p
// pieces at once.
//
//   column split: device k holds the rows W_k of W (a slice of the outputs) and its bias slice;
//                 y_k = x W_kᵀ + b_k, and the slices are joined (an all-gather).
//   row split:    device k holds the columns W_{:,k} (a slice of the inputs) and sees that slice
//                 x_k of the input; the partial products x_k W_{:,k}ᵀ are summed over k (an
//                 all-reduce); device 0 adds the bias, so it is added once.
//
// Every device ends with all of y [B, out]. With a ring collective each device sends
//
//   all-gather: (p − 1)/p · B · out values        all-reduce: 2 (p − 1)/p · B · out values
//
// (the all-reduce is a reduce-scatter then an all-gather). Megatron's MLP puts a column split
// before the activation and a row split after it, so the pair needs one all-reduce, not two.
// The column split computes each output from the same products as the whole layer (though BLAS
// may add them in another order for another width); the row split adds partial sums in device
// order. Both match the whole layer up to rounding.
import Dispatch
import TensorCore

/// A Linear layer whose weight is cut over `shards.count` devices.
public final class TensorParallelLinear: Module {
    public enum Split: String, CaseIterable, Sendable {
        /// Each device computes a slice of the outputs (then all-gather).
        case column
        /// Each device computes a partial sum over a slice of the inputs (then all-reduce).
        case row
    }

    /// Values one device sends, and the collective, in the last forward pass.
    public struct Communication: Equatable, Sendable {
        public let collective: String
        /// Values each device sends over a ring: (p−1)/p·B·out (all-gather), twice that (all-reduce).
        public let valuesPerDevice: Int
        /// The same in bytes, at Float32.
        public var bytesPerDevice: Int { 4 * valuesPerDevice }
    }

    public let split: Split
    /// The devices' pieces, each a Linear with its own weight (the bias lives on shard 0 for a
    /// row split, since it is added once).
    public let shards: [Linear]
    public let inFeatures: Int
    public let outFeatures: Int
    public var isTraining = true
    /// What the last forward pass communicated.
    public private(set) var lastCommunication: Communication?

    /// Cuts `layer` into `devices` pieces along its outputs (column) or inputs (row); pieces
    /// differ in size by at most one.
    /// - Throws: unless 1 ≤ devices ≤ the size being cut.
    public init(_ layer: Linear, devices: Int, split: Split) throws {
        let cutSize = split == .column ? layer.outFeatures : layer.inFeatures
        guard devices >= 1, devices <= cutSize else {
            throw NNError.argument("tensor parallel: \(devices) devices cannot each get a slice of \(cutSize) \(split == .column ? "outputs" : "inputs")")
        }
        self.split = split
        inFeatures = layer.inFeatures
        outFeatures = layer.outFeatures
        let w = layer.weight.value, b = layer.bias?.value
        shards = try (0..<devices).map { k in
            let lo = k * cutSize / devices, hi = (k + 1) * cutSize / devices
            switch split {
            case .column:
                return try Linear(weight: try w.slice(axis: 0, start: lo, end: hi).contiguous(),
                                  bias: try b.map { try $0.slice(axis: 0, start: lo, end: hi).contiguous() })
            case .row:
                return try Linear(weight: try w.slice(axis: 1, start: lo, end: hi).contiguous(), bias: k == 0 ? b : nil)
            }
        }
    }

    public var namedChildren: [(String, any Module)] { shards.enumerated().map { (String($0.offset), $0.element) } }
    public var summaryName: String { "TensorParallelLinear(\(inFeatures) → \(outFeatures), \(split.rawValue) × \(shards.count))" }

    /// The input slice device k sees in a row split.
    private func inputRange(_ k: Int) -> Range<Int> {
        (k * inFeatures / shards.count)..<((k + 1) * inFeatures / shards.count)
    }

    public func forward(_ x: Variable) throws -> Variable {
        let p = shards.count
        let rows = x.value.count / inFeatures
        // The devices work at once; each part is one device's, and they are combined in device order.
        var parts = [Result<Variable, Error>?](repeating: nil, count: p)
        parts.withUnsafeMutableBufferPointer { out in
            DispatchQueue.concurrentPerform(iterations: p) { k in
                out[k] = Result {
                    switch split {
                    case .column: return try shards[k](x)
                    case .row:
                        let slice = inputRange(k)
                        return try shards[k](try x.slice(axis: -1, start: slice.lowerBound, end: slice.upperBound))
                    }
                }
            }
        }
        let results = try parts.map { try $0!.get() }
        let sent = (p - 1) * rows * outFeatures / p
        switch split {
        case .column:
            lastCommunication = Communication(collective: "all-gather", valuesPerDevice: sent)
            return try Variable.concatenate(results, axis: -1)
        case .row:
            lastCommunication = Communication(collective: "all-reduce", valuesPerDevice: 2 * sent)
            return try results.dropFirst().reduce(results[0]) { try $0 + $1 }
        }
    }

    public func copy() throws -> any Module {
        let copy = try TensorParallelLinear(gathered(), devices: shards.count, split: split)
        copy.isTraining = isTraining
        return copy
    }

    /// The whole layer again, the pieces put back together.
    public func gathered() throws -> Linear {
        let weights = shards.map(\.weight.value)
        switch split {
        case .column:
            let biases = shards.compactMap { $0.bias?.value }
            return try Linear(weight: try Tensor.concatenate(weights, axis: 0),
                              bias: biases.count == shards.count ? try Tensor.concatenate(biases, axis: 0) : nil)
        case .row:
            return try Linear(weight: try Tensor.concatenate(weights, axis: 1), bias: shards[0].bias?.value)
        }
    }
}
