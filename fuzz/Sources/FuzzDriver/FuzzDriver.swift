import Foundation

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(_ argc: UnsafeMutablePointer<Int32>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The input handler of this executable (one fuzz target per executable).
nonisolated(unsafe) private var handler: (Data) -> Void = { _ in }

/// Hands control to libFuzzer's driver with `target` as the per-input callback. Each executable
/// calls this from the symbol SwiftPM links `main` to, so libFuzzer's own main is not linked.
public func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                      target: @escaping (Data) -> Void) -> Int32 {
    handler = target
    var count = argc
    var arguments = argv
    return runDriver(&count, &arguments) { bytes, size in
        if let bytes { handler(Data(bytes: bytes, count: size)) }
        return 0
    }
}
