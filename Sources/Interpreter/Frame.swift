/// The local variables of one function activation (or of one script run).
///
/// Slots live in a raw buffer rather than an array: a `let` pointer has no
/// copy-on-write or exclusivity checks, and local access is the hottest path.
/// Closures keep their defining frame alive through `parent`.
final class Frame {
    let slots: UnsafeMutablePointer<Value>
    /// Index of the extra slot that carries the block/function value (`return x`, tail expression).
    let resultSlot: Int
    let parent: Frame?

    init(size: Int, parent: Frame?) {
        slots = .allocate(capacity: size + 1)
        slots.initialize(repeating: .nil, count: size + 1)
        resultSlot = size
        self.parent = parent
    }

    deinit {
        slots.deinitialize(count: resultSlot + 1)
        slots.deallocate()
    }

    /// The frame `depth` levels out (closures reach their enclosing functions' locals this way).
    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var frame = self
        for _ in 0..<depth { frame = frame.parent ?? frame }
        return frame
    }
}

/// How a statement finished.
enum Flow {
    case normal, breakLoop, continueLoop, returned
}

typealias Eval = (Frame) throws -> Value
typealias Exec = (Frame) throws -> Flow
typealias Condition = (Frame) throws -> Bool
