import Foundation
import Interpreter

extension Interpreter {
    /// Runs one cell's code; after `seconds` (when given and positive) the run is
    /// interrupted, so a runaway cell ends with an "Interrupted." error instead of hanging.
    func run(cell code: String, file: String, firstLine: Int, timeout seconds: Double?) -> RunOutcome {
        clearPendingInterrupt()  // before the timer is armed: its interrupt is this cell's
        var timer: DispatchWorkItem?
        if let seconds, seconds > 0 {
            let item = DispatchWorkItem { [weak self] in self?.interrupt() }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
            timer = item
        }
        defer { timer?.cancel() }
        return run(code, file: file, lineOffset: firstLine - 1)
    }
}
