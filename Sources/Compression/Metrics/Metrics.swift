// Metrics for comparing compressed models: parameters, bytes, FLOPs, latency, accuracy.
import Foundation
import NN
import TensorCore

/// Size, cost and quality of a model, measured.
public struct ModelMetrics: Equatable {
    public let parameters: Int
    /// Bytes of parameter storage (quantized storage at its real size).
    public let bytes: Int
    /// FLOPs of one forward pass on the batch used for latency (2 per multiply-add, matrix products only).
    public let flops: Int
    /// Median wall-clock seconds of one forward pass over `runs` runs.
    public let latency: Double
    /// Test accuracy in [0, 1].
    public let accuracy: Float

    /// Measures `model` on `data`: accuracy over all of it, latency on its first `batch` rows.
    public init(_ model: any Module, data: Dataset, batch: Int = 256, runs: Int = 11) throws {
        parameters = model.parameterCount
        bytes = model.byteSize
        accuracy = try evaluate(model, data: data).accuracy ?? 0
        let n = Swift.min(batch, data.count)
        let input = try data.features.slice(axis: 0, start: 0, end: n).contiguous()
        flops = Metrics.linearFLOPs(model, rows: n)
        latency = try Metrics.medianSeconds(runs: runs) { _ = try predict(model, input) }
    }
}

/// Measuring helpers.
public enum Metrics {
    /// Median wall-clock seconds of `runs` calls of `body`, after one warm-up call.
    public static func medianSeconds(runs: Int = 11, _ body: () throws -> Void) throws -> Double {
        guard runs > 0 else { throw CompressionError.argument("latency: runs must be positive, got \(runs)") }
        try body()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        times.sort()
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2
    }

    /// 2·in·out·rows summed over Linear and QuantizedLinear layers (NN's FLOP convention), with
    /// pruned weights still counted: a masked dense layer does the same work.
    public static func linearFLOPs(_ model: any Module, rows: Int) -> Int {
        model.namedModules().reduce(0) { total, entry in
            if let l = entry.1 as? Linear { return total + 2 * rows * l.inFeatures * l.outFeatures }
            if let q = entry.1 as? QuantizedLinear { return total + 2 * rows * q.inFeatures * q.outFeatures }
            return total
        }
    }
}
