import Testing
@testable import TensorCore

/// Reproducible mode's guarantees that can be checked in one process: the row-split product equals
/// the unsplit one bit for bit, and the kernel choice follows its rules. (Whole lectures under
/// forced kernel families and thread counts: scripts/check-reproducibility.sh.)
@Suite struct BLASTests {
    /// One unsplit sgemm call against BLAS.sgemm split over 2, 3 and 4 threads, for shapes with
    /// ragged edges, both transposes, and beta ≠ 0.
    @Test(arguments: [(700, 130, 257), (250, 300, 129), (1000, 37, 64), (193, 1024, 2049), (96 * 5 + 1, 33, 500), (256, 256, 256)])
    func rowSplitProductsAreBitIdentical(shape: (Int, Int, Int)) throws {
        let (m, n, k) = shape
        #expect(m * n * k >= parallelMultiplyAdds, "the shape must be large enough to be split")
        #expect(m / BLAS.reproducibleRowChunk >= 2)
        var rng = WhittleRandom(seed: UInt64(m * 7 + n))
        let a = try Tensor.randn([m * k], using: &rng).scalars, b = try Tensor.randn([k * n], using: &rng).scalars
        let c0 = try Tensor.randn([m * n], using: &rng).scalars
        BLASKernels.prepare()
        #expect(BLASKernels.appliedMode == .reproducible)
        for (transA, transB) in [(false, false), (true, false), (false, true), (true, true)] {
            let lda = transA ? m : k, ldb = transB ? k : n
            var whole = c0
            // The reference: OpenBLAS called once, as reproducible mode does (single-threaded).
            cblasReference(transA: transA, transB: transB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: &whole)
            for threads in [2, 3, 4] {
                var split = c0
                let saved = TensorCore.threadCount
                TensorCore.threadCount = threads
                a.withUnsafeBufferPointer { pa in
                    b.withUnsafeBufferPointer { pb in
                        split.withUnsafeMutableBufferPointer { pc in
                            BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5,
                                       pa.baseAddress!, lda: lda, pb.baseAddress!, ldb: ldb, beta: 0.25,
                                       pc.baseAddress!, ldc: n)
                        }
                    }
                }
                TensorCore.threadCount = saved
                #expect(split == whole, "m \(m) n \(n) k \(k) transA \(transA) transB \(transB) threads \(threads)")
            }
        }
    }

    private func cblasReference(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, a: [Float], lda: Int,
                                b: [Float], ldb: Int, c: inout [Float]) {
        let saved = TensorCore.threadCount
        TensorCore.threadCount = 1
        defer { TensorCore.threadCount = saved }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 0.5, pa.baseAddress!, lda: lda,
                               pb.baseAddress!, ldb: ldb, beta: 0.25, pc.baseAddress!, ldc: n)
                }
            }
        }
    }

    @Test func rowChunksAreMultiplesOfTheKernelGroup() {
        for m in [192, 193, 1000, 4097] {
            for parts in 2...5 {
                let chunk = BLAS.rowChunk(m: m, parts: parts)
                #expect(chunk % BLAS.reproducibleRowChunk == 0)
                #expect(chunk * parts >= m, "every row is covered")
            }
        }
    }

    @Test func reproducibleModeRunsThePortableFamily() {
        BLASKernels.prepare()
        if CPUFeatures.current.hasAVX2 && CPUFeatures.current.hasFMA {
            #expect(BLASKernels.currentFamily == BLASKernels.reproducibleFamily)
            #expect(BLASKernels.isCrossMachineReproducible)
        }
    }

    @Test func nativeModeNeverKeepsTheGenericFallbackOnAVX2() {
        let all: (String) -> Bool = { _ in true }
        let zen3 = CPUFeatures(cpuinfo: "model name\t: AMD EPYC 7B13\nflags\t\t: sse2 avx fma avx2 bmi2\n")
        let emeraldRapids = CPUFeatures(cpuinfo: """
            model name\t: Intel(R) Xeon(R) Platinum 8581C CPU @ 2.10GHz
            flags\t\t: sse2 avx fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_bf16 amx_tile
            """)
        let skylake = CPUFeatures(cpuinfo: "flags : avx fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl\n")
        let old = CPUFeatures(cpuinfo: "flags : sse2 sse3 ssse3\n")
        #expect(emeraldRapids.modelName.hasPrefix("Intel(R) Xeon(R) Platinum"))
        #expect(BLASKernels.nativeFamily(detected: "Prescott", forced: false, cpu: emeraldRapids, available: all) == "Cooperlake")
        #expect(BLASKernels.nativeFamily(detected: "Prescott", forced: false, cpu: emeraldRapids,
                                         available: { $0 != "Cooperlake" }) == "SkylakeX")
        #expect(BLASKernels.nativeFamily(detected: "Prescott", forced: false, cpu: skylake, available: all) == "SkylakeX")
        #expect(BLASKernels.nativeFamily(detected: "Sandybridge", forced: false, cpu: zen3, available: all) == "Haswell")
        #expect(BLASKernels.nativeFamily(detected: "Zen", forced: false, cpu: zen3, available: all) == "Zen")
        #expect(BLASKernels.nativeFamily(detected: "Prescott", forced: true, cpu: zen3, available: all) == "Prescott")
        #expect(BLASKernels.nativeFamily(detected: "Prescott", forced: false, cpu: old, available: all) == "Prescott")
    }
}
