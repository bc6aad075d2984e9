import ArgumentParser
import Foundation
import TensorCore

/// `whittle bench`: timings of the core kernels, printed in the format bench/run.sh
/// pairs with numpy's. Timings are wall-clock and vary; they belong in benchmarks,
/// never in tests or committed reports.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the tensor kernels (bench/run.sh compares them with numpy).",
        discussion: "Prints one line per item: NAME  TIME ms (best of 7 samples).")

    @ArgumentParser.Argument(help: "What to time: tensor.")
    var suite: String = "tensor"

    @Option(name: .long, help: "Threads for BLAS and the parallel kernels.")
    var threads: Int = 1

    func validate() throws {
        guard ["tensor"].contains(suite) else { throw ValidationError("Unknown suite '\(suite)'; expect tensor.") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1 to 64.") }
    }

    func run() throws {
        print(TensorBenchmarks.format(TensorBenchmarks.run(threads: threads)))
    }
}
