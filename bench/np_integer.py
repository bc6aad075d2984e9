# numpy's anchor for `whittle bench integer`: FP32 matmul (numpy's OpenBLAS) on the n × n × n
# products the integer kernel computes, holding the same kind of integer values, times Bᵀ as
# Whittle's weights are stored. numpy has no INT8 GEMM of its own (its integer matmul is a plain
# loop), so FP32 is the honest anchor. Prints "int8-anchor N tT  TIME ms", best of 7.
import sys, time
import numpy as np

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
rng = np.random.default_rng(0)
for n in (256, 512, 768, 1024):
    a = rng.integers(0, 128, (n, n)).astype(np.float32)
    b = rng.integers(-128, 128, (n, n)).astype(np.float32)
    a @ b.T
    one = time.perf_counter(); a @ b.T; one = time.perf_counter() - one
    inner = max(1, int(0.04 / max(one, 1e-9)))
    best = float("inf")
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(inner):
            a @ b.T
        best = min(best, (time.perf_counter() - t) / inner)
    print(f"numpy float32 {n} t{threads} {best * 1e3:10.4f} ms")
