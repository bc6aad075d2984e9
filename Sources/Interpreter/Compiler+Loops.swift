extension Compiler {
    func compileFor(_ names: [String], _ iterable: Expr, _ body: Block, _ location: SourceLocation) -> Exec {
        let rt = self.rt
        let counters = rt.counters
        // A literal range needs no range value: count directly (the common hot loop).
        if names.count == 1, case .range(let lowExpr, let highExpr, let inclusive) = iterable.kind {
            let low = compileExpr(lowExpr), high = compileExpr(highExpr)
            scope.blocks.append([:])
            defer { scope.blocks.removeLast() }
            guard case .local(let slot) = declare(names[0], mutable: true, ready: true, location) else {
                return { _ in .normal }
            }
            scope.loopDepth += 1
            let run = compileBlock(body, valueMode: false)
            scope.loopDepth -= 1
            return { f in
                guard case .number(let start) = try low(f), case .number(let end) = try high(f) else {
                    throw RuntimeError("Expect numbers on both sides of a range.", at: location)
                }
                var i = start
                while inclusive ? i <= end : i < end {
                    // After the first pass the slot holds a number, which needs no destruction.
                    if case .number = f.slots[slot] { (f.slots + slot).initialize(to: .number(i)) } else { f.slots[slot] = .number(i) }
                    counters[1] &-= 1
                    if counters[1] <= 0 { try rt.slowTick(location) }
                    let flow = try run(f)
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                    i += 1
                }
                return .normal
            }
        }

        let source = compileExpr(iterable)
        scope.blocks.append([:])
        defer { scope.blocks.removeLast() }
        var slots: [Int] = []
        for name in names {
            if case .local(let slot) = declare(name, mutable: true, ready: true, location) { slots.append(slot) }
        }
        scope.loopDepth += 1
        let run = compileBlock(body, valueMode: false)
        scope.loopDepth -= 1
        let pair = slots.count == 2
        let first = slots.first ?? 0, second = slots.last ?? 0

        return { f in
            let value = try source(f)
            var index = 0
            /// Binds one element and runs the body; false means stop the loop.
            func step(_ element: Value) throws -> Flow {
                if pair {
                    switch element {
                    case .list(let box) where box.items.count == 2:
                        f.slots[first] = box.items[0]
                        f.slots[second] = box.items[1]
                    default:
                        throw RuntimeError("Expect pairs to unpack into two loop variables, got \(element.typeName); use enumerate(xs) for indices.", at: location)
                    }
                } else {
                    f.slots[first] = element
                }
                counters[1] &-= 1
                if counters[1] <= 0 { try rt.slowTick(location) }
                index += 1
                return try run(f)
            }
            switch value {
            case .list(let box):
                let items = box.items   // a snapshot: appending inside the loop doesn't extend it
                for element in items {
                    let flow = try step(element)
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                }
            case .range(let r):
                for i in 0..<r.count {
                    let flow = try step(.number(r.element(i)))
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                }
            case .dict(let box):
                let keys = box.keys, values = box.values
                for (key, v) in zip(keys, values) {
                    let flow = try step(pair ? .list(ListBox([key.value, v])) : key.value)
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                }
            case .string(let s):
                for c in s {
                    let flow = try step(.string(String(c)))
                    if flow == .breakLoop { break }
                    if flow == .returned { return .returned }
                }
            case .number, .bool, .nil, .function, .native:
                throw RuntimeError("Can't loop over a \(value.typeName).", at: location)
            }
            return .normal
        }
    }
}
