#if canImport(Glibc)
import Glibc
#endif

/// Buffers at least this large ask the kernel for transparent huge pages (as numpy does since
/// 1.22): first-touch page faults on 4 KB pages otherwise dominate large elementwise ops.
let hugePageThreshold = 4 << 20

/// The raw, 64-byte-aligned buffer behind one or more tensors (views share it).
///
/// A final class so that `Tensor` can use `isKnownUniquelyReferenced` for copy-on-write.
final class TensorStorage {
    let raw: UnsafeMutableRawPointer
    let byteCount: Int

    /// Allocates `byteCount` bytes, zero-filled when `zeroed` (int4 padding must be zero).
    init(byteCount: Int, zeroed: Bool = false) {
        self.byteCount = byteCount
        raw = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
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
    }

    deinit { raw.deallocate() }

    var floats: UnsafeMutablePointer<Float> { raw.assumingMemoryBound(to: Float.self) }

    func copy() -> TensorStorage {
        let other = TensorStorage(byteCount: byteCount)
        other.raw.copyMemory(from: raw, byteCount: byteCount)
        return other
    }
}
