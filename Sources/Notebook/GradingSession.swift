import Foundation
import Interpreter
import Render
import Stdlib

/// A `check` that ran while grading, with where it is written (the grader trusts only
/// checks written in the key file).
public struct GradedCheck: Equatable, Codable {
    /// The check's name.
    public var name: String
    /// Whether its condition held.
    public var passed: Bool
    /// The points the statement declared (the grader uses the key's own, found statically).
    public var points: Double
    /// The hint to show on failure.
    public var hint: String?
    /// The error raised inside the condition, if any.
    public var message: String?
    /// The file the `check` statement is written in.
    public var file: String
    /// Its 1-based line.
    public var line: Int
}

/// The session a submission is graded in: a `Stdlib.Session` with the host builtins
/// locked (so `let close = …` or `fn todo()` is refused), a per-step output cap that
/// interrupts a flood, and a record of every check with its source location.
///
/// A step's `CellResult.checks` holds only the checks written in `keyFile`: a `check`
/// the student wrote (even one inside a function the key's tests call) never counts.
/// Globals that the key's own steps define or import (the setup a check reads, such as `w`,
/// and the stdlib functions it calls) are locked for every file but the key's, so a submission
/// cannot redefine or reassign what its checks test — not even from a function a check calls.
public final class GradingCellSession: CellSession, GradingStepObserver {
    /// The language session (host names already locked).
    public let session: Session
    /// The key's path as the plan names it; checks elsewhere are ignored.
    public let keyFile: String
    /// Bytes of output one step may produce before it is interrupted.
    public let outputLimit: Int
    /// Used for steps whose key cell sets no `timeout`.
    public let defaultTimeout: Double?
    /// The key-file checks of the last step, with their locations.
    public private(set) var lastChecks: [GradedCheck] = []
    /// Globals defined by the key's steps so far: read-only during student steps.
    private var keyNames: Set<String> = []
    /// The lists, dicts and models reachable from those globals: frozen for every step but the
    /// key's setup cells, so neither a student step nor a student function a check calls can
    /// change a check's inputs in place.
    private var keyData: [Freezable] = []
    private var nextStepIsKeySetup = false

    public func willRun(_ step: GradingPlan.Step) {
        nextStepIsKeySetup = step.origin == .key && step.exercise == nil
    }
    static let keyNameReason = "the exercise's setup defines it and the checks read it; use another name."

    /// Creates a grading session.
    /// - Parameters:
    ///   - seed: the key's seed (front matter `seed:`).
    ///   - options: interpreter limits (step limit).
    ///   - keyFile: the key's path as given to `gradingPlan`.
    ///   - outputLimit: bytes of output per step before the step is interrupted.
    ///   - defaultTimeout: seconds per step when the key sets none.
    public init(seed: UInt64, options: InterpreterOptions, keyFile: String, outputLimit: Int, defaultTimeout: Double?) {
        session = Session(seed: seed, options: options)
        session.lockHostNames()
        self.keyFile = keyFile
        self.outputLimit = outputLimit
        self.defaultTimeout = defaultTimeout
    }

    /// Every list, dict and model reachable from `roots` (each once, cycles included).
    static func reachableData(from roots: [Value]) -> [Freezable] {
        var seen = Set<ObjectIdentifier>(), out: [Freezable] = [], stack = roots
        while let value = stack.popLast() {
            let object: Freezable, children: [Value]
            switch value {
            case .list(let box): (object, children) = (box, box.items)
            case .dict(let box): (object, children) = (box, box.values)
            case .native(let model as ModelValue): (object, children) = (model, [])
            default: continue
            }
            guard seen.insert(ObjectIdentifier(object)).inserted else { continue }
            out.append(object)
            stack.append(contentsOf: children)
        }
        return out
    }

    public func run(code: String, file: String, firstLine: Int, timeout: Double?) -> CellResult {
        let interpreter = session.interpreter
        let sink = GradingSink(limit: outputLimit, keyFile: keyFile) { interpreter.interrupt() }
        interpreter.sink = sink
        let seconds = timeout ?? defaultTimeout
        let isKeyStep = file == keyFile
        let before = isKeyStep ? Set(interpreter.globalNames) : []
        let frozen = !(isKeyStep && nextStepIsKeySetup)
        for object in keyData { object.isFrozen = frozen }
        nextStepIsKeySetup = false
        // A key step's imports run the module afresh, so definitions a submission changed (by
        // importing first, then redefining) are the module's own again when the key reads them.
        let loadedBefore = isKeyStep ? interpreter.forgetLoadedModules() : []
        let outcome = interpreter.run(cell: code, file: file, firstLine: firstLine, timeout: seconds)
        if isKeyStep {
            var owned = Set(interpreter.globalNames).subtracting(before)
            for module in interpreter.loadedModuleNames { owned.formUnion(interpreter.exports(of: module)) }
            interpreter.markModulesLoaded(loadedBefore)
            // Locked for good, for code written anywhere but the key (a student function the
            // key's checks call included), at compile time and at run time.
            interpreter.lock(names: Array(owned.subtracting(keyNames)), reason: Self.keyNameReason, owner: keyFile)
            keyNames.formUnion(owned)
            for object in keyData { object.isFrozen = false }
            keyData = Self.reachableData(from: keyNames.sorted().compactMap { interpreter.global($0) })
        }
        var result = CellResult()
        if case .failure(let diagnostics) = outcome {
            let first = diagnostics.first
            var message = first?.message ?? "unknown error"
            if message.hasPrefix("Interrupted") {
                message = sink.flooded
                    ? "output limit exceeded (\(outputLimit) bytes)"
                    : "time limit exceeded (\(formatNumber(seconds ?? 0)) s for this cell)"
            }
            result.error = CellError(message: message,
                                     rendered: diagnostics.map { $0.render(color: false) }.joined(),
                                     line: first?.location.line, column: first?.location.column)
        }
        result.outputs = sink.text.isEmpty ? [] : [.text(sink.text)]
        lastChecks = sink.checks
        result.checks = sink.checks.map {
            CheckOutcome(name: $0.name, passed: $0.passed, points: $0.passed ? $0.points : 0,
                         maxPoints: $0.points, hint: $0.hint, message: $0.message)
        }
        return result
    }
}

/// Captures a step's output up to a byte limit; past it, asks the interpreter to stop.
final class GradingSink: OutputSink {
    private(set) var text = ""
    private(set) var checks: [GradedCheck] = []
    private(set) var flooded = false
    private var bytes = 0
    let limit: Int
    let keyFile: String
    let onFlood: () -> Void

    init(limit: Int, keyFile: String, onFlood: @escaping () -> Void) {
        self.limit = limit
        self.keyFile = keyFile
        self.onFlood = onFlood
    }

    func write(_ piece: String) {
        guard !flooded else { return }
        let size = piece.utf8.count
        if bytes + size > limit {
            text += String(decoding: piece.utf8.prefix(limit - bytes), as: UTF8.self)
            text += "\n… (output limit exceeded)\n"
            flooded = true
            onFlood()
            return
        }
        bytes += size
        text += piece
    }

    func display(_ value: Value) {
        // Plain text: a grade report shows what a value is, not its plot.
        write(value.describe(maxWidth: 80) + "\n")
    }

    func checkResult(_ result: CheckResult) {
        guard result.location.file == keyFile else { return }
        checks.append(GradedCheck(name: result.name, passed: result.passed, points: result.points,
                                  hint: result.hint, message: result.errorMessage,
                                  file: result.location.file, line: result.location.line))
    }
}

extension Notebook {
    /// File lines (1-based) inside `### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS` regions:
    /// a check written there is hidden from students.
    public var hiddenTestLines: Set<Int> {
        var lines: Set<Int> = []
        for cell in cells {
            var inside = false
            for (offset, line) in cell.raw.splitLinesKeepingTerminators().enumerated() {
                switch GradingMarker(line: line) {
                case .beginHiddenTests: inside = true
                case .endHiddenTests: inside = false
                case .beginSolution, .endSolution, nil: if inside { lines.insert(cell.fenceLine + offset) }
                }
            }
        }
        return lines
    }
}
