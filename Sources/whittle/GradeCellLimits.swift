import ArgumentParser

/// The per-cell limits `grade` takes and hands on to each `grade-one` child: one declaration,
/// so the two commands cannot drift apart in names or defaults.
struct GradeCellLimits: ParsableArguments {
    @Option(name: .long, help: "Seconds per cell when the key sets no timeout.")
    var cellTimeout: Double = 10

    @Option(name: .long, help: "Memory (address space) per submission, in MiB.")
    var memoryMb: Int = 2048

    @Option(name: .long, help: "Bytes of output per cell before the cell is stopped.")
    var outputLimit: Int = 64 * 1024

    /// The same limits as `grade-one` arguments.
    var childArguments: [String] {
        ["--cell-timeout", "\(cellTimeout)", "--memory-mb", "\(memoryMb)", "--output-limit", "\(outputLimit)"]
    }
}
