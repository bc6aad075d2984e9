#!/usr/bin/env python3
"""Independent reference values for the GRPO tests (run: python3 make_grpo_fixtures.py).

Writes grpo.json: group advantages with and without the std division, and the clipped-ratio
objective with the k3 KL, its value and its gradient with respect to the policy's token
log-probabilities, under both loss normalizations — written out with numpy from DeepSeekMath's
equations (and TRL's n − 1 standard deviation).
"""
import json
import numpy as np

rewards = np.array([1.0, 0.0, 0.0, 1.1, 0.1, 0.1, 0.1, 0.1, 0.0, 1.0, 1.0, 0.1])
G = 4


def advantages(r, scale, eps=1e-4):
    out = np.zeros_like(r)
    for s in range(0, len(r), G):
        g = r[s:s + G]
        a = g - g.mean()
        if scale:
            a = a / (g.std(ddof=1) + eps)
        out[s:s + G] = a
    return out


# Seven completion tokens in three sequences.
sequence = np.array([0, 0, 0, 1, 1, 2, 2])
old = np.array([-1.2, -0.3, -2.0, -0.7, -1.1, -0.2, -0.9])
logp = old + np.array([-0.5, 0.4, 0.0, -0.3, 0.3, 0.05, -0.3])
ref = old + np.array([0.2, -0.1, 0.05, 0.0, -0.2, 0.1, 0.3])
adv_seq = np.array([1.5, -0.8, 0.4])
adv = adv_seq[sequence]
eps, beta = 0.2, 0.04


def loss_and_grad(norm):
    rho = np.exp(logp - old)
    clipped = np.clip(rho, 1 - eps, 1 + eps)
    unc, clp = rho * adv, clipped * adv
    surrogate = np.minimum(unc, clp)
    dsur = np.where(unc <= clp, rho * adv, np.where((rho > 1 - eps) & (rho < 1 + eps), rho * adv, 0.0))
    x = ref - logp
    kl = np.exp(x) - x - 1
    dkl = -np.exp(x) + 1
    per = -(surrogate - beta * kl)
    dper = -(dsur - beta * dkl)
    if norm == "token":
        w = np.full(len(logp), 1 / len(logp))
    else:
        lengths = np.bincount(sequence)
        w = 1 / (lengths[sequence] * len(lengths))
    clipfrac = np.mean(((adv > 0) & (rho > 1 + eps)) | ((adv < 0) & (rho < 1 - eps)))
    return dict(loss=float((per * w).sum()), grad=(dper * w).tolist(), kl=float(kl.mean()), clip_fraction=float(clipfrac))


out = dict(rewards=rewards.tolist(), group=G,
           advantages=advantages(rewards, True).tolist(), advantages_unscaled=advantages(rewards, False).tolist(),
           sequence=sequence.tolist(), old=old.tolist(), logp=logp.tolist(), ref=ref.tolist(), adv=adv.tolist(),
           clip=eps, beta=beta, sequence_norm=loss_and_grad("sequence"), token_norm=loss_and_grad("token"))
with open("grpo.json", "w") as f:
    json.dump(out, f)
