import Foundation
import Testing

/// `--blas`, `--threads` and `whittle version`: the kernel family OpenBLAS would pick on its own
/// (simulated with OPENBLAS_CORETYPE) and the thread count change nothing in reproducible mode.
@Suite struct BLASModeTests {
    private var hasAVX2: Bool {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return info.contains(" avx2") && info.contains(" fma")
    }

    @Test func versionReportsTheKernelsAndTheGuarantee() throws {
        let (status, output) = try runWhittle(["version"], environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(status == 0)
        #expect(output.contains("blas:         OpenBLAS"))
        #expect(output.contains("threads:      1"))
        if hasAVX2 {
            #expect(output.contains("kernels:      Haswell; OpenBLAS alone would run Prescott"))
            #expect(output.contains("reproducible: yes"))
        }
    }

    @Test func nativeModeRespectsAnExplicitCoreTypeAndSaysItIsNotReproducible() throws {
        let (status, output) = try runWhittle(["version", "--blas", "native", "--threads", "2"],
                                              environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(status == 0)
        #expect(output.contains("kernels:      Prescott"))
        #expect(output.contains("threads:      2"))
        #expect(output.contains("reproducible: no"))
    }

    @Test func badModesAndThreadCountsAreUsageErrors() throws {
        let bad = try runWhittle(["version", "--blas", "fast"])
        #expect(bad.status == 2)
        #expect(bad.output.contains("--blas must be reproducible or native, got 'fast'"))
        let env = try runWhittle(["version"], environment: ["WHITTLE_BLAS": "turbo"])
        #expect(env.status == 2)
        #expect(env.output.contains("WHITTLE_BLAS must be reproducible or native"))
        let threads = try runWhittle(["run", "x.wh", "--threads", "0"])
        #expect(threads.status == 2)
        #expect(threads.output.contains("--threads must be 1 to 256"))
    }

    @Test func helpShowsTheSetting() throws {
        for command in ["run", "check", "repl", "bench"] {
            let (_, output) = try runWhittle([command, "--help"])
            #expect(output.contains("--blas <mode>"), "\(command) --help")
            #expect(output.contains("WHITTLE_BLAS"), "\(command) --help")
        }
    }

    /// A product whose last bits differ between OpenBLAS's kernel families and thread splits:
    /// identical in reproducible mode, whatever OpenBLAS would pick and however many threads.
    @Test func reproducibleModeGivesTheSameBitsForAnyFamilyAndThreadCount() throws {
        guard hasAVX2 else { return }
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("blas-\(UUID().uuidString).wh")
        try """
        let a = randn([400, 300], seed: 1)
        let b = randn([300, 500], seed: 2)
        let c = a @ b
        print("{sum(c * c):.17g} {sum(c * randn([400, 500], seed: 3)):.17g}")
        """.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        var outputs: [String] = []
        for (family, threads) in [("Zen", "1"), ("Prescott", "1"), ("Prescott", "2"), ("Haswell", "2")] {
            let (status, output) = try runWhittle(["run", script.path],
                                                  environment: ["OPENBLAS_CORETYPE": family, "WHITTLE_THREADS": threads])
            #expect(status == 0, "\(output)")
            outputs.append(output)
        }
        #expect(Set(outputs).count == 1, "\(outputs)")
        // The same script in native mode does see the difference (so the check above can fail).
        let zen = try runWhittle(["run", script.path, "--blas", "native"], environment: ["OPENBLAS_CORETYPE": "Zen"])
        let prescott = try runWhittle(["run", script.path, "--blas", "native"], environment: ["OPENBLAS_CORETYPE": "Prescott"])
        #expect(zen.output != prescott.output)
    }
}
