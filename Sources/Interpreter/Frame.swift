/// The local variables of one function activation (or of one script run).
///
/// The slots live in the same heap block as the header (a `ManagedBuffer`),
/// so a call costs one allocation; raw-pointer access has no copy-on-write or
/// exclusivity checks, and local access is the hottest path. Closures keep
/// their defining frame alive through `parent`.
final class Frame: ManagedBuffer<Frame.Header, Value> {
    struct Header {
        /// Slot count including the result slot.
        let count: Int
        let parent: Frame?
    }

    /// A frame with `size` nil slots plus the result slot.
    static func make(size: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: size + 1) { _ in Header(count: size + 1, parent: parent) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .nil, count: size + 1) }
        return frame
    }

    deinit {
        // An explicit loop calls Value's destroy directly (deinitialize(count:) goes
        // through the generic swift_arrayDestroy).
        withUnsafeMutablePointers { header, elements in
            for i in 0..<header.pointee.count { (elements + i).deinitialize(count: 1) }
        }
    }

    @inline(__always)
    var slots: UnsafeMutablePointer<Value> { withUnsafeMutablePointerToElements { $0 } }

    /// Index of the extra slot that carries the block/function value (`return x`, tail expression).
    @inline(__always)
    var resultSlot: Int { withUnsafeMutablePointerToHeader { $0.pointee.count - 1 } }

    @inline(__always)
    var parent: Frame? { withUnsafeMutablePointerToHeader { $0.pointee.parent } }

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

/// Closures kept in arrays go inside these non-generic wrappers: a bare closure
/// in an `Array` is stored at maximal abstraction, and every call through it
/// then pays for a reabstraction thunk.
struct ExecBox { let exec: Exec }
struct EvalBox { let eval: Eval }
