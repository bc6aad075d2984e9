/// The storage of one global variable; compiled code holds the cell itself, so a
/// global is never looked up by name at run time.
///
/// Besides the value, a cell keeps — while the value is a Whittle function — that
/// function's script and captured frame as unretained references, so a call to a
/// global function (`fib(n - 1)`) touches no reference counts. That is safe because a
/// function value stays alive for as long as those references are used: the cell owns
/// it, and when the cell is overwritten the old value is kept in `retired` until the
/// interpreter's outermost run ends (`Interpreter.releaseRetiredGlobals`). Built-ins
/// with direct entry points (`str`, `len`, `append`, ...) get the same treatment.
struct GlobalCell {
    /// An unretained view of a global Whittle function, for calls.
    struct Callee {
        let script: Unmanaged<ScriptFunction>
        let captured: Unmanaged<Frame>?
        let arity: Int
    }

    /// A built-in's direct entry points, immutable so calls through them need no retain.
    final class NativeEntry {
        let one: ((Value) throws -> Value)?
        let two: ((Value, Value) throws -> Value)?
        init(one: ((Value) throws -> Value)?, two: ((Value, Value) throws -> Value)?) {
            self.one = one
            self.two = two
        }
    }

    private struct Storage {
        var value: Value?
        var callee: Callee?
        /// Owned here; handed out unretained through `native`.
        var nativeEntry: NativeEntry?
        /// The function value's box, for identity checks (see `holds`).
        var functionView: Unmanaged<FunctionBox>?
        var retired: [Value]
        var retiredEntries: [NativeEntry]
        /// Why assignments are refused, and to code from which files (see `assignmentError`).
        var guardState: AssignmentGuard?
    }

    /// A `let` refuses every assignment; a lock refuses those written outside its owner's file
    /// (the grader lets the key assign its own names, never a submission). Checked at run time
    /// too: code compiled before the name was declared or locked never met the compile-time check.
    struct AssignmentGuard {
        var isConstant: Bool
        var lock: NameLock?
    }

    private let storage: UnsafeMutablePointer<Storage>

    init() {
        storage = .allocate(capacity: 1)
        storage.initialize(to: Storage(value: nil, callee: nil, nativeEntry: nil, functionView: nil, retired: [], retiredEntries: [],
                                   guardState: nil))
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
            if storage.pointee.functionView != nil || newValue?.isFunction == true {
                replaceFunction(with: newValue)
            } else {
                storage.pointee.value = newValue
            }
        }
    }

    /// What guards assignments to the global; nil (the common case, one test) when nothing does.
    @inline(__always)
    var guardState: AssignmentGuard? {
        get { storage.pointee.guardState }
        nonmutating set { storage.pointee.guardState = newValue }
    }

    /// Why code written in `file` may not assign the global at run time, or nil when it may.
    func assignmentError(from file: String, modules: Set<String>) -> String? {
        guard let state = storage.pointee.guardState else { return nil }
        if state.isConstant { return Interpreter.letReason }
        if let lock = state.lock, !lock.allows(file, modules: modules) { return lock.reason }
        return nil
    }

    /// Sets whether the global is a `let` and which lock holds it.
    func setGuard(constant: Bool, lock: NameLock?) {
        storage.pointee.guardState = constant || lock != nil ? AssignmentGuard(isConstant: constant, lock: lock) : nil
    }

    /// The value's storage, for in-place updates that keep its kind (`s += "x"` on a string).
    @inline(__always)
    var valuePointer: UnsafeMutablePointer<Value?> {
        UnsafeMutableRawPointer(storage).assumingMemoryBound(to: Value?.self)
    }

    /// The Whittle function the global holds, if it holds one.
    @inline(__always)
    var callee: Callee? { storage.pointee.callee }

    /// Whether the global holds exactly `function` (an identity test that costs no retain;
    /// the caller keeps `function` alive, so no other object can have its address).
    @inline(__always)
    func holds(_ function: FunctionBox) -> Bool {
        storage.pointee.functionView?.toOpaque() == Unmanaged.passUnretained(function).toOpaque()
    }

    /// The direct entry points of the built-in the global holds, if it has any.
    @inline(__always)
    var native: Unmanaged<NativeEntry>? { storage.pointee.nativeEntry.map { .passUnretained($0) } }

    private func replaceFunction(with newValue: Value?) {
        if storage.pointee.functionView != nil, let old = storage.pointee.value {
            storage.pointee.retired.append(old)
        }
        if let entry = storage.pointee.nativeEntry { storage.pointee.retiredEntries.append(entry) }
        storage.pointee.functionView = nil
        storage.pointee.nativeEntry = nil
        storage.pointee.callee = nil
        if case .function(let box)? = newValue {
            storage.pointee.functionView = .passUnretained(box)
            if box.fast1 != nil || box.fast2 != nil {
                storage.pointee.nativeEntry = NativeEntry(one: box.fast1, two: box.fast2)
            }
            if let script = box.script {
                storage.pointee.callee = Callee(script: .passUnretained(script),
                                                captured: box.captured.map { .passUnretained($0) },
                                                arity: script.arity)
            }
        }
        storage.pointee.value = newValue
    }

    /// Drops the function values this cell replaced (only when no Whittle code is running).
    func releaseRetired() {
        if !storage.pointee.retired.isEmpty { storage.pointee.retired.removeAll() }
        if !storage.pointee.retiredEntries.isEmpty { storage.pointee.retiredEntries.removeAll() }
    }
}

extension Value {
    var isFunction: Bool {
        if case .function = self { return true }
        return false
    }
}

/// A global name that code may not redefine or assign (`Interpreter.lock(names:)`), except
/// code written in `owner`'s file or in a stdlib module (which only `import` runs, and which
/// a program cannot change).
struct NameLock {
    let reason: String
    let owner: String?

    func allows(_ file: String, modules: Set<String>) -> Bool {
        file == owner || modules.contains(file)
    }
}
