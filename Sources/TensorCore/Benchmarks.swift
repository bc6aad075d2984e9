// Timings of the core kernels, the same items bench/np_tensor.py times in numpy.
import Dispatch

/// Best-of-N timings of TensorCore kernels (for `whittle bench`; not a test).
public enum TensorBenchmarks {
    /// Times every item with `threads` threads: 2 warm-up calls, then 7 samples, each looping the
    /// kernel long enough to last >= 40 ms; reports the best per-call time of the samples.
    /// The previous `TensorCore.threads` setting is restored afterwards.
    public static func run(threads: Int) -> [(name: String, seconds: Double)] {
        let saved = TensorCore.threads
        TensorCore.threads = threads
        defer { TensorCore.threads = saved }
        var results: [(name: String, seconds: Double)] = []
        var rng = WhittleRandom(seed: 0)
        func randn(_ shape: [Int]) -> Tensor {
            // Sizes here are fixed and far below the allocation cap.
            (try? Tensor.randn(shape, using: &rng)) ?? Tensor(0)
        }
        for n in [256, 512, 1024] {
            let a = randn([n, n]), b = randn([n, n])
            results.append(("matmul \(n) t\(threads)", time { _ = try? a.matmul(b) }))
        }
        for (n, tag) in [(1 << 20, "1M"), (1 << 24, "16M")] {
            let a = randn([n]), b = randn([n]), c = randn([n])
            results.append(("a*b+c \(tag) t\(threads)", time { _ = try? a * b + c }))
            results.append(("a*b+c fused \(tag) t\(threads)", time { _ = try? Tensor.multiplyAdd(a, b, c) }))
        }
        let x = randn([1024, 1024])
        results.append(("softmax rows 1024x1024 t\(threads)", time { _ = try? x.softmax(axis: 1) }))
        for n in [256, 512] {
            let m = randn([n, n])
            results.append(("svd \(n) t\(threads)", time(minimumSample: 0) { _ = try? m.svd() }))
        }
        return results
    }

    /// INT8 GEMM (the integer kernel on 7-bit activation and 8-bit weight codes) against FP32
    /// sgemm (OpenBLAS in the current BLAS mode) on the same n × n × n products, `threads`
    /// threads; the FP32 operands hold the same integers, so both compute the same sums. Weights
    /// are stored [n, k] as a Linear holds them, so sgemm multiplies by Bᵀ.
    public static func integer(threads: Int) -> [(name: String, seconds: Double)] {
        let saved = TensorCore.threads
        TensorCore.threads = threads
        defer { TensorCore.threads = saved }
        var results: [(name: String, seconds: Double)] = []
        var rng = WhittleRandom(seed: 0)
        for n in [256, 512, 768, 1024] {
            let a = (0..<(n * n)).map { _ in UInt8(rng.next() % 128) }
            let b = (0..<(n * n)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
            let fa = a.map(Float.init), fb = b.map(Float.init)
            var c = [Int32](repeating: 0, count: n * n), fc = [Float](repeating: 0, count: n * n)
            results.append(("int8 gemm \(n) t\(threads)", time {
                IntegerGEMM.multiply(m: n, n: n, k: n, a, lda: n, b, ldb: n, &c, ldc: n)
            }))
            results.append(("sgemm \(n) t\(threads)", time {
                BLAS.sgemm(transB: true, m: n, n: n, k: n, fa, lda: n, fb, ldb: n, &fc, ldc: n)
            }))
            precondition(zip(c, fc).allSatisfy { Float($0) == $1 }, "int8 gemm and sgemm disagree at n = \(n)")
        }
        return results
    }

    /// One line per result: "name  1.2345 ms", the format bench/np_tensor.py prints.
    public static func format(_ results: [(name: String, seconds: Double)]) -> String {
        results.map { r in
            let padded = r.name.padding(toLength: Swift.max(32, r.name.count), withPad: " ", startingAt: 0)
            return "\(padded) \(String(format: "%10.4f", r.seconds * 1e3)) ms"
        }.joined(separator: "\n")
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

    static func time(samples: Int = 7, minimumSample: Double = 0.04, _ body: () -> Void) -> Double {
        body()
        body()
        let t0 = now()
        body()
        let one = Swift.max(now() - t0, 1e-9)
        let inner = Swift.max(1, Int(minimumSample / one))
        var best = Double.infinity
        for _ in 0..<samples {
            let start = now()
            for _ in 0..<inner { body() }
            best = Swift.min(best, (now() - start) / Double(inner))
        }
        return best
    }
}

import Foundation
