extension Builtins {
    /// Elements of any iterable value (list, range, string characters, dict keys).
    static func elements(_ value: Value, _ function: String) throws -> [Value] {
        switch value {
        case .list(let box): return box.items
        case .range(let r):
            // Materialising a huge range would die in the allocator, not with an error.
            guard r.size <= 50_000_000 else {
                throw RuntimeError("\(function): the range has \(Value.format(number: r.size)) elements, too many to hold in a list (at most 50,000,000).")
            }
            return (0..<r.count).map { .number(r.element($0)) }
        case .string(let s): return s.map { .string(String($0)) }
        case .dict(let box): return box.keys.map(\.value)
        case .number, .bool, .nil, .function, .native:
            throw RuntimeError("\(function): expect a list, range, string or dict, got \(value.typeName).")
        }
    }

    static func length(of value: Value) throws -> Value {
        switch value {
        case .list(let box): return .number(Double(box.items.count))
        case .string(let s): return .number(Double(characterCount(s)))
        case .dict(let box): return .number(Double(box.count))
        case .range(let r): return .number(r.size)
        case .native(let object):
            if let n = try object.field("length") { return n }
            throw RuntimeError("len: a \(object.typeName) has no length.")
        case .number, .bool, .nil, .function: throw RuntimeError("len: a \(value.typeName) has no length.")
        }
    }

    static func installCollections(_ it: Interpreter) {
        it.define("len", doc: "Number of elements of a list, string, dict or range.", params: [NativeParam("value")]) { args in
            try length(of: try args["value"])
        }
        it.define("range", doc: "Numbers from `start` up to (not including) `stop`, by `step`; range(n) is 0..<n.",
                  params: [NativeParam("start"), NativeParam("stop", default: .nil), NativeParam("step", default: 1)]) { args in
            var start = try args.number("start")
            var stop = start
            if case .nil = try args["stop"] { start = 0 } else { stop = try args.number("stop") }
            let step = try args.number("step")
            guard step != 0 else { throw RuntimeError("range: step can't be zero.") }
            return .range(RangeValue(start: start, end: stop, step: step))
        }
        it.define("list", doc: "A new list of the elements of a range, string, list or dict keys.", params: [NativeParam("values", default: .nil)]) { args in
            if case .nil = try args["values"] { return .list(ListBox()) }
            return .list(ListBox(try elements(try args["values"], "list")))
        }
        it.define("enumerate", doc: "Pairs [index, element] for each element.", params: [NativeParam("values")]) { args in
            .list(ListBox(try elements(try args["values"], "enumerate").enumerated().map { .list(ListBox([.number(Double($0.offset)), $0.element])) }))
        }
        it.define("zip", doc: "Pairs [a, b] of elements at the same position, as long as the shorter input.",
                  params: [NativeParam("a"), NativeParam("b")]) { args in
            let a = try elements(try args["a"], "zip"), b = try elements(try args["b"], "zip")
            return .list(ListBox(zip(a, b).map { .list(ListBox([$0, $1])) }))
        }
        it.define("map", doc: "A list of f(x) for each element x.", params: [NativeParam("values"), NativeParam("f")]) { args in
            let f = try args.function("f")
            return .list(ListBox(try elements(try args["values"], "map").map { try args.interpreter.call(f, [$0]) }))
        }
        it.define("filter", doc: "The elements x for which f(x) is true.", params: [NativeParam("values"), NativeParam("f")]) { args in
            let f = try args.function("f")
            return .list(ListBox(try elements(try args["values"], "filter").filter { try args.interpreter.call(f, [$0]).truth() }))
        }
        // The way to turn many truths into one: a condition refuses a tensor or a list of them.
        it.define("all", doc: "True when every element is true (true for an empty list); all(t) for a tensor: every value nonzero.",
                  params: [NativeParam("values")]) { args in
            .bool(try elements(try args["values"], "all").allSatisfy { try $0.truth() })
        }
        it.define("any", doc: "True when some element is true (false for an empty list); any(t) for a tensor: some value nonzero.",
                  params: [NativeParam("values")]) { args in
            .bool(try elements(try args["values"], "any").contains { try $0.truth() })
        }
        it.define("sorted", doc: "A sorted copy (stable); `key` maps elements to what is compared, `reverse` flips the order.",
                  params: [NativeParam("values"), NativeParam("key", default: .nil), NativeParam("reverse", default: false)]) { args in
            let items = try elements(try args["values"], "sorted")
            let reverse = try args["reverse"].truth()
            let keys: [Value]
            if case .nil = try args["key"] { keys = items } else {
                let f = try args.function("key")
                keys = try items.map { try args.interpreter.call(f, [$0]) }
            }
            // All numbers: sort raw doubles, no comparisons through Value.
            var numbers: [Double] = []
            numbers.reserveCapacity(keys.count)
            for k in keys { if case .number(let n) = k { numbers.append(n) } else { break } }
            if numbers.count == keys.count, case .nil = try args["key"] {
                numbers.sort()
                if reverse { numbers.reverse() }
                return .list(ListBox(numbers.map { .number($0) }))
            }
            var order = Array(keys.indices)
            var failure: RuntimeError?
            // Stable merge-style sort via indices; errors from mixed types are reported after.
            order = try mergeSort(order) { a, b in
                do {
                    let o = try Operators.order(keys[a], keys[b])
                    return reverse ? o > 0 : o < 0
                } catch let e as RuntimeError { failure = failure ?? e; return false }
            }
            if let failure { throw RuntimeError("sorted: \(failure.message)") }
            return .list(ListBox(order.map { items[$0] }))
        }
        it.define("reversed", doc: "A reversed copy.", params: [NativeParam("values")]) { args in
            .list(ListBox(try elements(try args["values"], "reversed").reversed()))
        }
        it.define("sum", doc: "Sum of the elements (numbers).", params: [NativeParam("values"), NativeParam("start", default: 0)]) { args in
            var total = try args["start"]
            for v in try elements(try args["values"], "sum") {
                if case .number(let a) = total, case .number(let b) = v { total = .number(a + b) } else {
                    total = try Operators.binary(.add, total, v)
                }
            }
            return total
        }
        func extreme(_ name: String, _ wantLess: Bool) {
            it.define(name, doc: "The \(wantLess ? "smallest" : "largest") of a list, or of the arguments.", params: [.variadic("values")]) { args in
                let items = args.rest.count == 1 ? try elements(args.rest[0], name) : args.rest
                guard var best = items.first else { throw RuntimeError("\(name): expect at least one value.") }
                for v in items.dropFirst() {
                    let o = try Operators.order(v, best)
                    if wantLess ? o < 0 : o > 0 { best = v }
                }
                return best
            }
        }
        extreme("min", true)
        extreme("max", false)
        it.define("append", doc: "Appends a value to a list in place; returns the list.", params: [NativeParam("list"), NativeParam("value")]) { args in
            try append(try args["value"], to: try args["list"], function: "append")
        }
        it.defineValue("push", it.global("append") ?? .nil)
        it.define("pop", doc: "Removes and returns the last element (or the one at `index`).",
                  params: [NativeParam("list"), NativeParam("index", default: .nil)]) { args in
            guard case .list(let box) = try args["list"] else { throw args.refuse("list", expected: "a list") }
            if box.isFrozen { throw RuntimeError.frozen("list", change: "pop from copy(xs),") }
            guard !box.items.isEmpty else { throw RuntimeError("pop: the list is empty.") }
            if case .nil = try args["index"] { return box.items.removeLast() }
            return box.items.remove(at: try Indexing.position(try args["index"], count: box.items.count))
        }
        it.define("insert", doc: "Inserts a value at `index` in place.", params: [NativeParam("list"), NativeParam("index"), NativeParam("value")]) { args in
            guard case .list(let box) = try args["list"] else { throw args.refuse("list", expected: "a list") }
            let i = try args.int("index")
            if box.isFrozen { throw RuntimeError.frozen("list", change: "insert into copy(xs),") }
            box.items.insert(try args["value"], at: min(max(i < 0 ? i + box.items.count : i, 0), box.items.count))
            return .nil
        }
        it.define("keys", doc: "The keys of a dict, in insertion order.", params: [NativeParam("dict")]) { args in
            guard case .dict(let box) = try args["dict"] else { throw args.refuse("dict", expected: "a dict") }
            return .list(ListBox(box.keys.map(\.value)))
        }
        it.define("values", doc: "The values of a dict, in insertion order.", params: [NativeParam("dict")]) { args in
            guard case .dict(let box) = try args["dict"] else { throw args.refuse("dict", expected: "a dict") }
            return .list(ListBox(box.values))
        }
        it.define("items", doc: "Pairs [key, value] of a dict.", params: [NativeParam("dict")]) { args in
            guard case .dict(let box) = try args["dict"] else { throw args.refuse("dict", expected: "a dict") }
            return .list(ListBox(zip(box.keys, box.values).map { .list(ListBox([$0.value, $1])) }))
        }
        it.define("get", doc: "dict[key], or `default` when the key is missing.",
                  params: [NativeParam("dict"), NativeParam("key"), NativeParam("default", default: .nil)]) { args in
            guard case .dict(let box) = try args["dict"] else { throw args.refuse("dict", expected: "a dict") }
            let fallback = try args["default"]
            return try args["key"].dictKey.flatMap { box[$0] } ?? fallback
        }
        it.define("remove", doc: "Removes a key from a dict; returns its value (nil if absent).", params: [NativeParam("dict"), NativeParam("key")]) { args in
            guard case .dict(let box) = try args["dict"] else { throw args.refuse("dict", expected: "a dict") }
            guard let key = try args["key"].dictKey else { return .nil }
            if box.isFrozen { throw RuntimeError.frozen("dict", change: "remove from copy(d),") }
            let old = box[key] ?? .nil
            box[key] = nil
            return old
        }
        it.define("copy", doc: "A shallow copy of a list or dict.", params: [NativeParam("value")]) { args in
            switch try args["value"] {
            case .list(let box): return .list(ListBox(box.items))
            case .dict(let box):
                let out = DictBox()
                for (k, v) in zip(box.keys, box.values) { out[k] = v }
                return .dict(out)
            default: return try args["value"]
            }
        }
    }

    /// A stable merge sort that lets the comparison throw.
    static func mergeSort(_ items: [Int], _ less: (Int, Int) throws -> Bool) throws -> [Int] {
        guard items.count > 1 else { return items }
        var a = items, b = items
        var width = 1
        while width < a.count {
            var i = 0
            while i < a.count {
                let mid = min(i + width, a.count), end = min(i + 2 * width, a.count)
                var l = i, r = mid, k = i
                while l < mid && r < end {
                    if try less(a[r], a[l]) { b[k] = a[r]; r += 1 } else { b[k] = a[l]; l += 1 }
                    k += 1
                }
                while l < mid { b[k] = a[l]; l += 1; k += 1 }
                while r < end { b[k] = a[r]; r += 1; k += 1 }
                i += 2 * width
            }
            swap(&a, &b)
            width *= 2
        }
        return a
    }
}
