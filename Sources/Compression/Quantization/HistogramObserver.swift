// HistogramMSEObserver: picks the clipping range that minimises the expected quantization MSE.
//
// Clipping trades rounding error (a wide range means a coarse grid) against clipping error
// (a narrow range saturates outliers). The search, stated exactly so it can be re-derived:
//   1. For each parameter group, take min' = min(min, 0), max' = max(max, 0) over all samples and
//      build a histogram of `bins` equal bins over [min', max'] (value v goes to bin
//      ⌊(v − min')/w⌋, clamped to the last bin; w = (max' − min')/bins).
//   2. For α = k/steps, k = steps, steps−1, ..., 1, the candidate range is [α·min', α·max'];
//      its scale and zero point come from `QuantConfig.parameters`.
//   3. The candidate's error is Σ_b n_b (c_b − x̂(c_b))², with c_b the centre of bin b and
//      x̂ the quantize-dequantize of the candidate (so clipped bins pay their clipping error).
//   4. The smallest error wins; on ties the wider range (larger α) is kept.
// PyTorch's HistogramObserver searches bin boundaries greedily instead; this grid search over a
// symmetric shrink is the simpler variant used by e.g. TensorRT-style "MSE calibration".
import Foundation
import TensorCore

/// Chooses the range minimising quantization MSE over a histogram of observed values.
public struct HistogramMSEObserver: RangeObserver {
    public let config: QuantConfig
    public let bins: Int
    public let steps: Int
    var samples = ObservedSamples()

    /// - Parameters: bins: histogram bins (2048 like PyTorch); steps: candidate shrink factors.
    public init(config: QuantConfig, bins: Int = 2048, steps: Int = 200) throws {
        guard bins > 0, steps > 0 else {
            throw CompressionError.argument("observer: bins and steps must be positive, got \(bins) and \(steps)")
        }
        self.config = config
        self.bins = bins
        self.steps = steps
    }

    public mutating func observe(_ x: Tensor) throws {
        try samples.add(x, config: config)
    }

    public func range() throws -> (min: [Float], max: [Float]) {
        var lows: [Float] = [], highs: [Float] = []
        for group in try samples.groups() {
            let (lo, hi) = bestRange(group.filter { !$0.isNaN })
            lows.append(lo)
            highs.append(hi)
        }
        return (lows, highs)
    }

    /// The search of steps 1–4 for one group.
    func bestRange(_ values: [Float]) -> (Float, Float) {
        let lo = Swift.min(values.min() ?? 0, 0), hi = Swift.max(values.max() ?? 0, 0)
        guard hi > lo else { return (lo, hi) }
        let width = (hi - lo) / Float(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in values {
            let b = Swift.min(Swift.max(Int((v - lo) / width), 0), bins - 1)
            counts[b] += 1
        }
        let centres = (0..<bins).map { lo + (Float($0) + 0.5) * width }
        var best = (lo, hi), bestError = Double.infinity
        for k in stride(from: steps, through: 1, by: -1) {
            let alpha = Float(k) / Float(steps)
            let candidate = (alpha * lo, alpha * hi)
            let (s, z) = config.parameters(min: [candidate.0], max: [candidate.1])
            var error = 0.0
            for b in 0..<bins where counts[b] > 0 {
                let q = config.code(centres[b], scale: s[0], zeroPoint: z[0])
                let e = Double(centres[b] - Float(q - z[0]) * s[0])
                error += counts[b] * e * e
            }
            if error < bestError {
                bestError = error
                best = candidate
            }
        }
        return best
    }
}
