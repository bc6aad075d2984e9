#!/usr/bin/env python3
"""Independent reference values for the LoRA, adapter and NF4 tests (run: python3 make_peft_fixtures.py).

Writes peft.json. LoRA and the adapter are written out with numpy from their papers' formulas
(Hu et al. 2021; Houlsby et al. 2019, with GPT-2's tanh GELU); the NF4 codebook is built as
bitsandbytes' create_normal_map builds it, with scipy's normal quantile function, and checked
against the table bitsandbytes ships.
"""
import json
import numpy as np
from scipy.stats import norm

rng = np.random.default_rng(2026)
f64 = np.float64


def lora_case():
    out_f, in_f, r, alpha, rows = 5, 4, 2, 3.0, 3
    W = rng.standard_normal((out_f, in_f))
    b = rng.standard_normal(out_f)
    A = rng.standard_normal((r, in_f))
    B = rng.standard_normal((out_f, r))
    x = rng.standard_normal((rows, in_f))
    g = rng.standard_normal((rows, out_f))           # upstream gradient: loss = sum(y * g)
    s = alpha / r
    y = x @ W.T + b + s * (x @ A.T) @ B.T
    dB = s * g.T @ (x @ A.T)
    dA = s * (g @ B).T @ x
    dx = g @ W + s * (g @ B) @ A
    merged = W + s * B @ A
    rs = alpha / np.sqrt(r)
    y_rs = x @ W.T + b + rs * (x @ A.T) @ B.T
    case = dict(W=W, b=b, A=A, B=B, x=x, g=g, y=y, dA=dA, dB=dB, dx=dx, merged=merged, y_rslora=y_rs)
    return dict(out=out_f, inp=in_f, rank=r, alpha=alpha, rows=rows,
                **{k: v.astype(np.float32).ravel().tolist() for k, v in case.items()})


def gelu(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3)))


def gelu_grad(z):
    c = np.sqrt(2 / np.pi)
    t = np.tanh(c * (z + 0.044715 * z ** 3))
    return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * c * (1 + 3 * 0.044715 * z * z)


def adapter_case():
    d, m, rows = 4, 2, 3
    Wd = rng.standard_normal((m, d)); bd = rng.standard_normal(m)
    Wu = rng.standard_normal((d, m)); bu = rng.standard_normal(d)
    x = rng.standard_normal((rows, d)); g = rng.standard_normal((rows, d))
    z = x @ Wd.T + bd
    y = x + gelu(z) @ Wu.T + bu
    dh = g @ Wu
    dz = dh * gelu_grad(z)
    case = dict(Wd=Wd, bd=bd, Wu=Wu, bu=bu, x=x, g=g, y=y,
                dWu=g.T @ gelu(z), dbu=g.sum(0), dWd=dz.T @ x, dbd=dz.sum(0), dx=g + dz @ Wd)
    return dict(d=d, m=m, rows=rows, **{k: v.astype(np.float32).ravel().tolist() for k, v in case.items()})


def nf4_levels():
    offset = 0.9677083
    v1 = norm.ppf(np.linspace(offset, 0.5, 9)[:-1]).tolist()
    v3 = (-norm.ppf(np.linspace(offset, 0.5, 8)[:-1])).tolist()
    v = np.array(sorted(v1 + v3 + [0.0]))
    return v / np.abs(v).max()


# The table bitsandbytes ships (bitsandbytes/functional.py, get_4bit_type("nf4")).
BNB_NF4 = [-1.0, -0.6961928009986877, -0.5250730514526367, -0.39491748809814453, -0.28444138169288635,
           -0.18477343022823334, -0.09105003625154495, 0.0, 0.07958029955625534, 0.16093020141124725,
           0.24611230194568634, 0.33791524171829224, 0.44070982933044434, 0.5626170039176941,
           0.7229568362236023, 1.0]


def nf4_case():
    levels = nf4_levels()
    assert np.allclose(levels, BNB_NF4, atol=1e-7), (levels, BNB_NF4)
    lv = levels.astype(np.float32)
    x = (rng.standard_normal(64 * 2 + 10) * 0.05).astype(np.float32)
    x[3] = 0.0
    x[70] = -x[64:128].__abs__().max() * 1.5      # block 1's absmax is a negative value
    codes, absmax = [], []
    for start in range(0, x.size, 64):
        blk = x[start:start + 64]
        m = np.float32(np.abs(blk).max())
        absmax.append(float(m))
        v = blk / m
        mids = (lv[:-1] + lv[1:]) / np.float32(2)
        codes += np.searchsorted(mids, v, side="left").tolist()   # v ≤ midpoint goes to the lower level
    deq = np.array([lv[c] * absmax[i // 64] for i, c in enumerate(codes)], dtype=np.float32)
    return dict(levels=lv.tolist(), x=x.tolist(), codes=codes, absmax=absmax, dequantized=deq.tolist())


out = dict(lora=lora_case(), adapter=adapter_case(), nf4=nf4_case())
with open("peft.json", "w") as f:
    json.dump(out, f)
