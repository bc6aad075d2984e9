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
