# numpy anchor for bench/fusion.wh: the same three elementwise chains on 16M float32 elements,
# op by op as numpy runs them (one pass per operation; numpy elides some temporaries too).
# Prints one line per chain: NAME  MILLISECONDS (median of 5, after a warm-up).
import time
import numpy as np

n = 16 * 1024 * 1024
rng = np.random.default_rng(1)
a = rng.standard_normal(n, dtype=np.float32)
b = rng.standard_normal(n, dtype=np.float32)
c = rng.standard_normal(n, dtype=np.float32)


def fma():
    return a * b + c


def bias_gelu():
    h = a + b
    return np.float32(0.5) * h * (np.float32(1) + np.tanh(np.float32(0.7978845608) * (h + np.float32(0.044715) * h * h * h)))


def qdq():
    return np.clip(np.round(a / np.float32(0.05)), -128, 127) * np.float32(0.05)


for name, f in [("a*b+c", fma), ("bias_gelu", bias_gelu), ("qdq", qdq)]:
    f()
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    print(name, "%.3f" % sorted(times)[2])
