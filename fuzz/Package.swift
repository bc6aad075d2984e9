// swift-tools-version:6.0
// libFuzzer executables over Whittle's FuzzTargets. Built and run by scripts/fuzz.sh with
// coverage instrumentation (-sanitize=fuzzer plus explicit -sanitize-coverage flags: with
// whole-module optimisation -sanitize=fuzzer alone adds no coverage counters).
import PackageDescription

let package = Package(
    name: "WhittleFuzz",
    dependencies: [.package(name: "Whittle", path: "..")],
    targets: ["syntax", "interpreter", "notebook"].map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: [.product(name: "FuzzTargets", package: "Whittle")],
                          path: "Sources/fuzz-\(name)",
                          // libFuzzer supplies main(); the target only defines LLVMFuzzerTestOneInput.
                          swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    },
    swiftLanguageModes: [.v5]
)
