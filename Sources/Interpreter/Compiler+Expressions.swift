extension Compiler {
    func compileExpr(_ expr: Expr) -> Eval {
        let location = expr.location
        switch expr.kind {
        case .number(let n):
            let v = Value.number(n)
            return { _ in v }
        case .string(let s):
            let v = Value.string(s)
            return { _ in v }
        case .bool(let b):
            let v = Value.bool(b)
            return { _ in v }
        case .nil:
            return { _ in .nil }
        case .interpolated(let parts):
            return compileInterpolation(parts, location)
        case .variable(let name):
            return compileVariable(name, location)
        case .list(let items):
            let evals = items.map { EvalBox(eval: compileExpr($0)) }
            return { f in
                var values: [Value] = []
                values.reserveCapacity(evals.count)
                for box in evals { values.append(try box.eval(f)) }
                return .list(ListBox(values))
            }
        case .dict(let entries):
            let evals = entries.map { (compileExpr($0.key), compileExpr($0.value), $0.key.location) }
            return { f in
                let box = DictBox()
                for (key, value, at) in evals {
                    let k = try key(f)
                    guard let dictKey = k.dictKey else { throw RuntimeError("Can't use a \(k.typeName) as a dict key.", at: at) }
                    box[dictKey] = try value(f)
                }
                return .dict(box)
            }
        case .range(let low, let high, let inclusive):
            let lo = compileExpr(low), hi = compileExpr(high)
            return { f in
                guard case .number(let a) = try lo(f), case .number(let b) = try hi(f) else {
                    throw RuntimeError("Expect numbers on both sides of a range.", at: location)
                }
                return .range(RangeValue(start: a, end: b, inclusive: inclusive))
            }
        case .unary(let op, let operand):
            let eval = compileExpr(operand)
            switch op {
            case .not:
                let test = compileCondition(operand)
                return { f in .bool(!(try test(f))) }
            case .negate:
                return { f in
                    let v = try eval(f)
                    if case .number(let n) = v { return .number(-n) }
                    do { return try Operators.unary(op, v) } catch let e as RuntimeError { throw e.located(location) }
                }
            }
        case .binary(let op, let left, let right):
            return compileBinary(op, left, right, location)
        case .and, .or:
            let test = compileCondition(expr)
            return { f in .bool(try test(f)) }
        case .call(let callee, let arguments):
            return compileCall(callee, arguments, location)
        case .index(let base, let items):
            return compileIndex(base, items, location)
        case .field(let base, let name):
            let eval = compileExpr(base)
            return { f in
                let v = try eval(f)
                if case .dict(let box) = v, let value = box[name] { return value }
                do { return try Indexing.field(v, name) } catch let e as RuntimeError { throw e.located(location) }
            }
        case .function(let decl):
            let function = compileFunction(decl, name: "<fn>")
            return { f in .function(FunctionBox(script: function, definedIn: f)) }
        case .if(let condition, let then, let elseBranch):
            let run = compileValueBlock { compileIf(condition, then, elseBranch, valueMode: true) }
            return { f in
                _ = try run(f)
                let v = f.slots[f.resultSlot]
                f.slots[f.resultSlot] = .nil
                return v
            }
        }
    }

    func compileVariable(_ name: String, _ location: SourceLocation) -> Eval {
        switch resolve(name, location) {
        case .local(0, let slot):
            return { f in f.slots[slot] }
        case .local(1, let slot):
            return { f in (f.parent ?? f).slots[slot] }
        case .local(let depth, let slot):
            return { f in f.ancestor(depth).slots[slot] }
        case .global(let i):
            let cell = rt.globalCells[i]
            return { _ in
                if let v = cell.value { return v }
                throw RuntimeError("Undefined variable '\(name)'.", at: location)
            }
        }
    }

    func compileInterpolation(_ parts: [InterpolationPart], _ location: SourceLocation) -> Eval {
        enum Piece { case text(String), value(Eval, String?, SourceLocation) }
        let pieces: [Piece] = parts.map { part in
            switch part {
            case .text(let s): return .text(s)
            case .value(let e, let spec): return .value(compileExpr(e), spec, e.location)
            }
        }
        return { f in
            var out = ""
            for piece in pieces {
                switch piece {
                case .text(let s): out += s
                case .value(let eval, let spec, let at):
                    let v = try eval(f)
                    if let spec {
                        do { out += try FormatSpec.apply(spec, to: v) } catch let e as RuntimeError { throw e.located(at) }
                    } else {
                        out += v.text
                    }
                }
            }
            return .string(out)
        }
    }

    /// Compiles an expression used as a condition straight to a Bool (no boxing for comparisons).
    func compileCondition(_ expr: Expr) -> Condition {
        let location = expr.location
        switch expr.kind {
        case .bool(let b):
            return { _ in b }
        case .and(let left, let right):
            let a = compileCondition(left), b = compileCondition(right)
            return { f in try a(f) && b(f) }
        case .or(let left, let right):
            let a = compileCondition(left), b = compileCondition(right)
            return { f in try a(f) || b(f) }
        case .unary(.not, let operand):
            let a = compileCondition(operand)
            return { f in !(try a(f)) }
        case .binary(let op, let left, let right) where [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op):
            return compileComparison(op, left, right, location)
        default:
            let eval = compileExpr(expr)
            return { f in
                let v = try eval(f)
                if case .bool(let b) = v { return b }
                return try v.truth(at: location)
            }
        }
    }

    func compileIndex(_ base: Expr, _ items: [IndexItem], _ location: SourceLocation) -> Eval {
        let b = compileExpr(base)
        if items.count == 1, case .value(let indexExpr) = items[0] {
            let i = compileExpr(indexExpr)
            return { f in
                let container = try b(f), index = try i(f)
                // Fast path: list[integer].
                if case .list(let box) = container, case .number(let n) = index {
                    let count = box.items.count
                    let k = Int(exactly: n) ?? -count - 1
                    let p = k < 0 ? k + count : k
                    if p >= 0 && p < count { return box.items[p] }
                }
                do { return try Indexing.get(container, [.value(index)]) } catch let e as RuntimeError { throw e.located(location) }
            }
        }
        let args = compileIndexArguments(items)
        return { f in
            let container = try b(f)
            let indices = try args(f)
            do { return try Indexing.get(container, indices) } catch let e as RuntimeError { throw e.located(location) }
        }
    }

    func compileIndexArguments(_ items: [IndexItem]) -> (Frame) throws -> [IndexArgument] {
        enum Part { case value(Eval), slice(EvalBox?, EvalBox?, EvalBox?, SourceLocation) }
        let parts: [Part] = items.map { item in
            switch item {
            case .value(let e): return .value(compileExpr(e))
            case .slice(let start, let stop, let step):
                let at = start?.location ?? stop?.location ?? step?.location
                // Boxed inside the map, so the closures escape `Optional.map` without thunks.
                return .slice(start.map { EvalBox(eval: compileExpr($0)) }, stop.map { EvalBox(eval: compileExpr($0)) },
                              step.map { EvalBox(eval: compileExpr($0)) },
                              at ?? SourceLocation(file: "", line: 0, column: 0))
            }
        }
        func integer(_ box: EvalBox?, _ f: Frame, _ at: SourceLocation) throws -> Int? {
            guard let box else { return nil }
            let v = try box.eval(f)
            if case .nil = v { return nil }
            guard case .number(let n) = v, n == n.rounded(), abs(n) < 9e15 else {
                throw RuntimeError("Expect an integer in a slice, got \(v.repr).", at: at)
            }
            return Int(n)
        }
        return { f in
            try parts.map { part in
                switch part {
                case .value(let eval): return .value(try eval(f))
                case .slice(let a, let b, let c, let at):
                    return .slice(start: try integer(a, f, at), stop: try integer(b, f, at), step: try integer(c, f, at))
                }
            }
        }
    }
}

extension RuntimeError {
    /// The error with a location, unless it already has one.
    func located(_ location: SourceLocation) -> RuntimeError {
        var copy = self
        if copy.location == nil { copy.location = location }
        return copy
    }
}
