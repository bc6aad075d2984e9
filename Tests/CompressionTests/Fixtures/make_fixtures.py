#!/usr/bin/env python3
"""Independent numpy reference values for CompressionTests (run: python3 make_fixtures.py).

Writes quant.json. Everything is computed in float32 like the Swift code, with numpy's
round-half-to-even (np.rint); formulas follow PyTorch's observers and ggml-quants.c.
"""
import json
import numpy as np

rng = np.random.default_rng(1234)
f32 = np.float32
EPS = np.finfo(np.float32).eps


def qrange(bits, signed, reduce_range):
    b = bits - 1 if reduce_range else bits
    return (-(1 << (b - 1)), (1 << (b - 1)) - 1) if signed else (0, (1 << b) - 1)


def qparams(lo, hi, bits, signed, scheme, reduce_range=False):
    qmin, qmax = qrange(bits, signed, reduce_range)
    lo = np.minimum(lo, f32(0)).astype(f32)
    hi = np.maximum(hi, f32(0)).astype(f32)
    if scheme == "symmetric":
        amax = np.maximum(-lo, hi)
        scale = np.maximum(amax / f32((qmax - qmin) / 2), f32(EPS)).astype(f32)
        # PyTorch: quint8's fixed 128 at 8 bits, the floor midpoint of a customised (narrower) range.
        b = bits - 1 if reduce_range else bits
        zp = np.full(scale.shape, 0 if signed else (128 if b == 8 else (qmin + qmax) // 2), dtype=np.int64)
    else:
        scale = np.maximum((hi - lo) / f32(qmax - qmin), f32(EPS)).astype(f32)
        zp = qmin - np.rint(lo / scale).astype(np.int64)
        zp = np.clip(zp, qmin, qmax)
    return scale, zp


def reduce_ranges(x, gran):
    kind = gran["kind"]
    if kind == "tensor":
        return x.min().reshape(()), x.max().reshape(()), lambda p: p
    if kind == "channel":
        axis = gran["axis"] % x.ndim
        axes = tuple(a for a in range(x.ndim) if a != axis)
        shape = [1] * x.ndim
        shape[axis] = x.shape[axis]
        return x.min(axis=axes), x.max(axis=axes), lambda p: p.reshape(shape)
    g = gran["size"]
    xs = x.reshape(x.shape[:-1] + (x.shape[-1] // g, g))
    return xs.min(axis=-1), xs.max(axis=-1), lambda p: np.repeat(p, g, axis=-1)


def quant_case(shape, bits, signed, scheme, gran, reduce_range=False):
    x = (rng.standard_normal(shape) * 0.7 + rng.uniform(-0.3, 0.3)).astype(f32)
    lo, hi, expand = reduce_ranges(x, gran)
    scale, zp = qparams(lo, hi, bits, signed, scheme, reduce_range)
    qmin, qmax = qrange(bits, signed, reduce_range)
    s_full = expand(scale).astype(f32)
    z_full = expand(zp)
    q = np.clip(np.rint(x / s_full).astype(np.int64) + z_full, qmin, qmax)
    deq = ((q - z_full).astype(f32) * s_full).astype(f32)
    return {
        "shape": list(shape), "bits": bits, "signed": signed, "scheme": scheme,
        "granularity": gran, "reduce_range": reduce_range,
        "x": x.ravel().tolist(), "scale": scale.ravel().tolist(), "zero_point": zp.ravel().tolist(),
        "q": q.ravel().tolist(), "dequant": deq.ravel().tolist(),
    }


def fp16_bits(x):
    return int(np.array([x], dtype=f32).astype(np.float16).view(np.uint16)[0])


def ggml_case(fmt, n_blocks):
    x = (rng.standard_normal(32 * n_blocks) * rng.uniform(0.1, 2.0)).astype(f32)
    x[5] = f32(0) if fmt == "q4_0" else x[5]
    out = bytearray()
    deq = []
    for b in range(n_blocks):
        blk = x[32 * b: 32 * b + 32]
        if fmt == "q8_0":
            amax = np.abs(blk).max()
            d = f32(amax / f32(127))
            inv = f32(1) / d if d != 0 else f32(0)
            v = blk * inv
            q = (np.sign(v) * np.floor(np.abs(v) + f32(0.5))).astype(np.int8)  # roundf: half away
            h = fp16_bits(d)
            out += bytes([h & 0xFF, h >> 8]) + q.tobytes()
            dh = np.float32(np.array([h], dtype=np.uint16).view(np.float16)[0])
            deq += (q.astype(f32) * dh).tolist()
        else:
            i = int(np.argmax(np.abs(blk)))
            mx = blk[i]
            d = f32(mx / f32(-8))
            inv = f32(1) / d if d != 0 else f32(0)
            q = np.minimum(15, np.trunc(blk * inv + f32(8.5)).astype(np.int64)).astype(np.uint8)
            h = fp16_bits(d)
            out += bytes([h & 0xFF, h >> 8]) + bytes((q[:16] | (q[16:] << 4)).tolist())
            dh = np.float32(np.array([h], dtype=np.uint16).view(np.float16)[0])
            deq += ((q.astype(np.int64) - 8).astype(f32) * dh).tolist()
    return {"format": fmt, "x": x.tolist(), "bytes": list(out), "dequant": deq}


def bf16_round(x):
    b = x.view(np.uint32).astype(np.uint64)
    r = ((b + 0x7FFF + ((b >> 16) & 1)) >> 16) << 16
    return (r & 0xFFFFFFFF).astype(np.uint32).view(f32)


def half_case():
    x = np.concatenate([
        rng.standard_normal(40).astype(f32) * f32(100),
        np.array([65504, 65519.99, 1e-8, 6e-8, 3e-5, 1.0009765625, 1.00048828125,
                  1.00146484375, -2.5e-6, 0.1, 2.9802322e-08, 5.9604645e-08], dtype=f32),
    ]).astype(f32)
    return {"x": x.tolist(), "fp16": x.astype(np.float16).astype(f32).tolist(),
            "bf16": bf16_round(x.copy()).tolist()}


def observer_case():
    """MovingAverage (c = 0.01), Percentile (tail 0.01) and histogram-MSE observers, per tensor."""
    batches = [(rng.standard_normal(200) * (1 + 0.1 * i)).astype(f32) for i in range(4)]
    batches[2][7] = f32(9.0)  # one outlier
    lo, hi = batches[0].min(), batches[0].max()
    for b in batches[1:]:
        lo = f32(lo + f32(0.01) * (b.min() - lo))
        hi = f32(hi + f32(0.01) * (b.max() - hi))
    allv = np.concatenate(batches)
    p_lo, p_hi = np.quantile(allv, 0.01), np.quantile(allv, 0.99)
    # Histogram MSE search, 4-bit signed affine, bins 512, steps 100 (see HistogramObserver.swift).
    bins, steps = 512, 100
    mn, mx = min(f32(allv.min()), f32(0)), max(f32(allv.max()), f32(0))
    w = f32((mx - mn) / f32(bins))
    idx = np.clip(((allv - mn) / w).astype(np.int64), 0, bins - 1)
    counts = np.bincount(idx, minlength=bins).astype(np.float64)
    centres = (mn + (np.arange(bins).astype(f32) + f32(0.5)) * w).astype(f32)
    best, best_err = (mn, mx), np.inf
    for k in range(steps, 0, -1):
        a = f32(k) / f32(steps)
        c_lo, c_hi = f32(a * mn), f32(a * mx)
        s, z = qparams(np.array(c_lo, f32), np.array(c_hi, f32), 4, True, "affine")
        q = np.clip(np.rint(centres / s).astype(np.int64) + z, -8, 7)
        e = (centres - ((q - z).astype(f32) * s)).astype(np.float64)
        err = float((counts * e * e).sum())
        if err < best_err:
            best_err, best = err, (c_lo, c_hi)
    return {"batches": [b.tolist() for b in batches], "moving": [float(lo), float(hi)],
            "percentile": [float(p_lo), float(p_hi)], "minmax": [float(allv.min()), float(allv.max())],
            "mse": [float(best[0]), float(best[1])]}


def ste_case():
    x = (rng.standard_normal(24) * 2).astype(f32)
    s, z = f32(0.05), 3
    qmin, qmax = -8, 7
    r = np.rint(x / s) + z
    q = np.clip(r, qmin, qmax)
    return {"x": x.tolist(), "scale": float(s), "zero_point": z,
            "forward": ((q - z).astype(f32) * s).tolist(),
            "grad": ((r >= qmin) & (r <= qmax)).astype(f32).tolist()}


cases = []
for gran in [{"kind": "tensor"}, {"kind": "channel", "axis": 0}, {"kind": "channel", "axis": -1},
             {"kind": "group", "size": 8}]:
    for bits in [8, 4, 2]:
        for signed in [True, False]:
            for scheme in ["affine", "symmetric"]:
                cases.append(quant_case((6, 16), bits, signed, scheme, gran))
cases.append(quant_case((3, 4, 8), 8, False, "affine", {"kind": "channel", "axis": 1}, reduce_range=True))
cases.append(quant_case((5, 8), 8, True, "symmetric", {"kind": "tensor"}, reduce_range=True))
cases.append(quant_case((4, 12), 3, True, "affine", {"kind": "group", "size": 4}))

out = {"quant": cases, "ggml": [ggml_case("q8_0", 3), ggml_case("q4_0", 3)], "half": half_case(),
       "observer": observer_case(), "ste": ste_case()}
with open("quant.json", "w") as f:
    json.dump(out, f)
print(len(cases), "quant cases")


# ---------------------------------------------------------------- pruning, KD, schedule, SVD
def smallest(scores, k):
    order = np.lexsort((np.arange(scores.size), scores.ravel()))  # by score, then position
    return order[:k]


def mask_from_scores(scores, sparsity):
    k = int(round(sparsity * scores.size))  # Python round: half to even
    m = np.ones(scores.size, dtype=f32)
    m[smallest(scores, k)] = 0
    return m.reshape(scores.shape)


def prune_fixture():
    ws = [(rng.standard_normal(s) * sc).astype(f32) for s, sc in [((8, 12), 1.0), ((6, 8), 0.3), ((4, 6), 2.0)]]
    local = [mask_from_scores(np.abs(w), 0.6).ravel().tolist() for w in ws]
    flat = np.concatenate([np.abs(w).ravel() for w in ws])
    k = int(round(0.6 * flat.size))
    idx = smallest(flat, k)
    g = np.ones(flat.size, dtype=f32)
    g[idx] = 0
    threshold = float(flat[idx].max())
    sizes = np.cumsum([0] + [w.size for w in ws])
    glob = [g[sizes[i]:sizes[i + 1]].tolist() for i in range(len(ws))]
    w = ws[0]
    a = np.abs(w).reshape(-1, 4)
    order = np.argsort(-a, axis=1, kind="stable")[:, :2]
    nm = np.zeros_like(a)
    np.put_along_axis(nm, order, 1, axis=1)
    l1 = np.abs(w).sum(axis=1)
    l2 = np.sqrt((w.astype(np.float64) ** 2).sum(axis=1))
    def rows_mask(norms, sparsity):
        r = np.ones(norms.size, dtype=f32)
        r[smallest(norms, int(round(sparsity * norms.size)))] = 0
        return np.repeat(r[:, None], w.shape[1], axis=1)
    grad = rng.standard_normal(w.shape).astype(f32)
    taylor = mask_from_scores(np.abs(w * grad), 0.5)
    return {"weights": [{"shape": list(x.shape), "data": x.ravel().tolist()} for x in ws],
            "local_06": local, "global_06": glob, "global_threshold": threshold,
            "nm_2_4": nm.ravel().tolist(), "rows_l1_05": rows_mask(l1, 0.5).ravel().tolist(),
            "rows_l2_025": rows_mask(l2, 0.25).ravel().tolist(),
            "grad": grad.ravel().tolist(), "taylor_05": taylor.ravel().tolist()}


def log_softmax(z):
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


def kd_fixture():
    n, c = 5, 7
    zs = rng.standard_normal((n, c)) * 2
    zt = rng.standard_normal((n, c)) * 3
    y = rng.integers(0, c, n)
    out = []
    for T, alpha in [(1.0, 0.5), (4.0, 0.9), (2.5, 0.0), (3.0, 1.0)]:
        lq, lp = log_softmax(zs / T), log_softmax(zt / T)
        p = np.exp(lp)
        kl = (p * (lp - lq)).sum() / n
        ce = -log_softmax(zs)[np.arange(n), y].mean()
        loss = alpha * T * T * kl + (1 - alpha) * ce
        onehot = np.eye(c)[y]
        grad = (alpha * T * (np.exp(lq) - p) + (1 - alpha) * (np.exp(log_softmax(zs)) - onehot)) / n
        out.append({"T": T, "alpha": alpha, "loss": float(loss), "grad": grad.ravel().tolist()})
    return {"n": n, "c": c, "student": zs.ravel().tolist(), "teacher": zt.ravel().tolist(),
            "labels": y.tolist(), "cases": out}


def schedule_fixture():
    si, sf, t0, n, dt = 0.05, 0.8, 10, 6, 5
    steps = list(range(0, 50, 3))
    vals = []
    for t in steps:
        tt = min(max(t, t0), t0 + n * dt)
        vals.append(sf + (si - sf) * (1 - (tt - t0) / (n * dt)) ** 3)
    return {"si": si, "sf": sf, "t0": t0, "n": n, "dt": dt, "steps": steps, "values": vals}


def svd_fixture():
    w = rng.standard_normal((12, 9)).astype(f32)
    s = np.linalg.svd(w.astype(np.float64), compute_uv=False)
    return {"w": w.ravel().tolist(), "s": s.tolist(),
            "tail": [float(np.sqrt((s[r:] ** 2).sum())) for r in range(1, 10)]}


with open("prune.json", "w") as f:
    json.dump({"prune": prune_fixture(), "kd": kd_fixture(), "schedule": schedule_fixture(),
               "svd": svd_fixture()}, f)
print("prune.json written")
