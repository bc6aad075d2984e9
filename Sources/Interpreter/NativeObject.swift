/// A host value living inside the language: a tensor, a model, a table.
///
/// Only `typeName` and `describe` are required; the other members have
/// defaults that say "not supported", which the interpreter turns into errors.
public protocol NativeObject: AnyObject {
    /// The name `type(x)` returns, e.g. "tensor".
    var typeName: String { get }
    /// The value of field `name`, or nil when there is no such field.
    func field(_ name: String) throws -> Value?
    /// Field names, for REPL completion.
    var fieldNames: [String] { get }
    /// `self op other` (or `other op self` when `selfOnLeft` is false); nil when unsupported.
    func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value?
    /// `op self`; nil when unsupported.
    func unary(_ op: UnaryOperator) throws -> Value?
    /// `self[indices]`.
    func subscriptGet(_ indices: [IndexArgument]) throws -> Value
    /// `self[indices] = value`.
    func subscriptSet(_ indices: [IndexArgument], _ value: Value) throws
    /// The printed form, at most about `maxWidth` columns wide per line.
    func describe(maxWidth: Int) -> String
}

extension NativeObject {
    public func field(_ name: String) throws -> Value? { nil }
    public var fieldNames: [String] { [] }
    public func binary(_ op: BinaryOperator, _ other: Value, selfOnLeft: Bool) throws -> Value? { nil }
    public func unary(_ op: UnaryOperator) throws -> Value? { nil }
    public func subscriptGet(_ indices: [IndexArgument]) throws -> Value {
        throw RuntimeError("Can't index a \(typeName).")
    }
    public func subscriptSet(_ indices: [IndexArgument], _ value: Value) throws {
        throw RuntimeError("Can't assign into a \(typeName).")
    }
}

/// One item of `x[...]` as a native value receives it.
public enum IndexArgument: Equatable {
    case value(Value)
    /// `start:stop:step`; nil parts were left out.
    case slice(start: Int?, stop: Int?, step: Int?)

    public static func == (a: IndexArgument, b: IndexArgument) -> Bool {
        switch (a, b) {
        case (.value(let x), .value(let y)): return x == y
        case (.slice(let a1, let a2, let a3), .slice(let b1, let b2, let b3)): return a1 == b1 && a2 == b2 && a3 == b3
        case (.value, _), (.slice, _): return false
        }
    }
}

/// An error thrown by native functions and by the interpreter's runtime;
/// the interpreter adds the location and call stack.
public struct RuntimeError: Error, CustomStringConvertible {
    public var message: String
    var location: SourceLocation?
    var stack: [Diagnostic.StackFrame] = []
    /// Set for "interrupted" and "step limit exceeded": `check` must not swallow these.
    var isFatal = false
    /// A message the learner wrote (error(), assert()): shown exactly as written, never prefixed.
    var isUserMessage = false

    /// Creates an error with a short imperative message.
    public init(_ message: String) { self.message = message }

    init(_ message: String, at location: SourceLocation?, fatal: Bool = false) {
        self.message = message
        self.location = location
        self.isFatal = fatal
    }

    public var description: String { message }
}

/// Runs host code (a native function or a native object's operator, index or field),
/// turning any error it throws into a `RuntimeError` with the error's description as the
/// message. Host modules throw their own error types (a tensor's shape error, say);
/// converting them here, at the one boundary, gives them a location and a call stack and
/// lets `check` count them as failures instead of aborting the cell.
///
/// For a native function this is also the one place its name goes on the message: a host
/// error's own label ("quantize: …" from the compression library, thrown inside
/// `fake_quantize`) is replaced by the name the learner called; a binding's own error — a
/// fragment such as "bits must be 2…8, got 33" — gets the name in front. Left as they are: an
/// error that already names a built-in (this one, or one called from inside it), the
/// language's own errors (whole sentences, capitalised: "Can't use a tensor as a condition…")
/// and the learner's own messages from error() and assert().
@inline(__always)
func hosted<T>(function: String? = nil, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch var error as RuntimeError {
        if let function, error.location == nil, error.stack.isEmpty, !error.isFatal, !error.isUserMessage,
           !(error.message.first?.isUppercase ?? true), !startsWithName(error.message) {
            error.message = "\(function): " + error.message
        }
        throw error
    } catch is Interruption {
        // Native work stopped by the interrupt: fatal like the interpreter's own, so a `check`
        // cannot swallow it and the cell reports its timeout.
        throw RuntimeError("Interrupted.", at: nil, fatal: true)
    } catch {
        let text = "\(error)"
        guard let function else { throw RuntimeError(text) }
        throw RuntimeError("\(function): " + withoutName(text))
    }
}

/// `text` without a leading "name: " label.
func withoutName(_ text: String) -> String {
    guard startsWithName(text), let colon = text.firstIndex(of: ":") else { return text }
    return String(text[text.index(after: colon)...].drop(while: { $0 == " " }))
}

/// An error a host throws when native work was stopped by `Interpreter.interrupt()` (through
/// the host's own cancellation flag, which `Interpreter.interruptHooks` sets).
public protocol Interruption: Error {}

/// Whether `text` opens with "name:" (a word, digits, '_' or spaces before the first colon).
func startsWithName(_ text: String) -> Bool {
    guard let colon = text.firstIndex(of: ":") else { return false }
    return text[..<colon].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == " " }
}
