import Foundation

/// Limits and search paths for an interpreter.
public struct InterpreterOptions {
    /// Deepest allowed call nesting before "Stack overflow." (the run thread's stack is sized for it).
    public var maxCallDepth = 10_000
    /// Loop iterations plus calls allowed per `run`; nil means unlimited.
    public var stepLimit: Int?
    /// Folders searched for `import name` (as `folder/name.wh`), in order.
    public var importPaths: [String] = []
    /// Stack size of the thread programs run on; deep recursion needs it.
    public var stackSize = 512 << 20
    public init(maxCallDepth: Int = 10_000, stepLimit: Int? = nil, importPaths: [String] = []) {
        self.maxCallDepth = maxCallDepth
        self.stepLimit = stepLimit
        self.importPaths = importPaths
    }
}

/// The result of `Interpreter.run`.
public enum RunOutcome {
    /// Success, with the value of a trailing expression statement (nil if none, or if it was nil).
    case value(Value?)
    /// Lex, parse, resolve or runtime errors, in source order.
    case failure([Diagnostic])
}

/// Runs Whittle programs. Globals persist across `run` calls (REPL lines, notebook cells).
///
///     let interpreter = Interpreter()
///     interpreter.sink = BufferSink()
///     interpreter.define("twice", doc: "Doubles x.", params: [NativeParam("x")]) { args in
///         .number(try args.number("x") * 2)
///     }
///     _ = interpreter.run("print(twice(21))", file: "<repl>")   // 42
public final class Interpreter {
    /// Where `print`, `show` and `check` results go.
    public var sink: OutputSink = StandardOutputSink()
    public let options: InterpreterOptions
    /// Copied out of `options`: read on every call.
    let maxCallDepth: Int

    // Globals: one heap cell per name so compiled code holds a raw pointer to it.
    var globalCells: [GlobalCell] = []
    /// The built-ins calls are compiled inline for (see `compileIntrinsic`), by name.
    var intrinsics: [String: FunctionBox] = [:]
    /// Nesting of `execute` (an import runs inside a run); see `releaseRetiredGlobals`.
    var runDepth = 0
    var globalIndex: [String: Int] = [:]

    /// [0] current call depth, [1] steps left before the next slow check (raw memory: no exclusivity checks).
    let counters: UnsafeMutablePointer<Int>
    var stepsUsed = 0
    private let interruptLock = NSLock()
    private var interruptRequested = false

    var loadedModules: Set<String> = []
    /// The top-level names each module declared (what `import` binds).
    var moduleExports: [String: Set<String>] = [:]
    /// The files modules were loaded from (their code may redefine locked module names).
    var moduleFiles: Set<String> = []
    /// While a module loads: the top-level names its code declares.
    var declarationLog: Set<String>?

    /// The modules imported so far.
    public var loadedModuleNames: Set<String> { loadedModules }

    /// The names module `name` declares at its top level (empty before it loads).
    public func exports(of name: String) -> Set<String> { moduleExports[name] ?? [] }

    /// Makes the next `import` of every module run it again; returns the modules that were loaded.
    public func forgetLoadedModules() -> Set<String> {
        defer { loadedModules = [] }
        return loadedModules
    }

    /// Counts `modules` as imported again (after `forgetLoadedModules`).
    public func markModulesLoaded(_ modules: Set<String>) { loadedModules.formUnion(modules) }
    /// Source lines by file, with the line offset each chunk starts at (for diagnostics).
    var sourceChunks: [(file: String, offset: Int, lines: [Substring])] = []

    /// Creates an interpreter with the built-in functions defined.
    public init(options: InterpreterOptions = .init()) {
        self.options = options
        self.maxCallDepth = options.maxCallDepth
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
        Builtins.install(in: self)
    }

    deinit {
        for cell in globalCells { cell.destroy() }
        counters.deallocate()
    }

    /// Defines a native global function; `doc` is what `help(name)` shows.
    public func define(_ name: String, doc: String, params: [NativeParam], _ body: @escaping NativeFunction) {
        defineValue(name, .function(FunctionBox(name: name, doc: doc, params: params, body: body)))
        topics[name] = definingTopic
    }

    /// Defines a native that is two functions behind one name (a tensor `sum` over the list one,
    /// the dataset `split` over the string one). It declares no parameters of its own: its body
    /// tells the forms apart and binds each with `Arguments.bind`; `forms` are those
    /// declarations, which `help` shows as the signature.
    public func defineOverloaded(_ name: String, doc: String, forms: [[NativeParam]], _ body: @escaping NativeFunction) {
        let box = FunctionBox(name: name, doc: doc, params: [], body: body)
        box.forms = forms
        defineValue(name, .function(box))
        topics[name] = definingTopic
    }

    /// The parameters of the native global `name` (to declare an overload that falls back to it).
    public func nativeParameters(of name: String) -> [NativeParam] {
        guard case .function(let box)? = global(name) else { return [] }
        return box.forms.first ?? box.nativeParams
    }

    /// The topic `define` files new built-ins under (`help()` and the library reference group
    /// by it); a host sets it before each group it installs.
    public var definingTopic = "Language"
    /// Each built-in's topic, by name (the last definition wins: a tensor `sum` over the list one).
    public private(set) var topics: [String: String] = [:]

    /// Defines a global value (a constant such as `pi`, or any host value).
    public func defineValue(_ name: String, _ value: Value) {
        let i = globalSlot(name)
        globalCells[i].value = value
    }

    /// Makes these globals impossible to redefine or assign (the grader locks its helpers).
    /// - Parameter reason: ends the error message, e.g. "it is a locked built-in."
    /// - Parameter owner: the one file whose code may still declare and assign the names (the
    ///   grader's key); nil locks them for all code.
    public func lock(names: [String], reason: String = "it is a locked built-in.", owner: String? = nil) {
        for name in names {
            let cell = globalCells[globalSlot(name)]
            cell.setGuard(constant: cell.guardState?.isConstant ?? false, lock: NameLock(reason: reason, owner: owner))
        }
    }

    /// How many terminal columns a text takes, for format widths and `pad` (the default counts
    /// characters; a host with a display-width table installs it once, before any run).
    public static func measureTextWith(_ width: @escaping (String) -> Int) { FormatSpec.textWidth = width }

    /// Why a `let` global can't be assigned.
    static let letReason = "it is declared with 'let'. Use 'var' to allow changes."

    /// Names of all defined globals, sorted (REPL completion).
    public var globalNames: [String] {
        globalIndex.filter { globalCells[$0.value].value != nil }.map(\.key).sorted()
    }

    /// The current value of a global, or nil when undefined.
    public func global(_ name: String) -> Value? {
        globalIndex[name].flatMap { globalCells[$0].value }
    }

    /// Field names of a value, for completion after `x.`.
    public func fieldNames(of value: Value) -> [String] {
        switch value {
        case .dict(let box): return box.keys.compactMap { if case .string(let s) = $0 { return s }; return nil }
        case .native(let object): return object.fieldNames
        case .number, .string, .bool, .nil, .list, .range, .function: return []
        }
    }

    /// True when `source` looks unfinished: open brackets or string, or a trailing operator.
    public func isIncomplete(_ source: String) -> Bool {
        Completeness.isIncomplete(source)
    }

    /// Drops every global (values, functions, built-ins) so the memory they hold is freed.
    ///
    /// Native functions refer back to their interpreter (and host objects to their
    /// session), so an interpreter is never freed on its own; a host that makes many
    /// (a benchmark, a test) calls this when done. The interpreter is unusable afterwards.
    public func tearDown() {
        for cell in globalCells { cell.value = nil }
        releaseRetiredGlobals()
        sourceChunks.removeAll()
    }

    /// Asks the running program to stop with an "Interrupted." error. Safe from any thread.
    public func interrupt() {
        interruptLock.lock()
        interruptRequested = true
        interruptLock.unlock()
        interruptHooks?.request()
        counters[1] = 0   // a benign race: at worst the check happens a few steps later
    }

    /// Drops an interrupt that arrived after the last program stopped checking (a flood's
    /// limit reached in its final statement, a timer that fired as a cell ended, Ctrl-C at the
    /// prompt): it was meant for that program, and must not stop the next one at its first step.
    public func clearPendingInterrupt() {
        interruptLock.lock()
        interruptRequested = false
        interruptLock.unlock()
        interruptHooks?.clear()
    }

    /// How a host stops its own long native work when the program is interrupted (and forgets
    /// the request before the next run). Set once, before any run.
    public var interruptHooks: (request: () -> Void, clear: () -> Void)?

    func globalSlot(_ name: String) -> Int {
        if let i = globalIndex[name] { return i }
        globalCells.append(GlobalCell())
        globalIndex[name] = globalCells.count - 1
        return globalCells.count - 1
    }

    /// Called when the step countdown runs out: checks interrupts and the step limit.
    func slowTick(_ location: SourceLocation) throws {
        let chunk = 1024
        stepsUsed += chunk
        interruptLock.lock()
        let interrupted = interruptRequested
        interruptRequested = false
        interruptLock.unlock()
        if interrupted { throw RuntimeError("Interrupted.", at: location, fatal: true) }
        if let limit = options.stepLimit, stepsUsed > limit {
            throw RuntimeError("Step limit exceeded (\(limit) steps); check for an endless loop.", at: location, fatal: true)
        }
        counters[1] = chunk
    }

    func lineText(_ location: SourceLocation) -> String {
        for chunk in sourceChunks.reversed() where chunk.file == location.file {
            let i = location.line - 1 - chunk.offset
            if i >= 0 && i < chunk.lines.count { return String(chunk.lines[i]) }
        }
        return ""
    }
}
