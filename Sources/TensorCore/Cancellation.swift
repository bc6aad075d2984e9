import Foundation

/// A request to stop long native work — training, generation, evaluation loops — that the
/// work checks between its steps (a batch, a token, a problem). The language's interrupt
/// (a cell's timeout, Ctrl-C) sets it, so a `train(…)` of many epochs stops within one batch
/// instead of running to the end while its cell is reported "ok".
public enum Cancellation {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var requested = false

    /// Asks running work to stop at its next check. Safe from any thread.
    public static func request() {
        lock.lock(); requested = true; lock.unlock()
    }

    /// Withdraws a request (before new work starts).
    public static func reset() {
        lock.lock(); requested = false; lock.unlock()
    }

    /// Throws `Cancelled` when a stop was requested. Costs a lock: call it per step, not per element.
    public static func check() throws {
        lock.lock()
        let stop = requested
        lock.unlock()
        if stop { throw Cancelled() }
    }
}

/// Native work stopped because `Cancellation.request()` was called.
public struct Cancelled: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "Interrupted." }
}
