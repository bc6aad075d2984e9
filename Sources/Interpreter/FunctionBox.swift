/// The body of a native function: gets the call's arguments, returns a value or throws.
public typealias NativeFunction = (Arguments) throws -> Value

/// A function value: a Whittle closure or a host-defined native function.
public final class FunctionBox {
    /// The name shown in stack traces and by `help` ("<fn>" for anonymous functions).
    public let name: String
    /// Parameter names, in order.
    public let parameterNames: [String]
    /// Documentation shown by `help(f)` (natives), or "" for Whittle functions.
    public let doc: String
    let script: ScriptFunction?
    let captured: Frame?
    let native: NativeFunction?
    let nativeParams: [NativeParam]
    /// For a native with two forms behind one name: each form's declaration (see `defineOverloaded`).
    var forms: [[NativeParam]] = []
    /// Built-ins with one or two plain positional arguments can skip argument binding.
    var fast1: ((Value) throws -> Value)?
    var fast2: ((Value, Value) throws -> Value)?

    /// A closure over `script`, made while `frame` runs; it keeps the frame only when
    /// its body reads the enclosing function's locals.
    init(script: ScriptFunction, definedIn frame: Frame) {
        self.name = script.name
        self.parameterNames = script.parameterNames
        self.doc = script.doc
        self.script = script
        self.captured = script.needsParent ? frame : nil
        self.native = nil
        self.nativeParams = []
    }

    /// Creates a native function value (the host can also pass it around as a `Value`).
    public init(name: String, doc: String, params: [NativeParam], body: @escaping NativeFunction) {
        self.name = name
        self.parameterNames = params.map(\.name)
        self.doc = doc
        self.script = nil
        self.captured = nil
        self.native = body
        self.nativeParams = params
    }

    /// The Whittle source text of the function (nil for natives).
    public var sourceText: String? { script?.sourceText }

    /// The signature line `help` shows above the doc: generated from the declaration, so it
    /// cannot drift from the parameters the function really takes.

    /// `name(a, b = ...)` for Whittle functions, `name(x, bits: 8)` for natives.
    public var signature: String {
        if let script {
            let params = zip(script.parameterNames, script.defaultTexts).map { name, def in
                def.map { "\(name) = \($0)" } ?? name
            }
            return "\(name)(\(params.joined(separator: ", ")))"
        }
        let declarations = forms.isEmpty ? [nativeParams] : forms
        return declarations.map { "\(name)(\($0.map(\.signatureText).joined(separator: ", ")))" }.joined(separator: " | ")
    }

    /// What `help(f)` prints: the signature, what the typed parameters accept, then the doc.
    public var helpText: String {
        var lines = [signature]
        if let rules = parameterRules { lines.append("  accepts: " + rules) }
        if !doc.isEmpty { lines += doc.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } }
        return lines.joined(separator: "\n")
    }

    /// What the typed parameters accept, one clause each ("bits: integer 2…8; scheme: "affine" or
    /// "symmetric"), or nil when every parameter takes any value.
    public var parameterRules: String? {
        let rules = (forms.isEmpty ? nativeParams : forms.flatMap { $0 }).compactMap { p -> String? in
            ruleText(p).map { p.allowsNil ? $0 + " or nil" : $0 }
        }
        return rules.isEmpty ? nil : rules.joined(separator: "; ")
    }

    /// One parameter's clause, or nil when it takes any value of its kind.
    private func ruleText(_ p: NativeParam) -> String? {
        switch p.type {
        case .any, .string, .list, .function, .bool: return nil
        case .number(let range?): return "\(p.name) \(range.text)"
        case .number(nil): return nil
        case .integer(let min, let max):
            switch (min, max) {
            case let (a?, b?): return "\(p.name) integer \(a)…\(b)"
            case let (a?, nil): return "\(p.name) integer ≥ \(a)"
            case let (nil, b?): return "\(p.name) integer ≤ \(b)"
            case (nil, nil): return "\(p.name) integer"
            }
        case .choice(let choices): return "\(p.name) " + choices.map { "\"\($0)\"" }.joined(separator: " | ")
        }
    }
}

/// A compiled Whittle function: its body as closures plus what calls need to know.
final class ScriptFunction {
    let name: String
    let parameterNames: [String]
    /// Default-value evaluators, run in the callee's frame so they may use earlier parameters.
    let defaults: [EvalBox?]
    let defaultTexts: [String?]
    let requiredCount: Int
    /// Parameter count, read on every call.
    let arity: Int
    /// Whether closures over this function need the frame they were made in (the body
    /// reads an enclosing function's locals); when not, they don't keep it alive.
    let needsParent: Bool
    /// Whether a closure made during a call can keep the call's frame (see `FramePool`).
    let framesEscape: Bool
    /// Frames of finished calls, reused by the next ones.
    let pool: FramePool
    /// The call's value from a prepared frame. For bodies that are one expression (or an
    /// if/else chain of them) it is that expression, skipping the statement machinery and
    /// the result slot. Not optional: loading an optional closure to test it costs a
    /// retain and a release of its context on every call.
    let run: Eval
    let sourceText: String
    let doc: String
    let location: SourceLocation

    init(name: String, parameterNames: [String], defaults: [EvalBox?], defaultTexts: [String?],
         body: @escaping Exec, valueBody: Eval?, frameSize: Int, needsParent: Bool, framesEscape: Bool, sourceText: String, doc: String, location: SourceLocation) {
        if let valueBody {
            self.run = valueBody
        } else {
            self.run = { frame in
                _ = try body(frame)
                return withExtendedLifetime(frame) { frame.slots[frame.resultSlot] }
            }
        }
        self.needsParent = needsParent
        self.framesEscape = framesEscape
        self.pool = FramePool(frameSize: frameSize)
        self.name = name
        self.parameterNames = parameterNames
        self.defaults = defaults
        self.defaultTexts = defaultTexts
        self.requiredCount = defaults.firstIndex(where: { $0 != nil }) ?? defaults.count
        self.arity = parameterNames.count
        self.sourceText = sourceText
        self.doc = doc
        self.location = location
    }

    deinit { pool.destroy() }
}
