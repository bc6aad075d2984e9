import Foundation
import Testing
@testable import Compression
import TensorCore

struct QuantFixture: Decodable {
    struct Granularity: Decodable { let kind: String; let axis: Int?; let size: Int? }
    struct Case: Decodable {
        let shape: [Int]; let bits: Int; let signed: Bool; let scheme: String
        let granularity: Granularity; let reduce_range: Bool
        let x: [Float]; let scale: [Float]; let zero_point: [Int]; let q: [Int]; let dequant: [Float]
    }
    struct GGML: Decodable { let format: String; let x: [Float]; let bytes: [UInt8]; let dequant: [Float] }
    struct Half: Decodable { let x: [Float]; let fp16: [Float]; let bf16: [Float] }
    struct Observer: Decodable {
        let batches: [[Float]]; let moving: [Float]; let percentile: [Float]; let minmax: [Float]; let mse: [Float]
    }
    struct STE: Decodable { let x: [Float]; let scale: Float; let zero_point: Int; let forward: [Float]; let grad: [Float] }
    let quant: [Case]; let ggml: [GGML]; let half: Half; let observer: Observer; let ste: STE

    static func load() throws -> QuantFixture { try Fixtures.load(QuantFixture.self, from: "quant.json") }
}

extension QuantFixture.Case {
    func config() throws -> QuantConfig {
        let g: QuantGranularity
        switch granularity.kind {
        case "tensor": g = .perTensor
        case "channel": g = .perChannel(axis: granularity.axis ?? 0)
        default: g = .perGroup(size: granularity.size ?? 1)
        }
        return try QuantConfig(bits: bits, signed: signed, scheme: QuantScheme(rawValue: scheme) ?? .affine,
                               granularity: g, reduceRange: reduce_range)
    }
    var label: String { "\(granularity.kind) \(bits)-bit \(signed ? "signed" : "unsigned") \(scheme)\(reduce_range ? " reduce_range" : "")" }
}

@Suite struct QuantizationTests {
    @Test func matchesNumpyScalesZeroPointsCodesAndDequant() throws {
        let fixture = try QuantFixture.load()
        #expect(fixture.quant.count >= 50)
        for c in fixture.quant {
            let q = try QuantizedTensor(try Tensor(shape: c.shape, scalars: c.x), config: try c.config())
            expectClose(q.scales, c.scale, c.label + " scale")
            #expect(q.zeroPoints == c.zero_point, "\(c.label) zero point")
            #expect(q.integerCodes == c.q, "\(c.label) codes")
            expectClose(try q.dequantize().scalars, c.dequant, rtol: 1e-6, atol: 1e-7, c.label + " dequant")
        }
    }

    @Test func codeRangesFollowPyTorch() throws {
        let c8 = try QuantConfig(bits: 8, signed: false, reduceRange: true)
        #expect(c8.qmin == 0 && c8.qmax == 127)
        let s8 = try QuantConfig(bits: 8, signed: true, reduceRange: true)
        #expect(s8.qmin == -64 && s8.qmax == 63)
        let u4 = try QuantConfig(bits: 4, signed: false)
        #expect(u4.qmin == 0 && u4.qmax == 15)
        // Symmetric unsigned 8-bit uses zero point 128 like PyTorch's quint8.
        let sym = try QuantConfig(bits: 8, signed: false, scheme: .symmetric)
        #expect(sym.parameters(min: [-1], max: [2]).zeroPoint == [128])
        // Below 8 bits PyTorch floors the midpoint of a customised range: [0, 15] → 7, not 8.
        let sym4 = try QuantConfig(bits: 4, signed: false, scheme: .symmetric, granularity: .perTensor)
        #expect(sym4.parameters(min: [-1], max: [2]).zeroPoint == [7])
        // An all-zero range gets the eps scale floor, not a division by zero.
        #expect(sym.parameters(min: [0], max: [0]).scale == [Float.ulpOfOne])
        #expect(throws: CompressionError.self) { try QuantConfig(bits: 9) }
        #expect(throws: CompressionError.self) { try QuantConfig(bits: 1) }
    }

    @Test func storageReallyShrinks() throws {
        let w = try Tensor.randn([64, 128], seed: 3)
        let q8 = try QuantizedTensor(w, config: try QuantConfig(bits: 8, granularity: .perChannel(axis: 0)))
        #expect(q8.codes.dtype == .int8)
        #expect(q8.bytes == 64 * 128 + 64 * 4 + 64)
        let q4 = try QuantizedTensor(w, config: try QuantConfig(bits: 4, signed: false, granularity: .perGroup(size: 32)))
        #expect(q4.codes.dtype == .int4)
        #expect(q4.bytes == 64 * 128 / 2 + 256 * 4 + 128)
        #expect(q4.bitsPerElement < 5.2)
        #expect(q4.integerCodes.allSatisfy { (0...15).contains($0) })
        #expect(q4.scale.shape == [64, 4])
        let q2 = try QuantizedTensor(w, config: try QuantConfig(bits: 2, granularity: .perGroup(size: 64)))
        #expect(q2.integerCodes.allSatisfy { (-2...1).contains($0) })
    }

    @Test func errorShrinksWithBitsAndFinerGranularity() throws {
        let w = try Tensor.randn([32, 64], seed: 5) * (try Tensor.rand([32, 1], seed: 6) * 3 + 0.1)
        func mse(_ c: QuantConfig) throws -> Float {
            try ((try w.fakeQuantized(c)) - w).pow(2).mean().item()
        }
        let e8 = try mse(try QuantConfig(bits: 8)), e4 = try mse(try QuantConfig(bits: 4))
        #expect(e8 < e4 / 100)
        let channel = try mse(try QuantConfig(bits: 4, granularity: .perChannel(axis: 0)))
        let group = try mse(try QuantConfig(bits: 4, granularity: .perGroup(size: 16)))
        #expect(channel < e4 && group < channel)
    }

    @Test func equationShowsLiveValues() throws {
        let x = try Tensor(shape: [4], scalars: [-1, 0, 0.5, 2])
        let q = try QuantizedTensor(x, config: try QuantConfig(bits: 8))
        // s = 3/255 = 0.01176..., z = -128 - round(-1/s) = -128 + 85 = -43.
        #expect(q.equation == #"q = \mathrm{clamp}(\lfloor w / 0.01176 \rceil - 43, -128, 127)"#)
        let pc = try QuantizedTensor(try Tensor.randn([3, 4], seed: 1), config: try QuantConfig(bits: 4, scheme: .symmetric, granularity: .perChannel(axis: 0)))
        #expect(pc.equation.contains("q_{c}") && pc.equation.contains("z_{0} = 0") && pc.equation.contains("3\\ \\text{channels}"))
    }

    @Test func badShapesThrow() throws {
        let w = try Tensor.randn([4, 10], seed: 0)
        #expect(throws: CompressionError.self) { try QuantizedTensor(w, config: try QuantConfig(granularity: .perGroup(size: 4))) }
        #expect(throws: CompressionError.self) { try QuantizedTensor(w, config: try QuantConfig(granularity: .perChannel(axis: 2))) }
        #expect(throws: CompressionError.self) {
            try QuantizedTensor(w, config: try QuantConfig(), scale: [0], zeroPoint: [0])
        }
    }
}
