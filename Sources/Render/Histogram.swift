// Histogram binning with numpy.histogram's rules, so that a learner who checks a
// histogram in numpy gets the same counts.

/// Equal-width bins over the data range and the number of values in each.
public struct Histogram: Equatable, Sendable {
    /// Bin edges, `counts.count + 1` increasing values.
    public var edges: [Double]
    /// Number of values in each bin; bin i is [edges[i], edges[i+1]), the last one closed.
    public var counts: [Int]

    /// Creates a histogram from precomputed edges and counts.
    /// - Parameters:
    ///   - edges: Increasing bin edges, one more than the counts.
    ///   - counts: Values per bin (`Plot.validate()` checks the lengths).
    public init(edges: [Double], counts: [Int]) {
        self.edges = edges
        self.counts = counts
    }

    /// Bins `values` like `numpy.histogram(values, bins: count)`.
    ///
    /// The range is [min, max] of the finite values (widened by 0.5 on both sides when
    /// they are all equal, [0, 1] when there are none); edges are `linspace(min, max,
    /// count + 1)`; the last bin includes its right edge. NaN and infinite values are
    /// skipped (numpy would refuse them).
    /// - Parameters:
    ///   - values: The data.
    ///   - count: The number of bins.
    /// - Returns: The histogram.
    /// - Throws: `RenderError.invalidBinCount` when `count` < 1.
    public static func bins(_ values: [Double], count: Int) throws -> Histogram {
        guard count >= 1 else { throw RenderError.invalidBinCount(count) }
        let finite = values.filter { $0.isFinite }
        var low = finite.min() ?? 0
        var high = finite.max() ?? 1
        if low == high {
            low -= 0.5
            high += 0.5
        }
        // numpy.linspace: start + i * step, with the last edge set exactly to `stop`.
        let step = (high - low) / Double(count)
        var edges = (0...count).map { low + Double($0) * step }
        edges[count] = high
        var counts = Array(repeating: 0, count: count)
        let norm = Double(count) / (high - low)
        for value in finite {
            let scaled = ((value - low) * norm).rounded(.down)
            // A NaN here means the range overflowed Double; fall back to the end bins.
            var bin = scaled.isFinite ? Int(max(0, min(Double(count - 1), scaled))) : (value > low ? count - 1 : 0)
            // Rounding in the scaled index can be off by one at an edge; numpy corrects
            // it against the edges themselves, and so do we.
            if bin > 0 && value < edges[bin] {
                bin -= 1
            } else if bin < count - 1 && value >= edges[bin + 1] {
                bin += 1
            }
            counts[bin] += 1
        }
        return Histogram(edges: edges, counts: counts)
    }
}
