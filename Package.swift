// swift-tools-version:6.0
// Whittle: a small language, notebooks and a tensor core for learning model compression.
// Module layout and dependency direction are documented in docs/architecture.md.
import PackageDescription

let optimize: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

/// Dynamic exclusivity checks cost ~250 instructions per `append` in the interpreter's
/// hot loops (a TLS access set on every mutation of a list's or dict's storage). The
/// interpreter never mutates a container while a callback into Whittle code runs, so
/// they are off in release builds; debug builds (and the tests in debug) keep them.
let interpreterSpeed: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Whittle",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "whittle", targets: ["whittle"]),
        .library(name: "FuzzTargets", targets: ["FuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // System libraries (module maps in Sources/C*/module.modulemap).
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CLAPACKE", path: "Sources/CLAPACKE"),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CCmarkGFM", path: "Sources/CCmarkGFM"),
        // Whittle's own C: the integer matrix kernels and the decoder's GELU (AVX2 intrinsics
        // chosen at run time). No FMA contraction: the GELU must round as the Swift one does.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),

        // Numeric side: TensorCore <- NN <- Compression <- LM.
        .target(name: "TensorCore", dependencies: ["COpenBLAS", "CLAPACKE", "CKernels"], swiftSettings: optimize),
        .target(name: "NN", dependencies: ["TensorCore"], swiftSettings: optimize),
        .target(name: "Compression", dependencies: ["NN", "TensorCore"], swiftSettings: optimize),
        .target(name: "LM", dependencies: ["NN", "TensorCore", "CKernels"], swiftSettings: optimize),

        // Display values and their renderers (terminal, Markdown, SVG).
        .target(name: "Render"),

        // Language side: Syntax <- Interpreter.
        .target(name: "Syntax"),
        .target(name: "Interpreter", dependencies: ["Syntax"], swiftSettings: interpreterSpeed),

        // The one bridge between the language and the numeric core.
        .target(name: "Stdlib", dependencies: ["Interpreter", "TensorCore", "NN", "Compression", "LM", "Render"]),

        // Notebooks, reports and grading, then the CLI on top.
        .target(name: "Notebook", dependencies: ["Stdlib", "Interpreter", "Syntax", "Render", "CCmarkGFM", "Yams"]),
        // What a fuzz input exercises; fuzz/ builds libFuzzer executables over it.
        .target(name: "FuzzTargets", dependencies: ["Stdlib", "Notebook", "Interpreter", "Syntax", "TensorCore"]),
        .executableTarget(name: "whittle", dependencies: [
            "Notebook", "Stdlib", "Interpreter", "Syntax", "Render", "CReadline",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "NNTests", dependencies: ["NN", "TensorCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CompressionTests", dependencies: ["Compression", "NN", "TensorCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LMTests", dependencies: ["LM", "NN", "Compression", "TensorCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RenderTests", dependencies: ["Render"], resources: [.copy("Golden")]),
        .testTarget(name: "SyntaxTests", dependencies: ["Syntax"]),
        .testTarget(name: "InterpreterTests", dependencies: ["Interpreter", "Syntax"], resources: [.copy("Conformance")]),
        .testTarget(name: "StdlibTests", dependencies: ["Stdlib", "Interpreter", "Syntax"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "Stdlib", "Interpreter"], resources: [.copy("Golden")]),
        .testTarget(name: "CLITests", dependencies: [], resources: [.copy("Fixtures")]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets"]),
    ],
    // Swift 5 language mode: the interpreter's object graph is single-threaded by
    // design, and strict-concurrency annotations on it would be noise, not safety.
    swiftLanguageModes: [.v5]
)
