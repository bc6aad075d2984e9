// Which keys a query may attend to: the one definition behind every efficient-attention mask.
//
//   full causal         query i sees keys 0 … i                          (Vaswani et al. 2017)
//   sliding window W    keys i − W + 1 … i                               (Longformer, Mistral)
//   attention sinks k   the first k keys too, whatever the window        (StreamingLLM, Xiao et al. 2024)
//   strided s           keys i, i − s, i − 2s, …                         (Sparse Transformer, Child et al. 2019)
//
// Patterns combine: the Sparse Transformer's "strided" attention is a window of s plus a stride
// of s; StreamingLLM is a window plus sinks. A key is visible when any part allows it. With a
// window W, k sinks and no stride, a query sees at most W + k keys, so attention costs O(T·(W + k))
// instead of O(T²) and the KV cache holds W + k positions instead of T.

/// A causal attention pattern: sliding window, sinks and stride.
public struct AttentionPattern: Equatable, Hashable, Sendable {
    /// Recent keys visible, the query's own position included (nil: every earlier key).
    public var window: Int?
    /// The first `sinks` keys are always visible.
    public var sinks: Int
    /// Keys a multiple of `stride` positions back are visible (nil: none beyond the window).
    public var stride: Int?

    /// - Throws: on a window or stride below 1 or negative sinks.
    public init(window: Int? = nil, sinks: Int = 0, stride: Int? = nil) throws {
        if let window, window < 1 { throw NNError.argument("attention: the window must be ≥ 1, got \(window)") }
        if let stride, stride < 1 { throw NNError.argument("attention: the stride must be ≥ 1, got \(stride)") }
        guard sinks >= 0 else { throw NNError.argument("attention: sinks must not be negative, got \(sinks)") }
        self.window = window
        self.sinks = sinks
        self.stride = stride
    }

    /// Every earlier key: plain causal attention.
    public static let full = try! AttentionPattern()

    /// Whether the query at position `query` may attend to the key at position `key`.
    @inline(__always)
    public func allows(query: Int, key: Int) -> Bool {
        guard key <= query else { return false }
        guard let window else { return true }
        if query - key < window || key < sinks { return true }
        if let stride { return (query - key) % stride == 0 }
        return false
    }

    /// The keys the query at `query` sees, in increasing order: the sinks before the window,
    /// the strided keys before the window, then the window.
    public func keys(for query: Int) -> [Int] {
        guard query >= 0 else { return [] }
        guard let window else { return Array(0...query) }
        let start = max(0, query - window + 1)
        let sinkEnd = min(sinks, start)
        var out = Array(0..<sinkEnd)
        if let stride {
            var far = [Int]()
            var j = query - stride
            while j >= sinkEnd {
                if j < start { far.append(j) }
                j -= stride
            }
            out += far.reversed()
        }
        return out + Array(start...query)
    }

    /// Query-key pairs a sequence of `length` tokens computes: T(T + 1)/2 for full attention,
    /// about T·(W + k) with a window and sinks.
    public func pairs(length: Int) -> Int {
        (0..<length).reduce(0) { $0 + keys(for: $1).count }
    }

    /// The most keys any query sees, which is what a KV cache must hold for this pattern
    /// (nil: it grows with the sequence).
    public var cachedPositions: Int? {
        guard let window, stride == nil else { return nil }
        return window + sinks
    }

    /// "full", "window 16", "window 16 + 4 sinks", "window 8, stride 8".
    public var description: String {
        guard let window else { return "full" }
        var text = "window \(window)"
        if sinks > 0 { text += " + \(sinks) sink\(sinks == 1 ? "" : "s")" }
        if let stride { text += ", stride \(stride)" }
        return text
    }
}
