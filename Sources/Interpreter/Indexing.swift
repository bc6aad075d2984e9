/// `x[i]`, `x[a:b:c]`, `x[i] = v` and `x.name` for built-in values.
enum Indexing {
    static func get(_ base: Value, _ indices: [IndexArgument]) throws -> Value {
        if case .native(let object) = base { return try hosted { try object.subscriptGet(indices) } }
        guard indices.count == 1 else {
            throw RuntimeError("Can't use \(indices.count) indices on a \(base.typeName); only tensors take several.")
        }
        switch (base, indices[0]) {
        case (.list(let box), .value(let i)):
            return box.items[try position(i, count: box.items.count)]
        case (.list(let box), .slice(let start, let stop, let step)):
            return .list(ListBox(try slice(box.items, start, stop, step)))
        case (.string(let s), .value(let i)):
            let chars = Array(s)
            return .string(String(chars[try position(i, count: chars.count)]))
        case (.string(let s), .slice(let start, let stop, let step)):
            return .string(String(try slice(Array(s), start, stop, step)))
        case (.range(let r), .value(let i)):
            return .number(r.element(try position(i, count: r.count)))
        case (.range(let r), .slice(let start, let stop, let step)):
            let items = (0..<r.count).map { Value.number(r.element($0)) }
            return .list(ListBox(try slice(items, start, stop, step)))
        case (.dict(let box), .value(let key)):
            guard let k = key.dictKey else { throw RuntimeError("Can't use a \(key.typeName) as a dict key.") }
            guard let value = box[k] else { throw RuntimeError("No key \(key.repr) in the dict.") }
            return value
        default:
            throw RuntimeError("Can't index a \(base.typeName).")
        }
    }

    static func set(_ base: Value, _ indices: [IndexArgument], _ value: Value) throws {
        if case .native(let object) = base { return try hosted { try object.subscriptSet(indices, value) } }
        guard indices.count == 1 else {
            throw RuntimeError("Can't use \(indices.count) indices on a \(base.typeName); only tensors take several.")
        }
        switch (base, indices[0]) {
        case (.list(let box), .value(let i)):
            if box.isFrozen { throw RuntimeError.frozen("list", change: "assign into copy(xs),") }
            box.items[try position(i, count: box.items.count)] = value
        case (.dict(let box), .value(let key)):
            guard let k = key.dictKey else { throw RuntimeError("Can't use a \(key.typeName) as a dict key.") }
            if box.isFrozen { throw RuntimeError.frozen("dict", change: "assign into copy(d),") }
            box[k] = value
        case (.list, .slice):
            throw RuntimeError("Can't assign to a slice; assign elements one by one.")
        default:
            throw RuntimeError("Can't assign into a \(base.typeName).")
        }
    }

    static func field(_ base: Value, _ name: String) throws -> Value {
        switch base {
        case .dict(let box):
            guard let value = box[name] else { throw RuntimeError("No field '\(name)' in the dict.") }
            return value
        case .native(let object):
            guard let value = try hosted({ try object.field(name) }) else { throw RuntimeError("A \(object.typeName) has no field '\(name)'.") }
            return value
        default:
            throw RuntimeError("A \(base.typeName) has no fields; '.\(name)' needs a dict.")
        }
    }

    static func setField(_ base: Value, _ name: String, _ value: Value) throws {
        guard case .dict(let box) = base else { throw RuntimeError("Can't set field '\(name)' on a \(base.typeName).") }
        if box.isFrozen { throw RuntimeError.frozen("record", change: "set fields of copy(r),") }
        box[name] = value
    }

    /// A list position from an index value; negative counts from the end.
    static func position(_ index: Value, count: Int) throws -> Int {
        guard case .number(let n) = index else { throw RuntimeError("Expect a number as index, got \(index.typeName).") }
        guard n == n.rounded(), abs(n) < 9e15 else { throw RuntimeError("Expect an integer index, got \(Value.format(number: n)).") }
        let i = Int(n)
        let p = i < 0 ? i + count : i
        guard p >= 0 && p < count else { throw RuntimeError("Index \(i) is out of range for length \(count).") }
        return p
    }

    /// Python slice semantics (clamped bounds, negative positions and steps).
    static func slice<T>(_ items: [T], _ start: Int?, _ stop: Int?, _ step: Int?) throws -> [T] {
        let n = items.count
        let step = step ?? 1
        guard step != 0 else { throw RuntimeError("Slice step can't be zero.") }
        func clamp(_ v: Int?, _ fallback: Int, low: Int, high: Int) -> Int {
            guard var v else { return fallback }
            if v < 0 { v += n }
            return min(max(v, low), high)
        }
        var out: [T] = []
        if step > 0 {
            var i = clamp(start, 0, low: 0, high: n)
            let end = clamp(stop, n, low: 0, high: n)
            while i < end { out.append(items[i]); i += step }
        } else {
            var i = clamp(start, n - 1, low: -1, high: n - 1)
            let end = clamp(stop, -1, low: -1, high: n - 1)
            while i > end { out.append(items[i]); i += step }
        }
        return out
    }
}
