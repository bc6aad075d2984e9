"""Reference values for NNTests, computed with numpy (float64, stored rounded to float32).

Run from this folder: python3 make_fixtures.py  (writes fixtures.json).
Formulas follow PyTorch: nn.Linear (x W^T + b), nn.LayerNorm (biased variance, eps 1e-5),
GELU tanh form, GPT-2 causal self-attention (fused qkv, heads, softmax(QK^T/sqrt(d)) V, proj),
pre-LN block, cross_entropy (with label_smoothing), kl_div(reduction='batchmean'), mse_loss,
and the torch.optim update rules of SGD (momentum, weight decay), Adam and AdamW.
"""
import json
import numpy as np

rng = np.random.default_rng(1234)


def t(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(np.float32(v)) for v in a.ravel()]}


def rand(*shape, scale=1.0):
    return rng.standard_normal(shape) * scale


def linear(x, w, b):
    return x @ w.T + b


def layer_norm(x, g, b, eps=1e-5):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def gelu(x):
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3)))


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def log_softmax(x, axis=-1):
    s = x - x.max(axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis, keepdims=True))


def attention(x, wqkv, bqkv, wproj, bproj, heads):
    B, T, C = x.shape
    d = C // heads
    qkv = linear(x, wqkv, bqkv)
    q, k, v = (qkv[..., i * C:(i + 1) * C].reshape(B, T, heads, d).transpose(0, 2, 1, 3) for i in range(3))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
    mask = np.triu(np.ones((T, T), dtype=bool), 1)
    scores = np.where(mask, -np.inf, scores)
    w = softmax(scores)
    y = (w @ v).transpose(0, 2, 1, 3).reshape(B, T, C)
    return linear(y, wproj, bproj), w


out = {}

# Linear on 2-D and 3-D input.
x, w, b = rand(4, 5), rand(3, 5), rand(3)
x3 = rand(2, 3, 5)
out["linear"] = {"x": t(x), "w": t(w), "b": t(b), "y": t(linear(x, w, b)), "x3": t(x3), "y3": t(linear(x3, w, b))}

# LayerNorm with non-trivial affine parameters.
x, g, b = rand(4, 6, scale=3.0) + 1.0, rand(6), rand(6)
out["layer_norm"] = {"x": t(x), "weight": t(g), "bias": t(b), "y": t(layer_norm(x, g, b))}

# GELU (tanh) and ReLU.
x = np.linspace(-4, 4, 17)
out["gelu"] = {"x": t(x), "y": t(gelu(x))}

# Embedding lookup.
table = rand(7, 4)
ids = np.array([[1, 3, 3], [6, 0, 2]])
out["embedding"] = {"table": t(table), "ids": t(ids), "y": t(table[ids])}

# Causal self-attention, 2 heads.
C, H = 8, 2
x = rand(2, 4, C)
wqkv, bqkv, wproj, bproj = rand(3 * C, C, scale=0.4), rand(3 * C, scale=0.1), rand(C, C, scale=0.4), rand(C, scale=0.1)
y, weights = attention(x, wqkv, bqkv, wproj, bproj, H)
out["attention"] = {"x": t(x), "heads": H, "qkv_w": t(wqkv), "qkv_b": t(bqkv), "proj_w": t(wproj),
                    "proj_b": t(bproj), "y": t(y), "weights": t(weights)}

# Pre-LN block: x + attn(ln1(x)); h + mlp(ln2(h)), mlp ratio 2.
g1, b1, g2, b2 = rand(C) * 0.5 + 1, rand(C) * 0.1, rand(C) * 0.5 + 1, rand(C) * 0.1
fc1_w, fc1_b, fc2_w, fc2_b = rand(2 * C, C, scale=0.4), rand(2 * C, scale=0.1), rand(C, 2 * C, scale=0.3), rand(C, scale=0.1)
h = x + attention(layer_norm(x, g1, b1), wqkv, bqkv, wproj, bproj, H)[0]
yb = h + linear(gelu(linear(layer_norm(h, g2, b2), fc1_w, fc1_b)), fc2_w, fc2_b)
out["block"] = {"ln1_w": t(g1), "ln1_b": t(b1), "ln2_w": t(g2), "ln2_b": t(b2), "fc1_w": t(fc1_w), "fc1_b": t(fc1_b),
                "fc2_w": t(fc2_w), "fc2_b": t(fc2_b), "y": t(yb)}

# Losses.
logits = rand(5, 4, scale=2.0)
labels = np.array([0, 3, 1, 1, 2])
lp = log_softmax(logits)
nll = -lp[np.arange(5), labels].mean()
eps = 0.1
smoothed = (1 - eps) * nll + eps * (-lp.mean(axis=1)).mean()
p = softmax(rand(5, 4))
p[0] = [0.5, 0.5, 0.0, 0.0]  # zeros: 0 log 0 = 0 as in PyTorch
kl = (np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - lp), 0)).sum() / 5
pred, target = rand(3, 2), rand(3, 2)
out["losses"] = {"logits": t(logits), "labels": t(labels), "cross_entropy": float(nll),
                 "cross_entropy_smooth_0.1": float(smoothed), "p": t(p), "kl_batchmean": float(kl),
                 "pred": t(pred), "target": t(target), "mse": float(((pred - target) ** 2).mean())}

# Optimizers: three steps from p0 with the given gradients (as if backward produced them).
p0 = rand(2, 3)
grads = [rand(2, 3) for _ in range(3)]


def sgd(lr, momentum, wd):
    p, buf, hist = p0.copy(), None, []
    for g in grads:
        d = g + wd * p
        if momentum:
            buf = d.copy() if buf is None else momentum * buf + d
            d = buf
        p = p - lr * d
        hist.append(t(p))
    return hist


def adam(lr, b1, b2, eps, wd, decoupled):
    p, m, v, hist = p0.copy(), np.zeros_like(p0), np.zeros_like(p0), []
    for step, g in enumerate(grads, 1):
        if decoupled:
            p = p * (1 - lr * wd)
        else:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        mhat, vhat = m / (1 - b1 ** step), v / (1 - b2 ** step)
        p = p - lr * mhat / (np.sqrt(vhat) + eps)
        hist.append(t(p))
    return hist


total = np.sqrt(sum((g ** 2).sum() for g in grads[:2]))
coef = min(1.0, 1.0 / (total + 1e-6))
out["optim"] = {"p0": t(p0), "grads": [t(g) for g in grads],
                "sgd_plain": sgd(0.1, 0.0, 0.0), "sgd_momentum_wd": sgd(0.1, 0.9, 0.01),
                "adam_wd": adam(0.01, 0.9, 0.999, 1e-8, 0.1, False), "adamw": adam(0.01, 0.9, 0.999, 1e-8, 0.1, True),
                "clip_total": float(total), "clip_scaled": [t(g * coef) for g in grads[:2]]}

with open("fixtures.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote fixtures.json")
