/// Where a call's argument values come from: already evaluated (a native calling back
/// into Whittle, `callValue`), or still to be evaluated in the caller's frame (a compiled
/// call site), so that binding a call needs no argument arrays.
protocol ArgumentSource {
    var positionalCount: Int { get }
    var namedCount: Int { get }
    func positional(_ i: Int) throws -> Value
    func label(_ i: Int) -> String
    func named(_ i: Int) throws -> Value
}

/// Arguments a host already has as values.
struct EvaluatedArguments: ArgumentSource {
    let positional: [Value]
    let named: [(label: String, value: Value)]
    var positionalCount: Int { positional.count }
    var namedCount: Int { named.count }
    func positional(_ i: Int) -> Value { positional[i] }
    func label(_ i: Int) -> String { named[i].label }
    func named(_ i: Int) -> Value { named[i].value }
}

/// A call site's argument expressions, evaluated in the caller's frame as they are bound.
struct CompiledArguments: ArgumentSource {
    let positional: [EvalBox]
    let named: [(String, EvalBox)]
    let frame: Frame
    var positionalCount: Int { positional.count }
    var namedCount: Int { named.count }
    func positional(_ i: Int) throws -> Value { try positional[i].eval(frame) }
    func label(_ i: Int) -> String { named[i].0 }
    func named(_ i: Int) throws -> Value { try named[i].1.eval(frame) }
}

extension Interpreter {
    /// Calls a Whittle function with any mix of positional and named arguments: each is
    /// written into its parameter's slot, missing ones get their default (evaluated in the
    /// callee's frame, so a default may use earlier parameters).
    func callScript<A: ArgumentSource>(_ script: ScriptFunction, _ captured: Frame?, _ args: A,
                                       _ callSite: SourceLocation, _ caller: String) throws -> Value {
        let arity = script.arity
        guard args.positionalCount <= arity else {
            throw RuntimeError("\(script.name) takes \(arity) argument\(arity == 1 ? "" : "s"), got \(args.positionalCount).", at: callSite)
        }
        var frame = script.pool.take(parent: captured)
        try withUnsafeTemporaryAllocation(of: Bool.self, capacity: max(arity, 1)) { given in
            given.initialize(repeating: false)
            for i in 0..<args.positionalCount {
                frame.slots[i] = try args.positional(i)
                given[i] = true
            }
            for j in 0..<args.namedCount {
                let label = args.label(j)
                guard let i = script.parameterNames.firstIndex(of: label) else {
                    throw RuntimeError("\(script.name) has no parameter named '\(label)'.", at: callSite)
                }
                if given[i] { throw RuntimeError("\(script.name): '\(label)' is given twice.", at: callSite) }
                frame.slots[i] = try args.named(j)
                given[i] = true
            }
            for i in 0..<arity where !given[i] {
                guard let defaultValue = script.defaults[i] else {
                    throw RuntimeError("\(script.name): missing argument '\(script.parameterNames[i])'.", at: callSite)
                }
                frame.slots[i] = try defaultValue.eval(frame)
            }
        }
        let result = try invoke(script, frame, callSite, caller)
        script.pool.recycle(&frame)
        return result
    }
}
