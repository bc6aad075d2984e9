// The integer kernels against plain integer loops: INT8 GEMM/GEMV exact for every tile and tail
// shape and at the codes that would saturate a careless vpmaddubsw; the 4-bit GEMV bit for bit
// against its C reference in the same summation order and within rounding of exact arithmetic;
// the dequantized products against the formulas of IntegerMatrix.swift.
import CKernels
import Foundation
import Testing
@testable import TensorCore

/// A small deterministic generator (SplitMix64) for codes.
private struct Codes {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func activations(_ n: Int) -> [UInt8] { (0..<n).map { _ in UInt8(next() % 128) } }
    mutating func weights(_ n: Int, low: Int = -128, high: Int = 127) -> [Int8] {
        (0..<n).map { _ in Int8(low + Int(next() % UInt64(high - low + 1))) }
    }
}

private func referenceProduct(_ a: [UInt8], _ b: [Int8], m: Int, n: Int, k: Int) -> [Int32] {
    var c = [Int32](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += Int32(a[i * k + p]) * Int32(b[j * k + p]) } } }
    return c
}

private func kernelProduct(_ a: [UInt8], _ b: [Int8], m: Int, n: Int, k: Int) -> [Int32] {
    var c = [Int32](repeating: -1, count: m * n)
    a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in c.withUnsafeMutableBufferPointer { cp in
        IntegerGEMM.multiply(m: m, n: n, k: k, ap.baseAddress!, lda: k, bp.baseAddress!, ldb: k, cp.baseAddress!, ldc: n)
    } } }
    return c
}

@Test func int8ProductIsExactForEveryTileAndTail() {
    // Whichever instruction set this CPU runs (a VNNI set only after its own first-use check).
    #expect(["avx512-vnni", "avx-vnni", "avx2", "portable"].contains(IntegerGEMM.kernelName))
    var g = Codes(state: 1)
    // 1 row (GEMV), 2-3 rows (tiles), 49-50 rows (past the 48-row panel); k below, at and past 32.
    for (m, n, k) in [(1, 1, 1), (1, 5, 31), (1, 9, 64), (2, 3, 32), (3, 7, 33), (5, 4, 95), (7, 11, 64), (49, 10, 70), (50, 13, 128)] {
        let a = g.activations(m * k), b = g.weights(n * k)
        #expect(kernelProduct(a, b, m: m, n: n, k: k) == referenceProduct(a, b, m: m, n: n, k: k), "m \(m) n \(n) k \(k)")
    }
}

@Test func int8ProductDoesNotSaturateAtTheExtremeCodes() {
    // Every pair at 127 · (−128) and 127 · 127: vpmaddubsw's int16 pair sums reach ±32512.
    for w in [Int8(-128), Int8(127)] {
        let k = 256
        let a = [UInt8](repeating: 127, count: 3 * k), b = [Int8](repeating: w, count: 3 * k)
        let c = kernelProduct(a, b, m: 3, n: 3, k: k)
        #expect(c.allSatisfy { $0 == Int32(k) * 127 * Int32(w) })
    }
}

@Test func int8ProductSplitOverThreadsIsTheSame() {
    var g = Codes(state: 7)
    let (m, n, k) = (200, 96, 128)
    let a = g.activations(m * k), b = g.weights(n * k)
    let saved = TensorCore.threads
    defer { TensorCore.threads = saved }
    TensorCore.threads = 2
    #expect(kernelProduct(a, b, m: m, n: n, k: k) == referenceProduct(a, b, m: m, n: n, k: k))
}

@Test func integerMatmulChecksItsOperands() throws {
    let a = try Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 127]).astype(.uint8)
    let b = try Tensor(shape: [2, 3], scalars: [-1, 0, 1, 2, -128, 3]).astype(.int8)
    let c = try Tensor.integerMatmul(a, b)
    #expect(c.dtype == .int32 && c.shape == [2, 2])
    let expected: [Float] = [2, -245, 123, -251]  // e.g. [4, 5, 127] · [2, −128, 3] = 8 − 640 + 381
    #expect(c.astype(.float32).scalars == expected)
    let tooBig = try Tensor(shape: [1, 3], scalars: [1, 128, 0]).astype(.uint8)
    #expect(throws: TensorError.self) { try Tensor.integerMatmul(tooBig, b) }
    #expect(throws: TensorError.self) { try Tensor.integerMatmul(b, b) }
}

@Test func int4GemvMatchesItsReferenceBitForBit() throws {
    var g = Codes(state: 11)
    let (n, k) = (37, 96)
    let codes = g.weights(n * k, low: -8, high: 7)
    let scales = (0..<(n * k / 32)).map { _ in Float(g.next() % 1000 + 1) * 1e-4 }
    let m = try Int4Matrix(codes: codes, scales: scales, outFeatures: n, inFeatures: k)
    let a = g.activations(k)
    let fast = m.dots(activationCodes: a), reference = m.dots(activationCodes: a, reference: true)
    #expect(fast.map(\.bitPattern) == reference.map(\.bitPattern))
    // And within rounding of the exact sum Σ_g s_g · Σ_{p∈g} a_p q_p in Double.
    for j in 0..<n {
        var exact = 0.0
        for gi in 0..<(k / 32) {
            let dot = (0..<32).reduce(0) { $0 + Int(a[gi * 32 + $1]) * Int(codes[j * k + gi * 32 + $1]) }
            exact += Double(scales[j * (k / 32) + gi]) * Double(dot)
        }
        #expect(abs(Double(fast[j]) - exact) <= 1e-5 * max(1, abs(exact)))
    }
}

/// A batch through a 4-bit layer gives each row the bits of that row alone through the GEMV and
/// of the plain-C reference: the batched kernel shares unpacked weights, not sums.
@Test func int4BatchEqualsTheGemvRowByRow() throws {
    var g = Codes(state: 13)
    let (n, k) = (19, 128)
    let rows = 2 * integerRowBlock + 7     // two full blocks and a partial one; 4-row groups and a tail
    let codes = g.weights(n * k, low: -8, high: 7)
    let scales = (0..<(n * k / 32)).map { _ in Float(g.next() % 1000 + 1) * 1e-4 }
    let m = try Int4Matrix(codes: codes, scales: scales, outFeatures: n, inFeatures: k)
    let x = try Tensor.randn([rows, k], seed: 21).scalars
    var batch = [Float](repeating: 0, count: rows * n)
    x.withUnsafeBufferPointer { xb in batch.withUnsafeMutableBufferPointer { m.apply(xb.baseAddress!, rows: rows, bias: nil, into: $0.baseAddress!, accumulate: false) } }
    for i in 0..<rows {
        var codesI = [UInt8](repeating: 0, count: k)
        var scale: Float = 0
        var zero: Int32 = 0
        x.withUnsafeBufferPointer { xb in
            IntegerGEMM.quantizeRows(xb.baseAddress! + i * k, rows: 1, k: k, ldx: k, codes: &codesI, ldq: k, scales: &scale, zeroPoints: &zero)
        }
        for reference in [false, true] {
            let dots = m.dots(activationCodes: codesI, reference: reference)
            let alone = (0..<n).map { j in scale * (dots[j] - Float(zero) * m.scaledRowSums[j]) }
            #expect(Array(batch[(i * n)..<((i + 1) * n)]).map(\.bitPattern) == alone.map(\.bitPattern), "row \(i), reference \(reference)")
        }
    }
}

@Test func int4MatrixRefusesWhatItCannotPack() {
    #expect(throws: TensorError.self) { try Int4Matrix(codes: [Int8](repeating: 0, count: 40), scales: [1], outFeatures: 1, inFeatures: 40) }
    #expect(throws: TensorError.self) { try Int4Matrix(codes: [Int8](repeating: 9, count: 32), scales: [1], outFeatures: 1, inFeatures: 32) }
}

@Test func int8MatrixDequantizesWithBothScalesAndTheZeroPoint() throws {
    var g = Codes(state: 5)
    // 400 rows: two full blocks of integerRowBlock and a partial one.
    let (rows, n, k) = (2 * integerRowBlock + 16, 6, 40)
    let codes = g.weights(n * k)
    let scales = (0..<n).map { Float($0 + 1) * 0.01 }
    let m = try Int8Matrix(codes: codes, scales: scales, outFeatures: n, inFeatures: k)
    let x = try Tensor.randn([rows, k], seed: 3)
    let bias = try Tensor.randn([n], seed: 4)
    let y = try m.apply(x, bias: bias).scalars
    // Independently: quantize each row as the header says, then Σ (qx − z)·qw · s_x · s_w + b.
    let xs = x.scalars, bs = bias.scalars
    for i in 0..<rows {
        let row = Array(xs[(i * k)..<((i + 1) * k)])
        let lo = min(row.min()!, 0), hi = max(row.max()!, 0)
        let s = max((hi - lo) / 127, Float.ulpOfOne)
        let z = min(max(Int((-lo / s).rounded(.toNearestOrEven)), 0), 127)
        let q = row.map { min(max(Int(($0 / s).rounded(.toNearestOrEven)) + z, 0), 127) }
        for j in 0..<n {
            let dot = (0..<k).reduce(0) { $0 + (q[$1] - z) * Int(codes[j * k + $1]) }
            let expected = (s * scales[j]) * Float(dot) + bs[j]
            #expect(y[i * n + j] == expected)
            // And within the activations' rounding (at most s/2 per input) of the product with
            // unquantized inputs.
            let float = (0..<k).reduce(Float(0)) { $0 + row[$1] * Float(codes[j * k + $1]) } * scales[j] + bs[j]
            let bound = (0..<k).reduce(Float(0)) { $0 + abs(Float(codes[j * k + $1])) } * scales[j] * s / 2
            #expect(abs(y[i * n + j] - float) <= bound * 1.001 + 1e-5)
        }
    }
}
