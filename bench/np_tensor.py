"""numpy timings of the items TensorBenchmarks.run(threads:) times in Swift, same output format.

    OPENBLAS_NUM_THREADS=1 python3 bench/np_tensor.py 1
    OPENBLAS_NUM_THREADS=2 python3 bench/np_tensor.py 2

The thread count must be fixed in the environment before numpy loads OpenBLAS; the argument only
labels the lines. Method (as TensorBenchmarks): 2 warm-up calls, 7 samples each looping the kernel
for >= 40 ms, best per-call time reported. float32 data, seed 0. SVD uses full_matrices=False
(the thin SVD TensorCore computes).
"""
import sys, time
import numpy as np

def best(fn, samples=7, min_sample_s=0.04):
    fn(); fn()
    t0 = time.perf_counter(); fn(); one = max(time.perf_counter() - t0, 1e-9)
    inner = max(1, int(min_sample_s / one))
    b = float("inf")
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        b = min(b, (time.perf_counter() - t0) / inner)
    return b

threads = sys.argv[1] if len(sys.argv) > 1 else "1"
rng = np.random.default_rng(0)
f32 = np.float32
rows = []
for n in (256, 512, 1024):
    a = rng.standard_normal((n, n), dtype=f32); b = rng.standard_normal((n, n), dtype=f32)
    rows.append((f"matmul {n} t{threads}", best(lambda: a @ b)))
for n, tag in ((1 << 20, "1M"), (1 << 24, "16M")):
    a, b, c = (rng.standard_normal(n, dtype=f32) for _ in range(3)); o = np.empty(n, f32)
    rows.append((f"a*b+c {tag} t{threads}", best(lambda: a * b + c)))
    def fused():
        np.multiply(a, b, out=o); np.add(o, c, out=o)
    rows.append((f"a*b+c fused {tag} t{threads}", best(fused)))
x = rng.standard_normal((1024, 1024), dtype=f32)
def softmax_rows(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)
rows.append((f"softmax rows 1024x1024 t{threads}", best(lambda: softmax_rows(x))))
for n in (256, 512):
    m = rng.standard_normal((n, n), dtype=f32)
    rows.append((f"svd {n} t{threads}", best(lambda: np.linalg.svd(m, full_matrices=False), min_sample_s=0.0)))
for name, s in rows:
    print(f"{name:32s} {s * 1e3:10.4f} ms", flush=True)
