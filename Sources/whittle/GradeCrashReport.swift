#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Lets a grading child say, as it dies, that an allocation failed: the parent can then
/// report "memory limit exceeded" instead of a bare "crashed (signal 4)".
///
/// Why a signal handler: under `RLIMIT_AS` an allocation past the limit fails and the Swift
/// runtime traps on it; there is no error to catch, so the child dies of a signal like any
/// other crash. What tells the two apart is `errno`: the failed `malloc`/`mmap` leaves ENOMEM
/// on the crashing thread and the trap follows at once. The handler only does what is safe
/// in a signal handler: it writes one line encoded beforehand, then lets the signal kill the
/// process as it would have.
enum GradeCrashReport {
    /// Installs the handler for the signals a failed allocation ends in.
    /// - Parameter memoryMiB: the limit, named in the message.
    static func install(memoryMiB: Int) {
        var marker = GradeLine(kind: .outOfMemory)
        marker.error = "memory limit exceeded (\(memoryMiB) MiB)"
        let bytes = [UInt8](marker.encoded())
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        outOfMemoryLine = UnsafeBufferPointer(buffer)
        for signal in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS] {
            var action = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = reportIfOutOfMemory
            #else
            action.__sigaction_u.__sa_handler = reportIfOutOfMemory
            #endif
            // One shot: the signal raised again below gets the default action (death, no loop).
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
    }
}

/// The pre-encoded `outOfMemory` line (a handler must not allocate or encode).
nonisolated(unsafe) private var outOfMemoryLine: UnsafeBufferPointer<UInt8>?

private func reportIfOutOfMemory(_ signal: Int32) {
    if errno == ENOMEM, let line = outOfMemoryLine, let base = line.baseAddress {
        _ = write(STDOUT_FILENO, base, line.count)
    }
    // Blocked until the handler returns, then fatal: the parent sees the original signal.
    raise(signal)
}
