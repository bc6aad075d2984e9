extension Compiler {
    func compileAssignment(_ target: Expr, _ op: BinaryOperator?, _ valueExpr: Expr, _ location: SourceLocation) -> Exec {
        let value = compileExpr(valueExpr)
        func combine(_ a: Value, _ b: Value) throws -> Value {
            guard let op else { return b }
            if case .number(let x) = a, case .number(let y) = b, let result = Operators.infallible(op, x, y) {
                return .number(result)
            }
            do { return try Operators.binary(op, a, b) } catch let e as RuntimeError { throw e.located(location) }
        }
        switch target.kind {
        case .variable(let name):
            checkAssignable(name, target.location)
            switch resolve(name, target.location) {
            case .local(let depth, let slot):
                guard let op else {
                    if depth == 0 { return { f in f.slots[slot] = try value(f); return .normal } }
                    return { f in f.ancestor(depth).slots[slot] = try value(f); return .normal }
                }
                if depth == 0 && op == .add {
                    return { f in
                        let rhs = try value(f)
                        let cell = f.slots + slot
                        if case .number(let x) = cell.pointee, case .number(let y) = rhs {
                            cell.pointee = .number(x + y)
                        } else if case .string = cell.pointee, case .string(let t) = rhs {
                            // Move the string out of the slot so it is uniquely referenced
                            // and the append happens in place (s += piece stays linear).
                            var old = cell.move()
                            cell.initialize(to: .nil)
                            if case .string(var s) = old {
                                old = .nil
                                s += t
                                cell.pointee = .string(s)
                            }
                        } else {
                            f.slots[slot] = try combine(f.slots[slot], rhs)
                        }
                        return .normal
                    }
                }
                return { f in
                    let rhs = try value(f)
                    let frame = f.ancestor(depth)
                    if case .number(let x) = frame.slots[slot], case .number(let y) = rhs,
                       let result = Operators.infallible(op, x, y) {
                        frame.slots[slot] = .number(result)
                    } else {
                        frame.slots[slot] = try combine(frame.slots[slot], rhs)
                    }
                    return .normal
                }
            case .global(let i):
                let cell = rt.globalCells[i]
                return { [unowned runtime = rt] f in
                    if cell.guardState != nil,
                       let reason = cell.assignmentError(from: target.location.file, modules: runtime.moduleFiles) {
                        throw RuntimeError("Can't assign to '\(name)'; \(reason)", at: target.location)
                    }
                    let rhs = try value(f)
                    let slot = cell.valuePointer   // written in place below only over a number or a string
                    if let op, case .number(let x)? = slot.pointee, case .number(let y) = rhs,
                       let result = Operators.infallible(op, x, y) {
                        slot.pointee = .number(result)
                        return .normal
                    }
                    if op == .add, case .string? = slot.pointee, case .string(let t) = rhs {
                        // Move the string out of the cell so it is uniquely referenced
                        // and the append happens in place (s += piece stays linear).
                        var old = slot.move()
                        slot.initialize(to: nil)
                        if case .string(var s) = old {
                            old = nil
                            s += t
                            slot.pointee = .string(s)
                        }
                        return .normal
                    }
                    guard let current = cell.value else {
                        throw RuntimeError("Undefined variable '\(name)'; declare it with 'var' first.", at: target.location)
                    }
                    cell.value = try combine(current, rhs)
                    return .normal
                }
            }

        case .index(let baseExpr, let items):
            let base = compileExpr(baseExpr)
            let indices = compileIndexArguments(items)
            return { f in
                let container = try base(f)
                let index = try indices(f)
                let rhs = try value(f)
                do {
                    let newValue = op == nil ? rhs : try combine(try Indexing.get(container, index), rhs)
                    try Indexing.set(container, index, newValue)
                } catch let e as RuntimeError {
                    throw e.located(target.location)
                }
                return .normal
            }

        case .field(let baseExpr, let name):
            let base = compileExpr(baseExpr)
            return { f in
                let container = try base(f)
                let rhs = try value(f)
                do {
                    let newValue = op == nil ? rhs : try combine(try Indexing.field(container, name), rhs)
                    try Indexing.setField(container, name, newValue)
                } catch let e as RuntimeError {
                    throw e.located(target.location)
                }
                return .normal
            }

        case .number, .string, .interpolated, .bool, .nil, .list, .dict, .range, .unary, .binary, .and, .or,
             .call, .function, .if:
            error("Invalid assignment target.", location)
            return { _ in .normal }
        }
    }
}
