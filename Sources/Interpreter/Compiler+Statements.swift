extension Compiler {
    /// Compiles statements in the current block scope; with `valueMode` the last
    /// expression statement stores its value in the frame's result slot.
    func compileStatements(_ statements: [Stmt], valueMode: Bool) -> Exec {
        var execs: [ExecBox] = []
        for (i, statement) in statements.enumerated() {
            execs.append(ExecBox(exec: compileStatement(statement, tail: valueMode && i == statements.count - 1)))
        }
        switch execs.count {
        case 0: return { _ in .normal }
        case 1: return execs[0].exec
        case 2:
            let a = execs[0].exec, b = execs[1].exec
            return { f in
                let flow = try a(f)
                if flow != .normal { return flow }
                return try b(f)
            }
        default:
            return { f in
                for box in execs {
                    let flow = try box.exec(f)
                    if flow != .normal { return flow }
                }
                return .normal
            }
        }
    }

    func compileBlock(_ block: Block, valueMode: Bool) -> Exec {
        scope.blocks.append([:])
        defer { scope.blocks.removeLast() }
        return compileStatements(block.statements, valueMode: valueMode)
    }

    /// Compiles a block whose value is used (an `if` value, a `check` body):
    /// `return`/`break`/`continue` can't jump out of it.
    func compileValueBlock(_ compile: () -> Exec) -> Exec {
        let savedLoops = scope.loopDepth
        scope.loopDepth = 0
        scope.valueBlockDepth += 1
        defer { scope.loopDepth = savedLoops; scope.valueBlockDepth -= 1 }
        return compile()
    }

    func compileStatement(_ statement: Stmt, tail: Bool) -> Exec {
        let location = statement.location
        switch statement.kind {
        case .expression(let expr):
            if case .if(let condition, let then, let elseBranch) = expr.kind {
                return compileIf(condition, then, elseBranch, valueMode: tail)
            }
            let eval = compileExpr(expr)
            if tail { return { f in f.slots[f.resultSlot] = try eval(f); return .normal } }
            return { f in _ = try eval(f); return .normal }

        case .declaration(let name, let mutable, let value):
            let target = declare(name, mutable: mutable, ready: false, location)
            let eval = compileExpr(value)
            markReady(name)
            switch target {
            case .local(let slot): return { f in f.slots[slot] = try eval(f); return .normal }
            case .global(let i):
                let cell = rt.globalCells[i]
                return { f in cell.value = try eval(f); return .normal }
            }

        case .assignment(let target, let op, let value):
            return compileAssignment(target, op, value, location)

        case .function(let decl):
            let name = decl.name ?? "<fn>"
            let target = declare(name, mutable: false, ready: true, location)
            let function = compileFunction(decl, name: name)
            let put = store(target)
            return { f in put(f, .function(FunctionBox(script: function, definedIn: f))); return .normal }

        case .forIn(let names, let iterable, let body):
            return compileFor(names, iterable, body, location)

        case .while(let condition, let body):
            let test = compileCondition(condition)
            scope.loopDepth += 1
            let run = compileBlock(body, valueMode: false)
            scope.loopDepth -= 1
            let rt = self.rt
            let counters = rt.counters
            return { f in
                while try test(f) {
                    counters[1] &-= 1
                    if counters[1] <= 0 { try rt.slowTick(location) }
                    let flow = try run(f)
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                }
                return .normal
            }

        case .break, .continue:
            let word = statement.kind.isBreak ? "break" : "continue"
            if scope.loopDepth == 0 {
                error(scope.valueBlockDepth > 0
                      ? "Can't use '\(word)' inside an 'if' value or a 'check'."
                      : "Can't use '\(word)' outside a loop.", location)
            }
            let flow: Flow = statement.kind.isBreak ? .breakLoop : .continueLoop
            return { _ in flow }

        case .return(let value):
            if scope.isScript {
                error("Can't use 'return' outside a function.", location)
            } else if scope.valueBlockDepth > 0 {
                error("Can't use 'return' inside an 'if' value or a 'check'.", location)
            }
            guard let value else { return { f in f.slots[f.resultSlot] = .nil; return .returned } }
            let eval = compileExpr(value)
            return { f in f.slots[f.resultSlot] = try eval(f); return .returned }

        case .import(let name):
            let rt = self.rt
            return { _ in try rt.importModule(name, at: location); return .normal }

        case .check(let name, let body, let points, let hint):
            return compileCheck(name: name, body: body, points: points, hint: hint, location)
        }
    }

    /// An expression, or an if/else chain whose branches are single expressions, as one
    /// `Eval`; nil when a branch has statements (those need the statement machinery).
    func compilePureExpression(_ expr: Expr) -> Eval? {
        guard case .if(let condition, let then, let elseBranch) = expr.kind else {
            if case .function = expr.kind { return nil }   // already compiled once by the body
            return compileExpr(expr)
        }
        guard let elseBranch, then.statements.count == 1, elseBranch.statements.count == 1,
              case .expression(let a) = then.statements[0].kind,
              case .expression(let b) = elseBranch.statements[0].kind else { return nil }
        let test = compileCondition(condition)
        guard let yes = compilePureExpression(a), let no = compilePureExpression(b) else { return nil }
        return { f in try test(f) ? try yes(f) : try no(f) }
    }

    func compileIf(_ condition: Expr, _ then: Block, _ elseBranch: Block?, valueMode: Bool) -> Exec {
        let test = compileCondition(condition)
        let run = compileBlock(then, valueMode: valueMode)
        if let elseBranch {
            let other = compileBlock(elseBranch, valueMode: valueMode)
            return { f in try test(f) ? try run(f) : try other(f) }
        }
        if valueMode {
            return { f in
                if try test(f) { return try run(f) }
                f.slots[f.resultSlot] = .nil
                return .normal
            }
        }
        return { f in try test(f) ? try run(f) : .normal }
    }

    func compileCheck(name: Expr, body: Block, points: Expr?, hint: Expr?, _ location: SourceLocation) -> Exec {
        let nameEval = compileExpr(name)
        let pointsEval = points.map { compileExpr($0) }
        let hintEval = hint.map { compileExpr($0) }
        let run = compileValueBlock { compileBlock(body, valueMode: true) }
        let rt = self.rt
        return { f in
            let title = try nameEval(f).text
            var score = 1.0
            if let pointsEval {
                guard case .number(let n) = try pointsEval(f) else {
                    throw RuntimeError("Expect a number after 'points'.", at: location)
                }
                score = n
            }
            let hintText = try hintEval.map { try $0(f).text }
            var passed = false
            var message: String?
            f.slots[f.resultSlot] = .nil
            do {
                _ = try run(f)
                passed = try f.slots[f.resultSlot].truth(at: location)
            } catch let error as RuntimeError where !error.isFatal {
                message = error.message
            }
            f.slots[f.resultSlot] = .nil
            rt.sink.checkResult(CheckResult(name: title, passed: passed, points: score, hint: hintText,
                                            errorMessage: message, location: location))
            return .normal
        }
    }

    func compileFunction(_ decl: FunctionDecl, name: String) -> ScriptFunction {
        let outer = scope
        scope = FunctionScope(parent: outer, name: name, isScript: false)
        defer { scope = outer }
        for param in decl.parameters {
            _ = declare(param.name, mutable: true, ready: true, param.location)
        }
        // Boxed inside the map: a closure that comes out of the generic `Optional.map`
        // is wrapped in reabstraction thunks on every call.
        let defaults = decl.parameters.map { p in p.defaultValue.map { EvalBox(eval: compileExpr($0)) } }
        let texts = decl.parameters.map { p in p.defaultValue.map { expressionText($0) } }
        let body = compileBlock(decl.body, valueMode: true)
        var valueBody: Eval?
        if decl.body.statements.count == 1, case .expression(let expr) = decl.body.statements[0].kind {
            // The expression is compiled a second time: keep its diagnostics only once.
            let reported = diagnostics.count
            scope.blocks.append([:])
            valueBody = compilePureExpression(expr)
            scope.blocks.removeLast()
            if diagnostics.count > reported {
                diagnostics.removeSubrange(reported...)
                valueBody = nil
            }
        }
        let needsParent = scope.readsEnclosingFrames
        if needsParent { outer.framesCaptured = true }
        return ScriptFunction(name: name, parameterNames: decl.parameters.map(\.name), defaults: defaults,
                              defaultTexts: texts, body: body, valueBody: valueBody, frameSize: scope.slotCount,
                              needsParent: needsParent, framesEscape: scope.framesCaptured,
                              sourceText: decl.sourceText,
                              doc: docComment(before: decl.location), location: decl.location)
    }

    /// Comment lines directly above a declaration are its documentation for `help`.
    func docComment(before location: SourceLocation) -> String {
        var lines: [String] = []
        var line = location.line - 1
        while line > 0 {
            let text = rt.lineText(SourceLocation(file: location.file, line: line, column: 1))
            let trimmed = text.drop(while: { $0 == " " || $0 == "\t" })
            guard trimmed.hasPrefix("#") else { break }
            lines.insert(String(trimmed.dropFirst().drop(while: { $0 == " " })), at: 0)
            line -= 1
        }
        return lines.joined(separator: "\n")
    }

    /// Short source text of a default-value expression (for `help` signatures).
    func expressionText(_ expr: Expr) -> String {
        switch expr.kind {
        case .number(let n): return Value.format(number: n)
        case .string(let s): return Value.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .nil: return "nil"
        case .variable(let name): return name
        case .interpolated, .list, .dict, .range, .unary, .binary, .and, .or, .call, .index, .field, .function, .if:
            return "…"
        }
    }
}

extension Stmt.Kind {
    var isBreak: Bool {
        if case .break = self { return true }
        return false
    }
}
