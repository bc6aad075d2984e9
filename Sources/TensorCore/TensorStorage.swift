#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Buffers at least this large ask the kernel for transparent huge pages (as numpy does since
/// 1.22): first-touch page faults on 4 KB pages otherwise dominate large elementwise ops.
let hugePageThreshold = 4 << 20

/// The raw, 64-byte-aligned buffer behind one or more tensors (views share it).
///
/// A final class so that `Tensor` can use `isKnownUniquelyReferenced` for copy-on-write.
final class TensorStorage {
    let raw: UnsafeMutableRawPointer
    let byteCount: Int

    /// Bytes held by live storages (the budget `TensorCore.maxLiveBytes` is checked against).
    static let live = LiveBytes()

    /// Allocates `byteCount` bytes, zero-filled when `zeroed` (int4 padding must be zero).
    /// Traps if the system has no memory: ops that can fail use `init?(allocating:)`.
    init(byteCount: Int, zeroed: Bool = false) {
        guard let buffer = TensorStorage.buffer(byteCount: byteCount, zeroed: zeroed) else {
            fatalError("out of memory allocating \(byteCount) bytes for a tensor")
        }
        self.byteCount = byteCount
        raw = buffer
    }

    /// Allocates `byteCount` bytes, or nil when the system refuses (the op then throws an
    /// allocation error instead of the process dying).
    init?(allocating byteCount: Int, zeroed: Bool = false) {
        guard let buffer = TensorStorage.buffer(byteCount: byteCount, zeroed: zeroed) else { return nil }
        self.byteCount = byteCount
        raw = buffer
    }

    /// A 64-byte-aligned buffer (reused from the cache when one fits), counted as live.
    private static func buffer(byteCount: Int, zeroed: Bool) -> UnsafeMutableRawPointer? {
        if let cached = LargeBufferCache.shared.take(byteCount: byteCount) {
            live.add(byteCount)
            if zeroed { cached.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount) }
            return cached
        }
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, 64, max(byteCount, 1)) == 0, let raw = pointer else { return nil }
        live.add(byteCount)
        #if os(Linux)
        if byteCount >= hugePageThreshold {
            // madvise needs a page-aligned start; advise the whole pages inside the buffer.
            let start = (Int(bitPattern: raw) + 4095) & ~4095
            let end = (Int(bitPattern: raw) + byteCount) & ~4095
            if end > start, let p = UnsafeMutableRawPointer(bitPattern: start) {
                _ = madvise(p, end - start, MADV_HUGEPAGE)
            }
        }
        #endif
        if zeroed { raw.initializeMemory(as: UInt8.self, repeating: 0, count: max(byteCount, 1)) }
        return raw
    }

    deinit {
        TensorStorage.live.add(-byteCount)
        if !LargeBufferCache.shared.keep(raw, byteCount: byteCount) { free(raw) }
    }

    var floats: UnsafeMutablePointer<Float> { raw.assumingMemoryBound(to: Float.self) }

    func copy() -> TensorStorage {
        let other = TensorStorage(byteCount: byteCount)
        other.raw.copyMemory(from: raw, byteCount: byteCount)
        return other
    }
}

/// Keeps a few recently freed large buffers for reuse by the next allocation of the same size
/// (a minimal caching allocator, as PyTorch keeps one). In `y = a * b + c` inside a loop every
/// iteration frees and re-allocates tens of MB; a fresh mapping costs a page fault per page on
/// first touch, a reused one costs nothing. Bounded: at most `capacity` buffers, `maxBytes` in
/// total, only buffers of at least `hugePageThreshold` bytes.
final class LargeBufferCache: @unchecked Sendable {
    static let shared = LargeBufferCache()
    let capacity = 4
    let maxBytes = 512 << 20
    private var buffers: [(pointer: UnsafeMutableRawPointer, byteCount: Int)] = []
    private var total = 0
    private let lock = NSLock()

    /// A cached buffer of exactly `byteCount` bytes, if one is free.
    func take(byteCount: Int) -> UnsafeMutableRawPointer? {
        guard byteCount >= hugePageThreshold else { return nil }
        lock.lock()
        defer { lock.unlock() }
        guard let i = buffers.lastIndex(where: { $0.byteCount == byteCount }) else { return nil }
        total -= byteCount
        return buffers.remove(at: i).pointer
    }

    /// Keeps `pointer` for reuse; false when it is too small or the cache is full.
    func keep(_ pointer: UnsafeMutableRawPointer, byteCount: Int) -> Bool {
        guard byteCount >= hugePageThreshold, byteCount <= maxBytes else { return false }
        lock.lock()
        defer { lock.unlock() }
        if buffers.count >= capacity || total + byteCount > maxBytes {
            // Make room by dropping the oldest buffer rather than refusing the newest.
            guard let oldest = buffers.first else { return false }
            buffers.removeFirst()
            total -= oldest.byteCount
            free(oldest.pointer)
            if total + byteCount > maxBytes { return false }
        }
        buffers.append((pointer, byteCount))
        total += byteCount
        return true
    }
}

/// A byte count shared by every thread that allocates tensors, and one per thread: what the
/// calling thread allocated minus what it freed, so a measurement of one thread's work (a
/// training step's activations) is not disturbed by other threads allocating at the same time.
final class LiveBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0

    func add(_ delta: Int) {
        lock.lock(); total += delta; lock.unlock()
        LiveBytes.thread.pointee += delta
    }

    /// The calling thread's counter (created at its first allocation, freed with the thread).
    static var thread: UnsafeMutablePointer<Int> {
        if let counter = pthread_getspecific(threadKey) { return counter.assumingMemoryBound(to: Int.self) }
        let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        counter.initialize(to: 0)
        pthread_setspecific(threadKey, counter)
        return counter
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { $0?.deallocate() }
        return key
    }()

    var bytes: Int {
        lock.lock(); defer { lock.unlock() }
        return total
    }
}
