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
        /// `var` so a recycled frame can be given the next call's captured frame.
        var parent: Frame?
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
    func setParent(_ parent: Frame?) { withUnsafeMutablePointerToHeader { $0.pointee.parent = parent } }

    /// Back to the state `make` leaves: nil slots, no parent.
    @inline(__always)
    func clear() {
        withUnsafeMutablePointers { header, slots in
            if header.pointee.parent != nil { header.pointee.parent = nil }
            for i in 0..<header.pointee.count { slots[i] = .nil }
        }
    }

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

/// Finished frames of one function, kept for its next calls.
///
/// A call hands its frame back here instead of freeing it, so recursion and loops of
/// calls stop paying for an allocation, its zeroing and its deallocation on every call.
/// A function none of whose closures can keep its frame (`framesEscape` false) uses
/// `takeUnmanaged`/`giveBack`: no reference counting at all on the call path. Otherwise
/// `take`/`recycle` keep a frame only when the call was its last owner.
/// Storage is raw memory owned by the `ScriptFunction`: no array copy-on-write or
/// exclusivity checks on the call path.
struct FramePool {
    static let capacity = 64
    private let frames: UnsafeMutablePointer<Unmanaged<Frame>>
    private let countCell: UnsafeMutablePointer<Int>
    let frameSize: Int

    init(frameSize: Int) {
        self.frameSize = frameSize
        frames = .allocate(capacity: FramePool.capacity)
        countCell = .allocate(capacity: 1)
        countCell.initialize(to: 0)
    }

    /// A frame (owned +1 by the caller) with nil slots whose parent is `parent`.
    @inline(__always)
    func takeUnmanaged(parent: Unmanaged<Frame>?) -> Unmanaged<Frame> {
        let n = countCell.pointee
        if n == 0 { return Unmanaged.passRetained(Frame.make(size: frameSize, parent: parent?.takeUnretainedValue())) }
        countCell.pointee = n - 1
        let frame = frames[n - 1]
        if let parent { frame._withUnsafeGuaranteedRef { $0.setParent(parent.takeUnretainedValue()) } }
        return frame
    }

    /// Returns a frame from `takeUnmanaged` that nothing else references.
    @inline(__always)
    func giveBack(_ frame: Unmanaged<Frame>) {
        frame._withUnsafeGuaranteedRef { $0.clear() }
        let n = countCell.pointee
        if n < FramePool.capacity {
            frames[n] = frame
            countCell.pointee = n + 1
        } else {
            frame.release()
        }
    }

    /// A frame with nil slots whose parent is `parent`.
    @inline(__always)
    func take(parent: Frame?) -> Frame {
        takeUnmanaged(parent: parent.map { .passUnretained($0) }).takeRetainedValue()
    }

    /// Keeps `frame` for reuse when this call was its only owner (a frame a closure
    /// captured stays as it is).
    @inline(__always)
    func recycle(_ frame: inout Frame) {
        guard isKnownUniquelyReferenced(&frame) else { return }
        giveBack(Unmanaged.passRetained(frame))
    }

    /// Frees the kept frames and the pool's storage (called once, by the owner's deinit).
    func destroy() {
        for i in 0..<countCell.pointee { frames[i].release() }
        frames.deallocate()
        countCell.deallocate()
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
