// 4-bit NormalFloat (NF4), the storage format of QLoRA (Dettmers et al. 2023).
//
// Pre-trained weights are roughly normal, so NF4 places its 16 levels at quantiles of N(0, 1)
// (each level then receives about the same number of weights), with an exact zero. Following
// bitsandbytes' construction: 8 positive levels Φ⁻¹(pᵢ) for pᵢ evenly spaced from δ = 0.9677
// down to ½ (the last, ½, dropped), 7 negative levels −Φ⁻¹(qⱼ) for qⱼ evenly spaced from δ to ½
// in 8 points (the last dropped), and 0; all divided by the largest, so the codebook spans
// [−1, 1]. δ = ½((1 − 1/30) + (1 − 1/32)) = 0.9677083 averages the outermost quantile
// probabilities of a 15- and a 16-level grid (QLoRA, appendix E).
//
// Weights are cut into blocks of 64 (row-major); each block stores absmax = max |w| as Float32
// and one 4-bit code per weight, the index of the nearest level to w/absmax:
// ŵ = level[code] · absmax. That is 4 + 32/64 = 4.5 bits per weight (QLoRA's double
// quantization of the absmax values, which brings it to ≈ 4.127, is not done here).
import Foundation
import NN
import TensorCore

/// The NF4 codebook and block encoding.
public enum NF4 {
    /// Weights per absmax block.
    public static let blockSize = 64
    /// bitsandbytes' offset δ: the outermost quantile probability.
    public static let offset = 0.9677083

    /// The 16 levels, ascending, from −1 through 0 to 1.
    public static let levels: [Float] = {
        func spaced(_ from: Double, _ to: Double, _ n: Int) -> [Double] {
            (0..<n).map { from + (to - from) * Double($0) / Double(n - 1) }
        }
        let positive = spaced(offset, 0.5, 9).dropLast().map(inverseNormalCDF)
        let negative = spaced(offset, 0.5, 8).dropLast().map { -inverseNormalCDF($0) }
        let all = (positive + negative + [0]).sorted()
        let top = all.map(abs).max()!
        return all.map { Float($0 / top) }
    }()

    /// Φ⁻¹(p) for 0 < p < 1: Newton's method on Φ(x) = ½·erfc(−x/√2), to full Double precision.
    static func inverseNormalCDF(_ p: Double) -> Double {
        var x = 0.0
        for _ in 0..<60 {
            let cdf = 0.5 * erfc(-x / 2.0.squareRoot())
            let density = exp(-x * x / 2) / (2 * Double.pi).squareRoot()
            let step = (cdf - p) / density
            x -= step
            if abs(step) < 1e-15 { break }
        }
        return x
    }

    /// The index of the level nearest to v (v in [−1, 1]); ties go to the lower level.
    public static func code(_ v: Float) -> Int {
        var lo = 0
        // Midpoints between neighbouring levels split the line into 16 cells.
        while lo < 15 && v > (levels[lo] + levels[lo + 1]) / 2 { lo += 1 }
        return lo
    }

    /// Encodes `w` (any shape): codes 0...15 per element and one absmax per block of 64.
    public static func encode(_ w: Tensor) throws -> (codes: [UInt8], absmax: [Float]) {
        let x = w.astype(.float32).scalars
        guard x.allSatisfy(\.isFinite) else { throw CompressionError.argument("nf4: the weights contain NaN or infinity") }
        let blocks = (x.count + blockSize - 1) / blockSize
        var codes = [UInt8](repeating: 0, count: x.count), absmax = [Float](repeating: 0, count: blocks)
        for b in 0..<blocks {
            let range = (b * blockSize)..<min(x.count, (b + 1) * blockSize)
            let m = range.reduce(Float(0)) { max($0, abs(x[$1])) }
            absmax[b] = m
            for i in range { codes[i] = UInt8(code(m > 0 ? x[i] / m : 0)) }
        }
        return (codes, absmax)
    }

    /// ŵ = level[code] · absmax of its block.
    public static func decode(codes: [UInt8], absmax: [Float], shape: [Int]) throws -> Tensor {
        let values = codes.indices.map { levels[Int(codes[$0])] * absmax[$0 / blockSize] }
        return try Tensor(shape: shape, scalars: values)
    }
}

/// A Linear whose weight is stored in NF4 (4-bit codes + a Float32 absmax per 64 weights) and
/// dequantized for the product; the bias stays Float32. Frozen: QLoRA trains adapters on top.
public final class NF4Linear: MatrixLayer {
    /// The codes as signed 4-bit storage (code − 8), two per byte: honest bytes.
    public let codes: Parameter
    /// absmax per block of 64 weights.
    public let absmax: Parameter
    public let bias: Parameter?
    public let inFeatures: Int
    public let outFeatures: Int
    public var isTraining = true
    private var cache: (version: Int, weight: Tensor)?

    /// Encodes a Linear's weight.
    public init(_ linear: Linear) throws {
        let (c, m) = try NF4.encode(linear.weight.value)
        inFeatures = linear.inFeatures
        outFeatures = linear.outFeatures
        codes = Parameter(try Tensor(shape: linear.weight.shape, scalars: c.map { Float(Int($0) - 8) }).astype(.int4), requiresGrad: false)
        absmax = Parameter(try Tensor(shape: [m.count], scalars: m), requiresGrad: false)
        bias = linear.bias.map { Parameter($0.value, requiresGrad: $0.requiresGrad) }
    }

    private init(codes: Parameter, absmax: Parameter, bias: Parameter?, inFeatures: Int, outFeatures: Int) {
        self.codes = codes
        self.absmax = absmax
        self.bias = bias
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
    }

    public var localParameters: [(String, Parameter)] {
        var out = [("weight", codes), ("absmax", absmax)]
        if let bias { out.append(("bias", bias)) }
        return out
    }

    /// The 4-bit codes 0...15, row-major.
    public var codeValues: [UInt8] { codes.value.astype(.float32).scalars.map { UInt8(Int($0) + 8) } }

    /// The dequantized weight (recomputed only when the stored codes or scales change).
    public func effectiveWeight() throws -> Tensor {
        let version = codes.version &* 31 &+ absmax.version
        if let cache, cache.version == version { return cache.weight }
        let w = try NF4.decode(codes: codeValues, absmax: absmax.value.scalars, shape: [outFeatures, inFeatures])
        cache = (version, w)
        return w
    }
    public var effectiveBias: Tensor? { bias?.value }

    public func copy() throws -> any Module {
        NF4Linear(codes: Parameter(codes.value, requiresGrad: false), absmax: Parameter(absmax.value, requiresGrad: false),
                  bias: bias.map { Parameter($0.value, requiresGrad: $0.requiresGrad) }, inFeatures: inFeatures, outFeatures: outFeatures)
    }

    public var summaryName: String { "NF4Linear(\(inFeatures) → \(outFeatures))" }

    public func forward(_ x: Variable) throws -> Variable {
        guard x.shape.last == inFeatures else {
            throw NNError.shape("nf4 linear: input \(shapeText(x.shape)) needs last axis \(inFeatures)")
        }
        return try matrixProduct(x, weight: Variable(try effectiveWeight()), bias: bias?.variable)
    }
}
