// swift-tools-version:6.0
// libFuzzer executables over Whittle's FuzzTargets. Built and run by scripts/fuzz.sh with
// coverage instrumentation (-sanitize=fuzzer plus explicit -sanitize-coverage flags: with
// whole-module optimisation -sanitize=fuzzer alone adds no coverage counters).
import PackageDescription

let package = Package(
    name: "WhittleFuzz",
    dependencies: [.package(name: "Whittle", path: "..")],
    targets: [.target(name: "FuzzDriver")] + ["syntax", "interpreter", "notebook"].map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["FuzzDriver", .product(name: "FuzzTargets", package: "Whittle")],
                          path: "Sources/fuzz-\(name)",
                          // No top-level code: SwiftPM links `main` to fuzz_NAME_main, which starts
                          // libFuzzer's driver (FuzzDriver.runFuzzer).
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    },
    swiftLanguageModes: [.v5]
)
