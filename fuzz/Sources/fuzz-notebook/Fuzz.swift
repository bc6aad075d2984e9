import FuzzDriver
import FuzzTargets

/// SwiftPM links `main` to this symbol.
@_cdecl("fuzz_notebook_main")
func entry(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runFuzzer(argc, argv, target: { FuzzTargets.notebook($0) })
}
