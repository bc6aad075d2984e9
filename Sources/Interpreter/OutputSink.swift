/// Where a program's output goes; the host (CLI, REPL, notebook runner) owns it.
public protocol OutputSink: AnyObject {
    /// Text from `print(...)`, including its trailing newline.
    func write(_ text: String)
    /// A value to show: `show(x)` and a cell's trailing value.
    func display(_ value: Value)
    /// The outcome of a `check` statement.
    func checkResult(_ result: CheckResult)
}

/// The outcome of one `check "name" { ... } points 2 hint "..."` statement.
public struct CheckResult {
    public var name: String
    public var passed: Bool
    public var points: Double
    public var hint: String?
    /// The message of the error the check's block threw, if any.
    public var errorMessage: String?
    public var location: SourceLocation

    public init(name: String, passed: Bool, points: Double, hint: String?, errorMessage: String?, location: SourceLocation) {
        self.name = name
        self.passed = passed
        self.points = points
        self.hint = hint
        self.errorMessage = errorMessage
        self.location = location
    }
}

/// Writes everything to standard output (the default sink).
public final class StandardOutputSink: OutputSink {
    public init() {}
    public func write(_ text: String) { print(text, terminator: "") }
    public func display(_ value: Value) { print(value.describe(maxWidth: 100)) }
    public func checkResult(_ result: CheckResult) {
        var line = "check \(result.name): \(result.passed ? "passed" : "FAILED")"
        if !result.passed, let message = result.errorMessage { line += " (\(message))" }
        if !result.passed, let hint = result.hint { line += " hint: \(hint)" }
        print(line)
    }
}

/// Collects output in memory (tests, notebook cells).
public final class BufferSink: OutputSink {
    /// Everything written and displayed, as text, in order.
    public var text = ""
    public var displayed: [Value] = []
    public var checks: [CheckResult] = []
    public init() {}
    public func write(_ text: String) { self.text += text }
    public func display(_ value: Value) {
        displayed.append(value)
        text += value.describe(maxWidth: 100) + "\n"
    }
    public func checkResult(_ result: CheckResult) {
        checks.append(result)
        text += "check \(result.name): \(result.passed ? "passed" : "failed")"
        if !result.passed, let message = result.errorMessage { text += " (\(message))" }
        text += "\n"
    }
}
