// Which OpenBLAS kernels run, and how many threads they get: the switch between reproducible
// numbers on every machine and the CPU's fastest kernels.
//
// Why this exists: OpenBLAS picks a kernel family per CPU model when it loads (Zen, Haswell,
// SkylakeX, …; Debian 12's 0.3.21 falls back to generic SSE3 "Prescott" code on CPUs it does
// not know), and its threads split a product at places that depend on the thread count. Each
// choice sums in another order, so the last bits of a product differ, and training amplifies
// them into other accuracies in a lecture's report. In reproducible mode (the default) every
// x86-64 CPU with AVX2 and FMA runs the same family — OpenBLAS's Haswell kernels, the newest
// that every such CPU can execute — OpenBLAS itself runs single-threaded, and Whittle splits
// large products over its own threads at row boundaries that leave each row's arithmetic
// unchanged (BLAS.sgemm). Native mode lets OpenBLAS choose and thread, never settling for its
// generic fallback on a CPU that has AVX2. docs/reproducibility.md has the measurements.
import COpenBLAS
import Foundation

/// How the BLAS kernels are chosen; `TensorCore.blasMode` holds the current one.
public enum BLASMode: String, CaseIterable, Sendable {
    /// One portable kernel family and thread-count-independent products: the same bits on every
    /// x86-64 machine with AVX2+FMA, for any thread count. The default.
    case reproducible
    /// The CPU's best kernels and OpenBLAS's own threading: fastest; the last bits may differ
    /// between CPU families and thread counts.
    case native
}

/// OpenBLAS's kernel table (its "core type"), switched at run time through the symbols its
/// DYNAMIC_ARCH builds export.
public enum BLASKernels {
    /// The family reproducible mode runs on x86-64: AVX2 + FMA kernels, which every CPU that can
    /// run Whittle's own (x86-64-v3) code can execute.
    public static let reproducibleFamily = "Haswell"

    /// The environment variable that chooses the mode when no flag does ("native" or "reproducible").
    public static let environmentVariable = "WHITTLE_BLAS"

    /// The family OpenBLAS chose for itself when it loaded: its CPU detection, or the user's
    /// OPENBLAS_CORETYPE.
    public static let detectedFamily: String = currentFamily

    /// The family in use now, as OpenBLAS names it ("Haswell", "Zen", "SkylakeX", "Prescott", …).
    public static var currentFamily: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// OpenBLAS's build description ("OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64").
    public static var libraryDescription: String {
        guard let config = openblas_get_config() else { return "OpenBLAS (unknown version)" }
        return String(cString: config).trimmingCharacters(in: .whitespaces)
    }

    /// Whether this process's products are the same bits as on any other supported machine:
    /// reproducible mode on the portable family.
    public static var isCrossMachineReproducible: Bool {
        prepare()
        return appliedMode == .reproducible && currentFamily.lowercased() == reproducibleFamily.lowercased()
    }

    nonisolated(unsafe) static var appliedMode: BLASMode?
    nonisolated(unsafe) static var requestedMode: BLASMode = defaultMode

    /// WHITTLE_BLAS=native selects native mode; anything else (or nothing) is reproducible.
    static var defaultMode: BLASMode {
        guard let value = ProcessInfo.processInfo.environment[environmentVariable] else { return .reproducible }
        return BLASMode(rawValue: value.lowercased()) ?? .reproducible
    }

    /// Applies the requested mode and thread count before the first BLAS call (and after any
    /// change). Cheap when nothing changed; call it before every BLAS or LAPACK call.
    @inline(__always)
    public static func prepare() {
        if appliedMode != requestedMode || appliedThreads != TensorCore.threadCount { apply() }
    }

    nonisolated(unsafe) private static var appliedThreads = 0
    private static let applying = NSLock()

    private static func apply() {
        // Two threads' first BLAS calls must not both re-run OpenBLAS's kernel selection.
        applying.lock()
        defer { applying.unlock() }
        guard appliedMode != requestedMode || appliedThreads != TensorCore.threadCount else { return }
        _ = detectedFamily  // read before the first switch, which would change the answer
        let family = requestedMode == .reproducible
            ? portableFamily()
            : nativeFamily(detected: detectedFamily, forced: ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] != nil,
                           cpu: CPUFeatures.current, available: hasTable)
        if family.lowercased() != currentFamily.lowercased() { _ = switchFamily(to: family) }
        appliedMode = requestedMode
        appliedThreads = TensorCore.threadCount
        // Reproducible mode threads products itself (BLAS.sgemm); OpenBLAS's own split would
        // change the summation order with the thread count.
        openblas_set_num_threads(Int32(requestedMode == .reproducible ? 1 : appliedThreads))
    }

    /// The portable family where this machine and library can run it, else what OpenBLAS chose
    /// (other architectures, or a build without run-time kernel selection).
    private static func portableFamily() -> String {
        #if arch(x86_64)
        let cpu = CPUFeatures.current
        if cpu.hasAVX2 && cpu.hasFMA && hasTable(reproducibleFamily) { return reproducibleFamily }
        #endif
        return detectedFamily
    }

    /// What OpenBLAS chose (`detected`), unless that is a pre-AVX2 family on a CPU with AVX2 —
    /// Debian 12's OpenBLAS does so on CPUs newer than it — then the best AVX-512 or AVX2 family
    /// the library has (`available`). A family the user `forced` with OPENBLAS_CORETYPE stays.
    static func nativeFamily(detected: String, forced: Bool, cpu: CPUFeatures,
                             available: (String) -> Bool) -> String {
        let modern = ["haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"]
        if forced || modern.contains(detected.lowercased()) || !(cpu.hasAVX2 && cpu.hasFMA) {
            return detected
        }
        if cpu.hasAVX512BF16 && available("Cooperlake") { return "Cooperlake" }
        if cpu.hasAVX512 && available("SkylakeX") { return "SkylakeX" }
        if available("Haswell") { return "Haswell" }
        return detected
    }

    private typealias EntryPoint = @convention(c) () -> Void
    nonisolated(unsafe) private static let process = dlopen(nil, RTLD_NOW)

    /// Whether the loaded OpenBLAS has the kernel table of `family` (DYNAMIC_ARCH builds export
    /// one `gotoblas_FAMILY` symbol per family).
    private static func hasTable(_ family: String) -> Bool {
        dlsym(process, "gotoblas_" + family.uppercased()) != nil
    }

    /// Re-runs OpenBLAS's run-time kernel selection with OPENBLAS_CORETYPE set to `family`, the
    /// variable it reads then, and puts the variable back. No BLAS call may be running meanwhile:
    /// Whittle calls BLAS from one thread at a time, and `prepare()` runs before each call.
    private static func switchFamily(to family: String) -> Bool {
        guard hasTable(family),
              let quit = dlsym(process, "gotoblas_dynamic_quit"),
              let initialize = dlsym(process, "gotoblas_dynamic_init") else { return false }
        let saved = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        setenv("OPENBLAS_CORETYPE", family, 1)
        unsafeBitCast(quit, to: EntryPoint.self)()
        unsafeBitCast(initialize, to: EntryPoint.self)()
        if let saved { setenv("OPENBLAS_CORETYPE", saved, 1) } else { unsetenv("OPENBLAS_CORETYPE") }
        return currentFamily.lowercased() == family.lowercased()
    }
}
