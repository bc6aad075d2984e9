// Keys and values of past positions, per layer and head, in a ring buffer of `slots` entries:
// position t lives in slot t % slots and attends to the min(t + 1, slots) filled slots, i.e.
// sliding-window attention once the buffer is full. Generation can then run past the context
// at a constant cost per token (the anchor's semantics).
//
// Speculative decoding writes positions it may take back. Past the first wrap a write destroys
// an older position still in the window, so `mark()` starts a journal of overwritten slots and
// `rollback(to:)` restores them.

/// A per-model ring-buffer key/value cache. Value type: copying it forks the history (beam search).
public struct KVCache {
    let layers: Int, heads: Int, slots: Int, headDim: Int
    var keys: [Float]
    var values: [Float]
    /// The next absolute position to be written (= number of tokens seen).
    public internal(set) var position: Int = 0
    /// The tokens seen, kept only by the reference path (networks the fast kernels cannot run),
    /// which recomputes from them; the first `position` are current.
    var history: [Int] = []
    private var journal: [Overwrite]? = nil

    private struct Overwrite {
        var position: Int, layer: Int, slot: Int
        var keys: [Float], values: [Float]
    }

    init(layers: Int, heads: Int, slots: Int, headDim: Int) {
        self.layers = layers
        self.heads = heads
        self.slots = slots
        self.headDim = headDim
        keys = [Float](repeating: 0, count: layers * heads * slots * headDim)
        values = keys
    }

    /// Bytes the cache allocates: keys and values, Float32, for every layer, head and slot.
    public var bytes: Int { (keys.count + values.count) * MemoryLayout<Float>.size }

    /// The KV-cache formula: 2 (keys and values) · layers · heads · head width · tokens · 4 bytes.
    public static func bytes(layers: Int, heads: Int, headDim: Int, tokens: Int) -> Int {
        2 * layers * heads * headDim * tokens * MemoryLayout<Float>.size
    }

    /// Number of filled slots visible to the next token.
    public var filled: Int { min(position, slots) }

    /// Offset of (layer, head, slot) in `keys` / `values`: layout [layer, head, slot, headDim].
    @inline(__always)
    func index(layer: Int, head: Int, slot: Int) -> Int {
        ((layer * heads + head) * slots + slot) * headDim
    }

    /// Forgets everything.
    public mutating func reset() {
        position = 0
        journal = nil
    }

    /// True between `mark()` and the next `reset()`.
    var isJournaling: Bool { journal != nil }

    /// Starts recording overwritten slots so that `rollback(to:)` can return to this point.
    public mutating func mark() { journal = [] }

    /// Saves a slot's old contents before position `t` (≥ slots) overwrites it, when journaling.
    mutating func recordOverwrite(layer: Int, slot: Int, position t: Int) {
        guard journal != nil, t >= slots else { return }
        let span = heads * headDim
        var k = [Float](repeating: 0, count: span), v = k
        for h in 0..<heads {
            let i = index(layer: layer, head: h, slot: slot)
            for d in 0..<headDim {
                k[h * headDim + d] = keys[i + d]
                v[h * headDim + d] = values[i + d]
            }
        }
        journal?.append(Overwrite(position: t, layer: layer, slot: slot, keys: k, values: v))
    }

    /// Forgets positions ≥ `target`, restoring slots they overwrote since `mark()`.
    /// - Throws: if `target` is ahead of the cache, or behind a mark whose journal lacks it.
    public mutating func rollback(to target: Int) throws {
        guard target <= position else {
            throw LMError.argument("kv cache: cannot roll forward from position \(position) to \(target)")
        }
        if position > slots, target < position {
            guard let entries = journal else {
                throw LMError.argument("kv cache: rollback past the context needs mark() before the writes")
            }
            // Entries interleave layers (layer 0's positions, then layer 1's, ...): restore every
            // entry at or past the target, newest first, and keep the rest.
            for last in entries.reversed() where last.position >= target {
                for h in 0..<heads {
                    let i = index(layer: last.layer, head: h, slot: last.slot)
                    for d in 0..<headDim {
                        keys[i + d] = last.keys[h * headDim + d]
                        values[i + d] = last.values[h * headDim + d]
                    }
                }
            }
            journal = entries.filter { $0.position < target }
        }
        position = target
    }
}
