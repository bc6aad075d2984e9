import Dispatch
import Foundation

/// Watches for Ctrl-C (SIGINT) while a long job runs: the first one calls `onInterrupt` (which
/// asks the interpreter to stop) and is remembered in `fired`; a second one quits at once with
/// status 130, as shells expect. `stop()` restores the default behaviour.
final class InterruptWatch {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var count = 0

    init(onInterrupt: @escaping () -> Void) {
        signal(SIGINT, SIG_IGN)   // delivered to the dispatch source instead of killing the process
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            lock.lock()
            count += 1
            let first = count == 1
            lock.unlock()
            if first { onInterrupt() } else { exit(130) }
        }
        source.resume()
    }

    /// Whether Ctrl-C was pressed.
    var fired: Bool {
        lock.lock(); defer { lock.unlock() }
        return count > 0
    }

    func stop() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
