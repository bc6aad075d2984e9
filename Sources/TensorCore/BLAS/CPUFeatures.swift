// What the CPU can run, read once from /proc/cpuinfo: enough to choose OpenBLAS's kernel family
// and to tell the user which machine produced a number.
import Foundation

/// The processor's model name and the instruction-set extensions the kernel choice depends on.
public struct CPUFeatures: Sendable {
    /// "AMD EPYC 7B13", "Intel(R) Xeon(R) Platinum 8581C CPU @ 2.10GHz", … ("unknown" off Linux).
    public let modelName: String
    public let hasAVX2: Bool
    public let hasFMA: Bool
    /// AVX-512 F, CD, BW, DQ and VL: what OpenBLAS's SkylakeX kernels use.
    public let hasAVX512: Bool
    /// AVX-512 BF16: what OpenBLAS's Cooperlake kernels add.
    public let hasAVX512BF16: Bool

    /// The features of the machine this process runs on.
    public static let current = CPUFeatures(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? "")

    /// Parses the first processor's `model name` and `flags` lines of a /proc/cpuinfo text.
    init(cpuinfo: String) {
        var model = "unknown"
        var flags = Set<Substring>()
        for line in cpuinfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "model name", model == "unknown" { model = value }
            if key == "flags", flags.isEmpty { flags = Set(value.split(separator: " ")) }
        }
        modelName = model
        hasAVX2 = flags.contains("avx2")
        hasFMA = flags.contains("fma")
        hasAVX512 = ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"].allSatisfy { flags.contains(Substring($0)) }
        hasAVX512BF16 = hasAVX512 && flags.contains("avx512_bf16")
    }
}
