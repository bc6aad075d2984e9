import Foundation
import Interpreter
import Render
import Stdlib

/// Connects the notebook runner to a real language session: cells run in one
/// `Stdlib.Session`, output is captured in order, display values are rendered for
/// both the terminal and the report, and a cell's `timeout` interrupts it.
public final class LanguageCellSession: CellSession {
    public let session: Session
    /// Width used for the terminal form of display values.
    public var terminalWidth: Int
    /// Whether terminal renderings may use ANSI colour.
    public var color: Bool

    /// Creates a session seeded from the notebook's front matter (`seed:`, default 0).
    public init(seed: UInt64 = 0, options: InterpreterOptions = .init(), terminalWidth: Int = 80, color: Bool = false) {
        session = Session(seed: seed, options: options)
        self.terminalWidth = terminalWidth
        self.color = color
    }

    public func run(code: String, file: String, firstLine: Int, timeout: Double?) -> CellResult {
        let sink = CapturingSink(width: terminalWidth, color: color)
        let interpreter = session.interpreter
        interpreter.sink = sink
        let outcome = interpreter.run(cell: code, file: file, firstLine: firstLine, timeout: timeout)
        var result = CellResult()
        switch outcome {
        case .value(let value):
            if let value { sink.display(value) }
        case .failure(var diagnostics):
            if let timeout, let first = diagnostics.first, first.message.hasPrefix("Interrupted") {
                // Say why it was interrupted, at the line it was running.
                diagnostics[0].message = "Cell timed out after \(formatNumber(timeout)) s (its timeout option); it was stopped here."
            }
            let first = diagnostics.first
            let message = first?.message ?? "unknown error"
            result.error = CellError(message: message,
                                     rendered: diagnostics.map { $0.render(color: false) }.joined(),
                                     line: first?.location.line, column: first?.location.column)
        }
        sink.flush()
        result.outputs = sink.outputs
        result.checks = sink.checks
        return result
    }
}

/// Collects one cell's output: consecutive prints merge into one text block; display
/// values are rendered at once (their terminal, Markdown and SVG forms).
final class CapturingSink: OutputSink {
    private(set) var outputs: [CellOutput] = []
    private(set) var checks: [CheckOutcome] = []
    private var pending = ""
    let width: Int
    let color: Bool

    init(width: Int, color: Bool) {
        self.width = width
        self.color = color
    }

    func write(_ text: String) { pending += text }

    func display(_ value: Value) {
        flush()
        if case .native(let object as DisplayValue) = value {
            let d = object.display
            outputs.append(.display(terminal: d.terminal(width: width, color: color), markdown: d.markdown(), svg: d.svg()))
        } else {
            outputs.append(.text(value.describe(maxWidth: width) + "\n"))
        }
    }

    func checkResult(_ result: CheckResult) {
        checks.append(CheckOutcome(name: result.name, passed: result.passed,
                                   points: result.passed ? result.points : 0, maxPoints: result.points,
                                   hint: result.hint, message: result.errorMessage))
    }

    func flush() {
        if !pending.isEmpty { outputs.append(.text(pending)) }
        pending = ""
    }
}
