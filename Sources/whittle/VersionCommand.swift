import ArgumentParser
import TensorCore

/// `whittle version`: Whittle's version, and what the numbers it computes depend on — the BLAS
/// library, the kernel family in use, the thread count and whether results reproduce elsewhere.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print Whittle's version, the BLAS kernels in use and whether runs are reproducible.")

    @OptionGroup var compute: ComputeOptions

    func run() throws {
        try compute.apply()
        BLASKernels.prepare()
        let cpu = CPUFeatures.current
        let features = [("AVX2", cpu.hasAVX2), ("FMA", cpu.hasFMA), ("AVX-512", cpu.hasAVX512)]
            .filter(\.1).map(\.0).joined(separator: ", ")
        let family = BLASKernels.currentFamily
        let chosen = family == BLASKernels.detectedFamily ? "" : "; OpenBLAS alone would run \(BLASKernels.detectedFamily)"
        let reproducible = BLASKernels.isCrossMachineReproducible
            ? "yes (the same numbers on every x86-64 CPU with AVX2+FMA, any thread count)"
            : TensorCore.blasMode == .native
                ? "no (native mode: the last bits depend on the CPU family and the thread count)"
                : "only on machines with the same OpenBLAS kernels (\(family)); the portable family is unavailable here"
        print("""
        whittle \(WhittleVersion.string)
        blas:         \(BLASKernels.libraryDescription)
        cpu:          \(cpu.modelName)\(features.isEmpty ? "" : " (\(features))")
        mode:         \(TensorCore.blasMode.rawValue) (--blas, \(BLASKernels.environmentVariable))
        kernels:      \(family)\(chosen)
        integer kernels: \(IntegerGEMM.kernelName) (INT8 GEMM, 4-bit GEMV; exact, the same on every CPU)
        threads:      \(TensorCore.threads) (--threads, WHITTLE_THREADS)
        reproducible: \(reproducible)
        """)
    }
}
