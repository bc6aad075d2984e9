/// Resolves names to slots and compiles the syntax tree into Swift closures.
///
/// Each expression becomes an `Eval` closure and each statement an `Exec`
/// closure over a `Frame`; names are resolved once here (locals by slot,
/// enclosing functions' locals by frame depth, globals by heap cell), so
/// running code never looks a name up in a dictionary.
final class Compiler {
    unowned let rt: Interpreter
    var scope: FunctionScope
    var diagnostics: [Diagnostic] = []

    init(interpreter: Interpreter) {
        self.rt = interpreter
        self.scope = FunctionScope(parent: nil, name: "<main>", isScript: true)
    }

    /// Compiles a script; returns its body and the size of its frame.
    func compileScript(_ statements: [Stmt]) -> (Exec, Int) {
        let body = compileStatements(statements, valueMode: true)
        return (body, scope.slotCount)
    }

    func error(_ message: String, _ location: SourceLocation) {
        diagnostics.append(Diagnostic(kind: .resolve, message: message, location: location,
                                      sourceLine: rt.lineText(location)))
    }

    // MARK: - Names

    enum Resolved {
        case local(depth: Int, slot: Int)
        case global(Int)
    }

    func resolve(_ name: String, _ location: SourceLocation, report: Bool = true) -> Resolved {
        var current: FunctionScope? = scope
        var depth = 0
        while let s = current {
            for block in s.blocks.reversed() {
                if let local = block[name] {
                    if report && !local.ready && depth == 0 {
                        error("Can't read '\(name)' in its own initializer.", location)
                    }
                    if depth > 0 { markReadsEnclosingFrames(depth) }
                    return .local(depth: depth, slot: local.slot)
                }
            }
            current = s.parent
            depth += 1
        }
        return .global(rt.globalSlot(name))
    }

    /// The innermost `depth` functions read an enclosing function's locals: their
    /// closures must keep the frame they were made in (see `ScriptFunction.needsParent`).
    private func markReadsEnclosingFrames(_ depth: Int) {
        var s: FunctionScope? = scope
        for _ in 0..<depth {
            s?.readsEnclosingFrames = true
            s = s?.parent
        }
    }

    /// Whether assigning to `name` is allowed (not a `let`, not a locked builtin).
    func checkAssignable(_ name: String, _ location: SourceLocation) {
        var current: FunctionScope? = scope
        while let s = current {
            for block in s.blocks.reversed() {
                if let local = block[name] {
                    if !local.mutable { error("Can't assign to '\(name)'; it is declared with 'let'. Use 'var' to allow changes.", location) }
                    return
                }
            }
            current = s.parent
        }
        // The cell's guard is the one record of locks and `let`s; at compile time the lock's
        // reason comes first (it says who owns the name).
        guard let i = rt.globalIndex[name], let state = rt.globalCells[i].guardState else { return }
        if let lock = state.lock, !lock.allows(location.file, modules: rt.moduleFiles) {
            error("Can't assign to '\(name)'; \(lock.reason)", location)
        } else if state.isConstant {
            error("Can't assign to '\(name)'; \(Interpreter.letReason)", location)
        }
    }

    enum Target {
        case local(Int)
        case global(Int)
    }

    /// Declares a name in the innermost block; top-level script names become globals.
    func declare(_ name: String, mutable: Bool, ready: Bool, _ location: SourceLocation) -> Target {
        if scope.isScript && scope.blocks.count == 1 {
            let i = rt.globalSlot(name)
            let lock = rt.globalCells[i].guardState?.lock
            if let lock, !lock.allows(location.file, modules: rt.moduleFiles) {
                error("Can't redefine '\(name)'; \(lock.reason)", location)
            }
            rt.globalCells[i].setGuard(constant: !mutable, lock: lock)
            rt.declarationLog?.insert(name)
            return .global(i)
        }
        if let existing = scope.blocks[scope.blocks.count - 1][name], existing.ready {
            error("'\(name)' is already declared in this block.", location)
        }
        let slot = scope.slotCount
        scope.slotCount += 1
        scope.blocks[scope.blocks.count - 1][name] = FunctionScope.Local(slot: slot, mutable: mutable, ready: ready)
        return .local(slot)
    }

    func markReady(_ name: String) {
        if var local = scope.blocks[scope.blocks.count - 1][name] {
            local.ready = true
            scope.blocks[scope.blocks.count - 1][name] = local
        }
    }

    func store(_ target: Target) -> (Frame, Value) -> Void {
        switch target {
        case .local(let slot): return { f, v in f.slots[slot] = v }
        case .global(let i):
            let cell = rt.globalCells[i]
            return { _, v in cell.value = v }
        }
    }
}

/// What the compiler knows about one function being compiled (or the script).
final class FunctionScope {
    struct Local {
        var slot: Int
        var mutable: Bool
        var ready: Bool
    }
    let parent: FunctionScope?
    let name: String
    let isScript: Bool
    var blocks: [[String: Local]] = [[:]]
    /// Slots are never reused: a closure may still see a finished block's variables.
    var slotCount = 0
    var loopDepth = 0
    /// This function reads locals of an enclosing function, so its closures need their defining frame.
    var readsEnclosingFrames = false
    /// A closure made in this function keeps this function's frame alive after the call.
    var framesCaptured = false
    /// Inside an `if` used as a value or a `check` body, where `return`/`break` can't jump out.
    var valueBlockDepth = 0

    init(parent: FunctionScope?, name: String, isScript: Bool) {
        self.parent = parent
        self.name = name
        self.isScript = isScript
    }
}
