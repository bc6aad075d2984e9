import ArgumentParser
import Foundation
import TensorCore

/// `--blas` and `--threads`, shared by every command that computes: one declaration, so the
/// commands agree on names, defaults and environment variables.
struct ComputeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "BLAS kernels: reproducible (same numbers on every x86-64 CPU with AVX2+FMA and any thread count) or native (the CPU's fastest kernels).",
        discussion: "Default: $WHITTLE_BLAS, else reproducible.", valueName: "mode"))
    var blas: String?

    @Option(name: .long, help: ArgumentHelp(
        "Threads for matrix products and large elementwise kernels.",
        discussion: "Default: $WHITTLE_THREADS, else 1.", valueName: "n"))
    var threads: Int?

    /// The mode: the flag, else WHITTLE_BLAS, else reproducible.
    var mode: BLASMode {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            guard let text = blas ?? environment[BLASKernels.environmentVariable] else { return .reproducible }
            guard let mode = BLASMode(rawValue: text.lowercased()) else {
                let source = blas != nil ? "--blas" : BLASKernels.environmentVariable
                throw ValidationError("\(source) must be reproducible or native, got '\(text)'.")
            }
            return mode
        }
    }

    /// The thread count: the flag, else WHITTLE_THREADS, else 1.
    var threadCount: Int {
        get throws {
            let environment = ProcessInfo.processInfo.environment
            guard let value = threads ?? environment["WHITTLE_THREADS"].map({ Int($0) ?? -1 }) else { return 1 }
            guard (1...256).contains(value) else {
                let source = threads != nil ? "--threads" : "WHITTLE_THREADS"
                throw ValidationError("\(source) must be 1 to 256.")
            }
            return value
        }
    }

    func validate() throws {
        _ = try mode
        _ = try threadCount
    }

    /// Sets the tensor core's mode and threads; call before any computation.
    func apply() throws {
        TensorCore.blasMode = try mode
        TensorCore.threads = try threadCount
        ProgressBar.install()
    }
}
