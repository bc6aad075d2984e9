extension Compiler {
    func compileCall(_ callee: Expr, _ arguments: [Argument], _ location: SourceLocation) -> Eval {
        let target = compileExpr(callee)
        let caller = scope.name
        let rt = self.rt
        let positional = arguments.filter { $0.label == nil }.map { EvalBox(eval: compileExpr($0.value)) }
        let named = arguments.compactMap { a in a.label.map { ($0, EvalBox(eval: compileExpr(a.value))) } }
        if named.isEmpty, case .variable(let name) = callee.kind, case .global(let i) = resolve(name, callee.location, report: false),
           positional.count == 1 || positional.count == 2 {
            // A named global function (the usual case): read its cell here rather than
            // through a variable closure; anything unusual takes the general path.
            let cell = rt.globalCells[i]
            let general = compileCallGeneral(target, positional, named, location, caller)
            if let intrinsic = compileIntrinsic(name, cell, arguments.map(\.value), positional, general, location) {
                return intrinsic
            }
            if positional.count == 1 {
                let a0 = positional[0].eval
                return { f in
                    if let callee = cell.callee, callee.arity == 1 {
                        let v0 = try a0(f)
                        return try rt.invoke(callee, location, caller) { $0.initialize(to: v0) }
                    }
                    if let native = cell.native {
                        let v0 = try a0(f)
                        do {
                            return try native._withUnsafeGuaranteedRef { entry in
                                if let one = entry.one { return try one(v0) }
                                return try rt.callValue(cell.value ?? .nil, [v0], [], location, caller)
                            }
                        } catch let e as RuntimeError { throw e.located(location) }
                    }
                    return try general(f)
                }
            }
            let a0 = positional[0].eval, a1 = positional[1].eval
            return { f in
                if let callee = cell.callee, callee.arity == 2 {
                    let v0 = try a0(f), v1 = try a1(f)
                    return try rt.invoke(callee, location, caller) {
                        $0.initialize(to: v0)
                        ($0 + 1).initialize(to: v1)
                    }
                }
                if let native = cell.native {
                    let v0 = try a0(f), v1 = try a1(f)
                    do {
                        return try native._withUnsafeGuaranteedRef { entry in
                            if let two = entry.two { return try two(v0, v1) }
                            return try rt.callValue(cell.value ?? .nil, [v0, v1], [], location, caller)
                        }
                    } catch let e as RuntimeError { throw e.located(location) }
                }
                return try general(f)
            }
        }
        if named.isEmpty {
            // Fast paths: a Whittle function called with exactly its parameters
            // gets its frame filled directly, with no argument array.
            switch positional.count {
            case 0:
                return { f in
                    let c = try target(f)
                    if case .function(let box) = c, let script = box.script, script.arity == 0 {
                        return try rt.invoke(script, box.captured.map { .passUnretained($0) }, location, caller) { _ in }
                    }
                    return try rt.callValue(c, [], [], location, caller)
                }
            case 1:
                let a0 = positional[0].eval
                return { f in
                    let c = try target(f)
                    if case .function(let box) = c, let script = box.script, script.arity == 1 {
                        let v0 = try a0(f)
                        return try rt.invoke(script, box.captured.map { .passUnretained($0) }, location, caller) { $0.initialize(to: v0) }
                    }
                    if case .function(let box) = c, let fast = box.fast1 {
                        do { return try fast(try a0(f)) } catch let e as RuntimeError { throw e.located(location) }
                    }
                    return try rt.callValue(c, [try a0(f)], [], location, caller)
                }
            case 2:
                let a0 = positional[0].eval, a1 = positional[1].eval
                return { f in
                    let c = try target(f)
                    if case .function(let box) = c, let script = box.script, script.arity == 2 {
                        let v0 = try a0(f), v1 = try a1(f)
                        return try rt.invoke(script, box.captured.map { .passUnretained($0) }, location, caller) {
                            $0.initialize(to: v0)
                            ($0 + 1).initialize(to: v1)
                        }
                    }
                    if case .function(let box) = c, let fast = box.fast2 {
                        do { return try fast(try a0(f), try a1(f)) } catch let e as RuntimeError { throw e.located(location) }
                    }
                    return try rt.callValue(c, [try a0(f), try a1(f)], [], location, caller)
                }
            default:
                break
            }
        }
        return compileCallGeneral(target, positional, named, location, caller)
    }

    /// Any callee, any arguments: binds them by position and name (defaults filled in).
    func compileCallGeneral(_ target: @escaping Eval, _ positional: [EvalBox], _ named: [(String, EvalBox)],
                            _ location: SourceLocation, _ caller: String) -> Eval {
        let rt = self.rt
        let fast1 = positional.count == 1 && named.isEmpty, fast2 = positional.count == 2 && named.isEmpty
        return { f in
            let c = try target(f)
            if fast1 || fast2, case .function(let box) = c {
                // Built-ins with direct entry points (str, len, append, ...).
                do {
                    if fast1, let fast = box.fast1 { return try fast(try positional[0].eval(f)) }
                    if fast2, let fast = box.fast2 { return try fast(try positional[0].eval(f), try positional[1].eval(f)) }
                } catch let e as RuntimeError { throw e.located(location) }
            }
            if case .function(let box) = c, let script = box.script {
                // Whittle functions bind straight into their frame: no argument arrays.
                return try rt.callScript(script, box.captured, CompiledArguments(positional: positional, named: named, frame: f),
                                         location, caller)
            }
            var values: [Value] = []
            values.reserveCapacity(positional.count)
            for box in positional { values.append(try box.eval(f)) }
            var labeled: [(label: String, value: Value)] = []
            for (label, box) in named { labeled.append((label, try box.eval(f))) }
            return try rt.callValue(c, values, labeled, location, caller)
        }
    }
}

extension Interpreter {
    /// Runs a Whittle function body in a prepared frame, counting depth and steps.
    @inline(__always)
    func invoke(_ function: ScriptFunction, _ frame: Frame, _ callSite: SourceLocation, _ caller: String) throws -> Value {
        let depth = counters[0] + 1
        if depth > maxCallDepth {
            throw RuntimeError("Stack overflow: more than \(maxCallDepth) nested calls; check the recursion's base case.", at: callSite)
        }
        counters[0] = depth
        defer { counters[0] = depth - 1 }
        counters[1] &-= 1
        if counters[1] <= 0 { try slowTick(callSite) }
        do {
            return try function.run(frame)
        } catch var error as RuntimeError {
            // Keep the innermost frames only: a stack overflow would list thousands.
            if error.stack.isEmpty {
                error.stack.append(.init(function: function.name, location: error.location ?? callSite))
            }
            if error.stack.count < 16 { error.stack.append(.init(function: caller, location: callSite)) }
            throw error
        }
    }

    /// Calls a global Whittle function through its cell's unretained view (see `GlobalCell`).
    @inline(__always)
    func invoke(_ callee: GlobalCell.Callee, _ callSite: SourceLocation, _ caller: String,
                arguments: (UnsafeMutablePointer<Value>) -> Void) throws -> Value {
        try callee.script._withUnsafeGuaranteedRef { script in
            try invoke(script, callee.captured, callSite, caller, arguments: arguments)
        }
    }

    /// Calls `function` with a frame from its pool: `arguments` initializes the parameter
    /// slots (they hold nil, which needs no deinitialization), and the frame goes back to
    /// the pool afterwards unless a closure made during the call kept it. A function whose
    /// frames cannot escape skips reference counting on its frame altogether.
    @inline(__always)
    func invoke(_ function: ScriptFunction, _ captured: Unmanaged<Frame>?, _ callSite: SourceLocation, _ caller: String,
                arguments: (UnsafeMutablePointer<Value>) -> Void) throws -> Value {
        if function.framesEscape {
            var frame = function.pool.takeUnmanaged(parent: captured).takeRetainedValue()
            withExtendedLifetime(frame) { arguments(frame.slots) }
            let result = try invoke(function, frame, callSite, caller)
            function.pool.recycle(&frame)
            return result
        }
        let frame = function.pool.takeUnmanaged(parent: captured)
        let result: Value
        do {
            result = try frame._withUnsafeGuaranteedRef { f in
                arguments(f.slots)
                return try invoke(function, f, callSite, caller)
            }
        } catch {
            function.pool.giveBack(frame)
            throw error
        }
        // Not a `defer`: that became an out-of-line function called on every return.
        function.pool.giveBack(frame)
        return result
    }

    /// The general call: any callee, positional and named arguments, defaults.
    func callValue(_ callee: Value, _ positional: [Value], _ named: [(label: String, value: Value)],
                   _ callSite: SourceLocation, _ caller: String) throws -> Value {
        guard case .function(let box) = callee else {
            throw RuntimeError("Can't call a \(callee.typeName).", at: callSite)
        }
        if let script = box.script {
            return try callScript(script, box.captured, EvaluatedArguments(positional: positional, named: named), callSite, caller)
        }
        guard let native = box.native else { throw RuntimeError("Can't call \(box.name).", at: callSite) }
        do {
            let args = try Arguments.bind(function: box.name, params: box.nativeParams, positional: positional,
                                          named: named, interpreter: self)
            return try hosted(function: box.name) { try native(args) }
        } catch let error as RuntimeError {
            throw error.located(callSite)
        }
    }

    /// Calls a function value from native code (e.g. a host `map` calling a Whittle closure).
    /// - Throws: `RuntimeError` from the called function.
    public func call(_ function: Value, _ args: [Value]) throws -> Value {
        try call(function, args, named: [])
    }

    /// Calls a function value with positional and named arguments.
    public func call(_ function: Value, _ args: [Value], named: [(label: String, value: Value)]) throws -> Value {
        let site: SourceLocation
        if case .function(let box) = function, let script = box.script { site = script.location } else {
            site = SourceLocation(file: "<host>", line: 0, column: 0)
        }
        // Host code may call in from its own (small) stack: run on the big-stack thread.
        let result = onBigStack { Result { try self.callValue(function, args, named, site, "<native>") } }
        do {
            return try result.get()
        } catch var error as RuntimeError where error.location?.file == "<host>" {
            // A built-in called from a built-in (a tensor `sum` falling back to the list one): the
            // error belongs where the script made the outer call, which locates it on the way out.
            error.location = nil
            throw error
        }
    }
}
