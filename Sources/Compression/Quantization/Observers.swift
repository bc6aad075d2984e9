// Observers: collect the (min, max) range a quantizer will use, batch by batch (calibration).
//
//     var obs = try MovingAverageMinMaxObserver(config: c)
//     for batch in batches { try obs.observe(activations(batch)) }
//     let (s, z) = c.parameters(min: try obs.range().min, max: try obs.range().max)
import Foundation
import TensorCore

/// Something that watches tensors and proposes a quantization range per parameter.
public protocol RangeObserver {
    /// The quantizer the range is for (its granularity decides how many ranges there are).
    var config: QuantConfig { get }
    /// Takes one batch into account.
    mutating func observe(_ x: Tensor) throws
    /// The proposed (min, max) per parameter. - Throws: if nothing was observed yet.
    func range() throws -> (min: [Float], max: [Float])
}

/// Keeps the running minimum and maximum (PyTorch's MinMaxObserver).
public struct MinMaxObserver: RangeObserver {
    public let config: QuantConfig
    var lows: [Float] = []
    var highs: [Float] = []
    var shape: [Int]?

    public init(config: QuantConfig) { self.config = config }

    public mutating func observe(_ x: Tensor) throws {
        let layout = try observedLayout(x, config: config, shape: &shape)
        let r = layout.ranges(x.scalars)
        if lows.isEmpty { (lows, highs) = r; return }
        for p in 0..<lows.count {
            lows[p] = Swift.min(lows[p], r.min[p])
            highs[p] = Swift.max(highs[p], r.max[p])
        }
    }

    public func range() throws -> (min: [Float], max: [Float]) {
        guard !lows.isEmpty else { throw CompressionError.argument("observer: observe at least one tensor first") }
        return (lows, highs)
    }
}

/// Exponential moving average of batch minima and maxima (PyTorch's MovingAverageMinMaxObserver):
/// the first batch sets the range, then min ← min + c·(batch_min − min), same for max, c = 0.01.
public struct MovingAverageMinMaxObserver: RangeObserver {
    public let config: QuantConfig
    public let averagingConstant: Float
    var lows: [Float] = []
    var highs: [Float] = []
    var shape: [Int]?

    public init(config: QuantConfig, averagingConstant: Float = 0.01) throws {
        guard averagingConstant > 0, averagingConstant <= 1 else {
            throw CompressionError.argument("observer: averaging constant must be in (0, 1], got \(averagingConstant)")
        }
        self.config = config
        self.averagingConstant = averagingConstant
    }

    public mutating func observe(_ x: Tensor) throws {
        let layout = try observedLayout(x, config: config, shape: &shape)
        let r = layout.ranges(x.scalars)
        if lows.isEmpty { (lows, highs) = r; return }
        let c = averagingConstant
        for p in 0..<lows.count {
            lows[p] += c * (r.min[p] - lows[p])
            highs[p] += c * (r.max[p] - highs[p])
        }
    }

    public func range() throws -> (min: [Float], max: [Float]) {
        guard !lows.isEmpty else { throw CompressionError.argument("observer: observe at least one tensor first") }
        return (lows, highs)
    }
}

/// Clips outliers: the range is the (p, 1 − p) quantiles of everything observed so far
/// (numpy's linear-interpolation quantile), e.g. p = 0.001 keeps the central 99.8 %.
public struct PercentileObserver: RangeObserver {
    public let config: QuantConfig
    /// Lower tail fraction p in [0, 0.5).
    public let tail: Float
    var samples = ObservedSamples()

    public init(config: QuantConfig, tail: Float = 0.001) throws {
        guard tail >= 0, tail < 0.5 else {
            throw CompressionError.argument("observer: percentile tail must be in [0, 0.5), got \(tail)")
        }
        self.config = config
        self.tail = tail
    }

    public mutating func observe(_ x: Tensor) throws {
        try samples.add(x, config: config)
    }

    public func range() throws -> (min: [Float], max: [Float]) {
        var lows: [Float] = [], highs: [Float] = []
        for group in try samples.groups() {
            let sorted = group.filter { !$0.isNaN }.sorted()
            lows.append(percentile(sorted, tail))
            highs.append(percentile(sorted, 1 - tail))
        }
        return (lows, highs)
    }
}

/// numpy's default ("linear") quantile of sorted values.
func percentile(_ sorted: [Float], _ q: Float) -> Float {
    guard !sorted.isEmpty else { return 0 }
    let h = Double(q) * Double(sorted.count - 1)
    let lo = Int(h.rounded(.down)), hi = Swift.min(lo + 1, sorted.count - 1)
    let t = h - Double(lo)
    let a = Double(sorted[lo]), b = Double(sorted[hi])
    return Float(t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t)
}

/// Checks that every batch has the same shape and returns its layout.
func observedLayout(_ x: Tensor, config: QuantConfig, shape: inout [Int]?) throws -> QuantLayout {
    if let known = shape, config.granularity != .perTensor, known != x.shape {
        throw CompressionError.shape("observer: batch of shape \(shapeText(x.shape)) differs from earlier \(shapeText(known))")
    }
    shape = x.shape
    return try QuantLayout(shape: x.shape, granularity: config.granularity, op: "observer")
}

/// Every value observed so far, kept per parameter group (tensor, channel or group), for the
/// observers that need the whole distribution rather than running extremes.
struct ObservedSamples {
    private var values: [[Float]] = []
    private var shape: [Int]?

    /// Adds a tensor's values, split into the config's parameter groups.
    mutating func add(_ x: Tensor, config: QuantConfig) throws {
        let groups = try observedLayout(x, config: config, shape: &shape).groups(x.scalars)
        if values.isEmpty { values = groups; return }
        for p in 0..<values.count { values[p].append(contentsOf: groups[p]) }
    }

    /// The values per group; an error when nothing was observed yet.
    func groups() throws -> [[Float]] {
        guard !values.isEmpty else { throw CompressionError.argument("observer: observe at least one tensor first") }
        return values
    }
}
