import Dispatch

/// Below this many elements, threads cost more than they save (measured: ~1M floats ≈ 0.3 ms).
public let parallelThreshold = 1 << 20

/// Below this many multiply-adds a matrix product runs on one thread (sgemm, the integer GEMM,
/// the LM decoder's products).
public let parallelMultiplyAdds = 1 << 21

/// Runs `body` over `0..<n` split into up to `threads` contiguous chunks when `n` reaches
/// `minimum`, else once on the calling thread: the one way TensorCore, the optimizers and the
/// integer kernels split work by index.
@inline(__always)
public func parallelChunks(_ n: Int, threads: Int = TensorCore.threads, minimum: Int = parallelThreshold,
                           _ body: (Range<Int>) -> Void) {
    if threads <= 1 || n < minimum {
        body(0..<n)
        return
    }
    // Chunk edges on multiples of 16 floats keep each thread on its own cache lines.
    let chunk = ((n + threads - 1) / threads + 15) & ~15
    DispatchQueue.concurrentPerform(iterations: threads) { t in
        let lo = min(n, t * chunk)
        let hi = min(n, lo + chunk)
        if lo < hi { body(lo..<hi) }
    }
}
