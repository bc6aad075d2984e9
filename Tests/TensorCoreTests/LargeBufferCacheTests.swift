import Testing
@testable import TensorCore

/// The large-buffer cache reuses freed buffers of the same size, tensors on them are zeroed when asked,
/// and stays within its bounds.
@Suite(.serialized) struct LargeBufferCacheTests {
    @Test func reusesAFreedBufferOfTheSameSizeOnce() {
        let cache = LargeBufferCache()
        let size = hugePageThreshold
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 7, count: size)
        #expect(cache.keep(buffer, byteCount: size))
        #expect(cache.take(byteCount: size + 64) == nil)      // sizes must match exactly
        let again = cache.take(byteCount: size)
        #expect(again == buffer)
        #expect(cache.take(byteCount: size) == nil)           // taken once only
        again?.deallocate()
    }

    @Test func refusesSmallBuffersAndDropsTheOldestWhenFull() {
        let cache = LargeBufferCache()
        let small = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 64)
        #expect(!cache.keep(small, byteCount: 1024))
        small.deallocate()
        let size = hugePageThreshold
        let buffers = (0...cache.capacity).map { _ in UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64) }
        for b in buffers { #expect(cache.keep(b, byteCount: size)) }
        // capacity + 1 kept: the first was dropped (and freed); the newest ones remain.
        var taken: [UnsafeMutableRawPointer] = []
        while let p = cache.take(byteCount: size) { taken.append(p) }
        #expect(taken.count == cache.capacity)
        #expect(!taken.contains(buffers[0]))
        for p in taken { p.deallocate() }
    }

    @Test func tensorsBuiltOnReusedBuffersStartZeroedWhenTheyMustBe() throws {
        let n = hugePageThreshold / 4
        do { _ = try Tensor.full([n], value: 3) }             // freed into the shared cache
        let zeros = try Tensor.zeros([n])
        #expect(try zeros.max().item() == 0)
    }
}
