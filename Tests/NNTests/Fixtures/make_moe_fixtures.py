#!/usr/bin/env python3
"""Independent reference values for the mixture-of-experts tests (run: python3 make_moe_fixtures.py).

Writes moe.json: a small MoE layer's output with and without a capacity limit, and the Switch
load-balancing loss and ST-MoE router z-loss, written out with numpy from the papers' formulas.
"""
import json
import numpy as np

rng = np.random.default_rng(77)


def gelu(z):
    return 0.5 * z * (1 + np.tanh(np.sqrt(2 / np.pi) * (z + 0.044715 * z ** 3)))


d, E, k, N, hidden = 3, 3, 2, 5, 6
Wr = rng.standard_normal((E, d))
experts = [dict(W1=rng.standard_normal((hidden, d)), b1=rng.standard_normal(hidden),
                W2=rng.standard_normal((d, hidden)), b2=rng.standard_normal(d)) for _ in range(E)]
x = rng.standard_normal((N, d))


def expert(i, v):
    p = experts[i]
    return gelu(v @ p["W1"].T + p["b1"]) @ p["W2"].T + p["b2"]


def moe(capacity_factor, renormalize=True, topk=k):
    z = x @ Wr.T
    p = np.exp(z - z.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
    choice = [sorted(range(E), key=lambda i: (-p[t, i], i))[:topk] for t in range(N)]
    cap = None if capacity_factor is None else int(np.ceil(capacity_factor * topk * N / E))
    load = [0] * E
    kept = [[False] * topk for _ in range(N)]
    for j in range(topk):                      # first choices first, in token order
        for t in range(N):
            e = choice[t][j]
            if cap is None or load[e] < cap:
                load[e] += 1
                kept[t][j] = True
    y = np.zeros((N, d))
    for t in range(N):
        g = np.array([p[t, e] for e in choice[t]])
        if renormalize:
            g = g / g.sum()
        for j, e in enumerate(choice[t]):
            if kept[t][j]:
                y[t] += g[j] * expert(e, x[t])
    f = np.zeros(E)
    for row in choice:
        for e in row:
            f[e] += 1
    f /= N * topk
    P = p.mean(0)
    balance = E * (f * P).sum()
    lse = np.log(np.exp(z).sum(1))
    zloss = (lse ** 2).mean()
    return dict(y=y.astype(np.float32).ravel().tolist(), balance=float(balance), z=float(zloss),
                fraction=f.tolist(), kept=load, dropped=int(sum(not kk for row in kept for kk in row)))


out = dict(d=d, experts=E, k=k, tokens=N, hidden=hidden,
           router=Wr.astype(np.float32).ravel().tolist(),
           expert_weights=[{key: v.astype(np.float32).ravel().tolist() for key, v in p.items()} for p in experts],
           x=x.astype(np.float32).ravel().tolist(),
           unlimited=moe(None), capacity_half=moe(0.5), switch_top1=moe(None, renormalize=False, topk=1))
with open("moe.json", "w") as f:
    json.dump(out, f)
