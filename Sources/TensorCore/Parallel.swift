import Dispatch

/// Below this many elements, threads cost more than they save (measured: ~1M floats ≈ 0.3 ms).
let parallelThreshold = 1 << 20

/// Runs `body` over `0..<n` split into `TensorCore.threads` contiguous chunks when `n` is large.
@inline(__always)
func parallelChunks(_ n: Int, minimum: Int = parallelThreshold, _ body: (Range<Int>) -> Void) {
    let threads = TensorCore.threads
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
