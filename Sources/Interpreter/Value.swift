@_exported import Syntax

/// A Whittle value.
///
/// Numbers are `Double` (integers are exact up to 2^53 and print without `.0`).
/// Lists and dicts are reference boxes so `xs[i] = v` and `append` mutate in place,
/// as in Python; `==` compares them structurally.
public enum Value {
    case number(Double)
    case string(String)
    case bool(Bool)
    case `nil`
    case list(ListBox)
    case dict(DictBox)
    case range(RangeValue)
    case function(FunctionBox)
    /// A host value (a tensor, a table, ...); see `NativeObject`.
    case native(NativeObject)
}

/// A mutable list of values shared by reference.
public final class ListBox: Freezable {
    public var items: [Value]
    public var isFrozen = false
    public init(_ items: [Value] = []) { self.items = items }
}

/// A container whose contents the language may change, unless it is frozen: the grader
/// freezes the key's data while code it judges runs, so a check's inputs stay what the key
/// made them (`for r in rows { r.acc = 0.99 }` is refused, not a free pass).
public protocol Freezable: AnyObject {
    var isFrozen: Bool { get set }
}

extension RuntimeError {
    /// The error for changing a frozen `kind` ("list", "dict", "model").
    public static func frozen(_ kind: String, change: String) -> RuntimeError {
        RuntimeError("Can't change this \(kind): the exercise's setup owns it and its checks read it; \(change) a copy instead.")
    }
}

/// An insertion-ordered dictionary keyed by strings, numbers or booleans.
public final class DictBox: Freezable {
    public var isFrozen = false
    public private(set) var keys: [DictKey] = []
    public private(set) var values: [Value] = []
    private var slots: [DictKey: Int] = [:]

    public init() {}

    /// Creates a dict from string-keyed pairs, keeping their order.
    public convenience init(_ pairs: [(String, Value)]) {
        self.init()
        for (key, value) in pairs { self[.string(key)] = value }
    }

    public var count: Int { keys.count }

    public subscript(key: DictKey) -> Value? {
        get { slots[key].map { values[$0] } }
        set {
            if let i = slots[key] {
                if let newValue { values[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                slots[key] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Looks up a string key (the record-field case).
    public subscript(field: String) -> Value? {
        get { self[.string(field)] }
        set { self[.string(field)] = newValue }
    }

    private func remove(at i: Int) {
        slots[keys[i]] = nil
        keys.remove(at: i)
        values.remove(at: i)
        for j in i..<keys.count { slots[keys[j]] = j }
    }
}

/// The key of a dict entry.
public enum DictKey: Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)

    /// The key as a value.
    public var value: Value {
        switch self {
        case .string(let s): return .string(s)
        case .number(let n): return .number(n)
        case .bool(let b): return .bool(b)
        }
    }
}

/// `start..<end` or `start...end`, stepping by `step` (from `range(a, b, step)`).
///
/// A class, not a struct: stored inline, its 25 bytes made every `Value` 32 bytes wide;
/// boxed, a `Value` is 24, which every slot, list element and copy benefits from.
public final class RangeValue: Equatable {
    public let start: Double
    public let end: Double
    public let step: Double
    public let inclusive: Bool

    public init(start: Double, end: Double, step: Double = 1, inclusive: Bool = false) {
        self.start = start
        self.end = end
        self.step = step
        self.inclusive = inclusive
    }

    public static func == (a: RangeValue, b: RangeValue) -> Bool {
        a.start == b.start && a.end == b.end && a.step == b.step && a.inclusive == b.inclusive
    }

    /// Number of elements, exactly (it may be far beyond Int: `0..<1e300`; inf or nan when an end is).
    public var size: Double {
        guard step != 0 else { return 0 }
        let span = (end - start) / step
        let n = inclusive ? floor(span + 1e-9) + 1 : ceil(span - 1e-9)
        return n > 0 ? n : (n.isNaN ? .nan : 0)
    }

    /// Number of elements for iterating and indexing, saturated at 2^53 (no loop gets that far
    /// before its step limit, and no conversion of a huge `size` can trap).
    public var count: Int {
        let n = size
        guard n > 0 else { return 0 }
        return n < 9_007_199_254_740_992 ? Int(n) : 9_007_199_254_740_992
    }

    public func element(_ i: Int) -> Double { start + Double(i) * step }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Double {
    /// The number as an Int when it is whole and at most 2^53 in size (where every whole Double
    /// is exact); nil for fractions, NaN, ±inf and larger numbers. Every conversion of a user's
    /// number to an Int goes through this or a guard like it, so none can trap.
    public var exactInt: Int? {
        guard isFinite, self == rounded(), Swift.abs(self) <= 9_007_199_254_740_992 else { return nil }
        return Int(self)
    }
}

extension Value {
    /// True for `nil`.
    public var isNil: Bool { if case .nil = self { return true } else { return false } }
}
