// QuantizedTensor: integer codes in real low-bit storage plus the scales and zero points to read them.
//
//     let w = try Tensor.randn([128, 64], seed: 0)
//     let q = try QuantizedTensor(w, config: QuantConfig(bits: 8, scheme: .symmetric, granularity: .perChannel(axis: 0)))
//     q.bytes          // 8192 codes + 128 scales·4 + 128 zero points·1
//     let w2 = try q.dequantize()
import Foundation
import TensorCore

/// A quantized tensor: x̂ = (q − z)·s with q stored in int8, uint8 or packed int4.
///
/// Storage: 5–8 bits use int8 (signed) or uint8 (unsigned); 2–4 bits use TensorCore's packed
/// int4 (two codes per byte). Unsigned codes up to 4 bits (0...15) do not fit int4's −8...7, so
/// they are stored shifted by −8 (`codeOffset`), the same trick ggml's Q4_0 uses.
/// Zero points are stored in the same dtype as the codes; scales are Float32.
public struct QuantizedTensor {
    /// The codes as stored (shifted by −`codeOffset`), shape = `shape`.
    public let codes: Tensor
    /// Float32 scales, shape `parameterShape` ([] per tensor, [C] per channel, [..., n/g] per group).
    public let scale: Tensor
    /// Zero points in the codes' dtype (shifted like them), shape `parameterShape`.
    public let zeroPoint: Tensor
    /// The settings that produced it.
    public let config: QuantConfig
    let layout: QuantLayout

    /// Logical shape of the quantized tensor.
    public var shape: [Int] { layout.shape }
    /// Axis of per-channel quantization, if any.
    public var axis: Int? {
        if case .perChannel(let a) = config.granularity { return a < 0 ? a + shape.count : a }
        return nil
    }
    /// Group size of per-group quantization, if any.
    public var groupSize: Int? {
        if case .perGroup(let g) = config.granularity { return g }
        return nil
    }
    public var bits: Int { config.bits }
    public var scheme: QuantScheme { config.scheme }

    /// Amount added to a stored code to get the true code (8 for unsigned codes kept in int4).
    public var codeOffset: Int { QuantizedTensor.codeOffset(config) }

    static func codeOffset(_ config: QuantConfig) -> Int { !config.signed && config.bits <= 4 ? 8 : 0 }
    static func storageType(_ config: QuantConfig) -> DType {
        config.bits <= 4 ? .int4 : (config.signed ? .int8 : .uint8)
    }

    /// Quantizes `x` with its own min/max range (PyTorch's MinMaxObserver on one batch).
    public init(_ x: Tensor, config: QuantConfig) throws {
        let layout = try QuantLayout(shape: x.shape, granularity: config.granularity)
        let values = x.scalars
        let r = layout.ranges(values)
        let (s, z) = config.parameters(min: r.min, max: r.max)
        try self.init(values: values, layout: layout, config: config, scale: s, zeroPoint: z)
    }

    /// Quantizes `x` with the range an observer collected (calibration).
    public init(_ x: Tensor, observer: RangeObserver) throws {
        let (lows, highs) = try observer.range()
        let layout = try QuantLayout(shape: x.shape, granularity: observer.config.granularity)
        guard lows.count == layout.parameterCount else {
            throw CompressionError.shape("quantize: observer has \(lows.count) ranges, tensor \(shapeText(x.shape)) needs \(layout.parameterCount)")
        }
        let (s, z) = observer.config.parameters(min: lows, max: highs)
        try self.init(values: x.scalars, layout: layout, config: observer.config, scale: s, zeroPoint: z)
    }

    /// Quantizes with given scales and zero points (one per parameter of the granularity).
    public init(_ x: Tensor, config: QuantConfig, scale: [Float], zeroPoint: [Int]) throws {
        let layout = try QuantLayout(shape: x.shape, granularity: config.granularity)
        guard scale.count == layout.parameterCount, zeroPoint.count == layout.parameterCount else {
            throw CompressionError.shape("quantize: \(config.granularity) on \(shapeText(x.shape)) needs \(layout.parameterCount) scales and zero points, got \(scale.count) and \(zeroPoint.count)")
        }
        guard scale.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw CompressionError.argument("quantize: scales must be positive and finite")
        }
        guard zeroPoint.allSatisfy({ (config.qmin...config.qmax).contains($0) }) else {
            throw CompressionError.argument("quantize: zero points must lie in [\(config.qmin), \(config.qmax)]")
        }
        try self.init(values: x.scalars, layout: layout, config: config, scale: scale, zeroPoint: zeroPoint)
    }

    init(values: [Float], layout: QuantLayout, config: QuantConfig, scale: [Float], zeroPoint: [Int]) throws {
        let offset = QuantizedTensor.codeOffset(config)
        var stored = [Float](repeating: 0, count: values.count)
        stored.withUnsafeMutableBufferPointer { out in
            values.withUnsafeBufferPointer { x in
                layout.forEachRun(count: x.count) { start, end, p in
                    let s = scale[p], z = zeroPoint[p]
                    for i in start..<end { out[i] = Float(config.code(x[i], scale: s, zeroPoint: z) - offset) }
                }
            }
        }
        let dtype = QuantizedTensor.storageType(config)
        // astype rounds and clamps; the codes are already exact integers inside the dtype's range.
        codes = try Tensor(shape: layout.shape, scalars: stored).astype(dtype)
        self.scale = try Tensor(shape: layout.parameterShape, scalars: scale)
        self.zeroPoint = try Tensor(shape: layout.parameterShape, scalars: zeroPoint.map { Float($0 - offset) }).astype(dtype)
        self.config = config
        self.layout = layout
    }

    /// The true integer codes q (with `codeOffset` added back), row-major.
    public var integerCodes: [Int] { codes.scalars.map { Int($0) + codeOffset } }
    /// Scales as Float, one per parameter.
    public var scales: [Float] { scale.scalars }
    /// True zero points, one per parameter.
    public var zeroPoints: [Int] { zeroPoint.scalars.map { Int($0) + codeOffset } }

    /// Bytes really held: codes (packed for ≤ 4 bits) + Float32 scales + zero points.
    public var bytes: Int { codes.bytes + scale.bytes + zeroPoint.bytes }

    /// Average storage bits per element, scales and zero points included.
    public var bitsPerElement: Double { Double(bytes * 8) / Double(Swift.max(1, codes.count)) }

    /// x̂ = (q − z)·s as a Float32 tensor of `shape`.
    public func dequantize() throws -> Tensor {
        let q = codes.scalars, s = scale.scalars, z = zeroPoint.scalars
        var out = [Float](repeating: 0, count: q.count)
        out.withUnsafeMutableBufferPointer { o in
            q.withUnsafeBufferPointer { qb in
                layout.forEachRun(count: qb.count) { start, end, p in
                    let sp = s[p], zp = z[p]  // the code offset cancels in q − z
                    for i in start..<end { o[i] = (qb[i] - zp) * sp }
                }
            }
        }
        return try Tensor(shape: layout.shape, scalars: out)
    }

    /// The mapping as a LaTeX equation with its live scale and zero point; for several
    /// parameters it shows the symbolic rule and the first channel's/group's values.
    public var equation: String {
        let s = scales, z = zeroPoints
        let range = "\(config.qmin), \(config.qmax)"
        if s.count == 1 {
            let zText = z[0] == 0 ? "" : (z[0] > 0 ? " + \(z[0])" : " - \(-z[0])")
            return "q = \\mathrm{clamp}(\\lfloor w / \(QuantizedTensor.number(s[0])) \\rceil\(zText), \(range))"
        }
        let index = axis != nil ? "c" : "g"
        return "q_{\(index)} = \\mathrm{clamp}(\\lfloor w_{\(index)} / s_{\(index)} \\rceil + z_{\(index)}, \(range)),\\quad "
            + "s_{0} = \(QuantizedTensor.number(s[0])),\\ z_{0} = \(z[0]),\\ \\ldots\\ (\(s.count)\\ \\text{\(index == "c" ? "channels" : "groups")})"
    }

    /// Four significant digits (printf %.4g).
    static func number(_ x: Float) -> String {
        String(format: "%.4g", Double(x))
    }
}

extension Tensor {
    /// This tensor quantized with `config` (range from its own min/max).
    public func quantized(_ config: QuantConfig) throws -> QuantizedTensor {
        try QuantizedTensor(self, config: config)
    }

    /// This tensor quantized then dequantized (the rounding error a quantized model sees).
    public func fakeQuantized(_ config: QuantConfig) throws -> Tensor {
        try QuantizedTensor(self, config: config).dequantize()
    }
}
