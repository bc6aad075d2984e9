/// The storage of one global variable; compiled code holds the cell itself, so a
/// global is never looked up by name at run time.
///
/// Besides the value, a cell keeps — while the value is a Whittle function — that
/// function's script and captured frame as unretained references, so a call to a
/// global function (`fib(n - 1)`) touches no reference counts. That is safe because a
/// function value stays alive for as long as those references are used: the cell owns
/// it, and when the cell is overwritten the old value is kept in `retired` until the
/// interpreter's outermost run ends (`Interpreter.releaseRetiredGlobals`).
struct GlobalCell {
    /// An unretained view of a global Whittle function, for calls.
    struct Callee {
        let script: Unmanaged<ScriptFunction>
        let captured: Unmanaged<Frame>?
        let arity: Int
    }

    private struct Storage {
        var value: Value?
        var callee: Callee?
        var retired: [Value]
    }

    private let storage: UnsafeMutablePointer<Storage>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage(value: nil, callee: nil, retired: []))
    }

    /// Frees the cell (the interpreter's deinit; nothing may use it afterwards).
    func destroy() {
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The global's value, nil while it is undefined.
    @inline(__always)
    var value: Value? {
        get { storage.pointee.value }
        nonmutating set {
            if storage.pointee.callee != nil || newValue?.isScriptFunction == true {
                replaceFunction(with: newValue)
            } else {
                storage.pointee.value = newValue
            }
        }
    }

    /// The value's storage, for in-place updates that keep its kind (`s += "x"` on a string).
    @inline(__always)
    var valuePointer: UnsafeMutablePointer<Value?> {
        UnsafeMutableRawPointer(storage).assumingMemoryBound(to: Value?.self)
    }

    /// The Whittle function the global holds, if it holds one.
    @inline(__always)
    var callee: Callee? { storage.pointee.callee }

    private func replaceFunction(with newValue: Value?) {
        if storage.pointee.callee != nil, let old = storage.pointee.value {
            storage.pointee.retired.append(old)
        }
        if case .function(let box)? = newValue, let script = box.script {
            storage.pointee.callee = Callee(script: .passUnretained(script),
                                            captured: box.captured.map { .passUnretained($0) },
                                            arity: script.arity)
        } else {
            storage.pointee.callee = nil
        }
        storage.pointee.value = newValue
    }

    /// Drops the function values this cell replaced (only when no Whittle code is running).
    func releaseRetired() {
        if !storage.pointee.retired.isEmpty { storage.pointee.retired.removeAll() }
    }
}

extension Value {
    var isScriptFunction: Bool {
        if case .function(let box) = self { return box.script != nil }
        return false
    }
}
