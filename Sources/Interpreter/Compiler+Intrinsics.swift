// Calls of the busiest built-ins, compiled inline.
//
// Why: `str(i)` and `append(xs, v)` sit in most loops learners write, and a call through
// the built-in's entry point costs more than the work itself. CPython 3.11 specializes
// the same calls (CALL_NO_KW_STR_1, CALL_NO_KW_LIST_APPEND). Each inline call first checks
// that the global still holds the built-in it was compiled against, so a program that
// redefines `str` or `append` gets its own function through the general path.

extension Compiler {
    /// The built-ins `compileIntrinsic` knows (recorded at start-up in `Interpreter.intrinsics`).
    static let intrinsicNames = ["str", "append", "push", "len"]

    /// An inline call of the built-in `name` with these argument closures, or nil when
    /// `name` is not an intrinsic (or the global no longer holds the built-in).
    /// - Parameters:
    ///   - arguments: the call's positional argument expressions, and `compiled`, their closures.
    func compileIntrinsic(_ name: String, _ cell: GlobalCell, _ arguments: [Expr], _ compiled: [EvalBox],
                          _ general: @escaping Eval, _ location: SourceLocation) -> Eval? {
        guard let builtin = rt.intrinsics[name], cell.holds(builtin) else { return nil }
        switch (name, arguments.count) {
        case ("str", 1):
            // The argument is read in place when it is a variable or a literal (see `Operand`).
            switch operand(arguments[0], compiled: compiled[0].eval) {
            case .local(let a): return Compiler.str(a, cell, builtin, general)
            case .global(let a): return Compiler.str(a, cell, builtin, general)
            case .constant(let a): return Compiler.str(a, cell, builtin, general)
            case .computed(let a): return Compiler.str(a, cell, builtin, general)
            }
        case ("append", 2), ("push", 2):
            let a0 = compiled[0].eval, a1 = compiled[1].eval
            return { f in
                guard cell.holds(builtin) else { return try general(f) }
                let list = try a0(f), value = try a1(f)
                do { return try Builtins.append(value, to: list, function: name) } catch let e as RuntimeError { throw e.located(location) }
            }
        case ("len", 1):
            let a0 = compiled[0].eval
            return { f in
                guard cell.holds(builtin) else { return try general(f) }
                let v = try a0(f)
                do { return try Builtins.length(of: v) } catch let e as RuntimeError { throw e.located(location) }
            }
        default:
            return nil
        }
    }

    private static func str<A: Operand>(_ a: A, _ cell: GlobalCell, _ builtin: FunctionBox, _ general: @escaping Eval) -> Eval {
        { f in
            guard cell.holds(builtin) else { return try general(f) }
            return Builtins.str(try a.value(f))
        }
    }
}
