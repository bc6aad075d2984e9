"""The numpy anchor for `whittle bench lm`: a tiny GPT-style decoder, batch 1, float32, greedy
decoding with a KV cache, one BLAS thread.

Model
  vocabulary V=64, context C=128, width D=128, H=4 heads of HD=32, L=4 blocks, MLP width F=512.
  Pre-LN blocks:   x = x + attn(LN1(x)) @ Wo + bo
                   x = x + gelu_tanh(LN2(x) @ W1 + b1) @ W2 + b2
  Every linear map is y = x @ W + b with W stored (in, out); the q, k, v projections are one
  (D, 3D) matrix. LayerNorm eps is 1e-5. Output: LN_f(x) @ lm_head with an untied (D, V) head
  and no bias (random weights and a tied head would only echo the prompt token).
  Positions: rotary embeddings on q and k, base 10000, rotate-half (NeoX) pairing of dim i with
  dim i + HD/2.
  KV cache: per layer a ring of C slots; the token at position t writes slot t mod C and attends
  to the min(t + 1, C) filled slots, so attention is a sliding window of 128 and decoding past
  the context (256 new tokens) is well defined.

Weights (make_weights): numpy.random.default_rng(seed), every tensor random and drawn in the
order wte; then per block ln1.g, ln1.b, attn.wqkv, attn.bqkv, attn.wo, attn.bo, ln2.g, ln2.b,
mlp.w1, mlp.b1, mlp.w2, mlp.b2; then lnf.g, lnf.b, lm_head. Matrices are N(0, 1) / sqrt(fan_in),
the embedding N(0, 1), biases and LN betas 0.02 N(0, 1), LN gammas 1 + 0.02 N(0, 1), all float32.

Benchmark: prompt [0], then 256 greedy (argmax) steps; one untimed warm-up, then --runs timed
generations (cache reset and all 256 steps, weights excluded); tokens/s = 256 / median seconds.
Prints one JSON line (also written to --json FILE).

  OPENBLAS_NUM_THREADS=1 python3 bench/lm/tiny_gpt_numpy.py [--runs 7] [--seed 0]
                                                            [--dump-weights DIR] [--json FILE]

--dump-weights DIR writes what another implementation needs to check itself against this one:
  DIR/weights.bin     every tensor as little-endian float32, back to back in the order above
  DIR/manifest.json   {"config": {V, C, D, H, L, F, layout}, "tensors": [{name, shape, offset}]}
                      (offset counted in floats); bench/lm/convert_dump.py reads it
  DIR/expected.json   {"prompt", "tokens", "first_logits", "min_top1_top2_logit_gap", "note"}

The size constants are module globals read at call time, so bench/lm/make_fixture.py can shrink
the model by assigning them before calling make_weights / Decoder.
"""
import argparse
import json
import math
import os
import time

import numpy as np

V, C, D, H, L, F = 64, 128, 128, 4, 4, 512
HD = D // H
N_NEW = 256

F32 = np.float32
LN_EPS = F32(1e-5)
ROPE_BASE = 10000.0
BLOCK_PARAMS = ("ln1.g", "ln1.b", "attn.wqkv", "attn.bqkv", "attn.wo", "attn.bo",
                "ln2.g", "ln2.b", "mlp.w1", "mlp.b1", "mlp.w2", "mlp.b2")


def make_weights(seed=0):
    """All parameters, name -> float32 array, in draw order (see the module docstring)."""
    rng = np.random.default_rng(seed)

    def normal(shape):
        return rng.standard_normal(shape, dtype=F32)

    def matrix(fan_in, fan_out):
        return normal((fan_in, fan_out)) * F32(1.0 / math.sqrt(fan_in))

    def bias(n):
        return normal(n) * F32(0.02)

    def gain(n):
        return 1 + bias(n)

    # (suffix, how to draw it) for one block, in draw order.
    block = (("ln1.g", lambda: gain(D)), ("ln1.b", lambda: bias(D)),
             ("attn.wqkv", lambda: matrix(D, 3 * D)), ("attn.bqkv", lambda: bias(3 * D)),
             ("attn.wo", lambda: matrix(D, D)), ("attn.bo", lambda: bias(D)),
             ("ln2.g", lambda: gain(D)), ("ln2.b", lambda: bias(D)),
             ("mlp.w1", lambda: matrix(D, F)), ("mlp.b1", lambda: bias(F)),
             ("mlp.w2", lambda: matrix(F, D)), ("mlp.b2", lambda: bias(D)))
    weights = {"wte": normal((V, D))}
    for layer in range(L):
        for suffix, draw in block:
            weights[f"h{layer}.{suffix}"] = draw()
    weights["lnf.g"] = gain(D)
    weights["lnf.b"] = bias(D)
    weights["lm_head"] = matrix(D, V)
    return weights


def layer_norm(x, gamma, beta):
    centred = x - x.mean(axis=-1, keepdims=True)
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + LN_EPS) * gamma + beta


GELU_K = F32(math.sqrt(2.0 / math.pi))
GELU_A = F32(0.044715)


def gelu_tanh(x):
    return F32(0.5) * x * (F32(1.0) + np.tanh(GELU_K * (x + GELU_A * x * x * x)))


def rotary_tables(positions):
    """cos and sin of position * frequency, (positions, HD/2) float32: one column per pair."""
    freq = 1.0 / ROPE_BASE ** (np.arange(0, HD, 2, dtype=np.float64) / HD)
    angle = np.outer(np.arange(positions, dtype=np.float64), freq)
    return np.cos(angle).astype(F32), np.sin(angle).astype(F32)


def rotate(x, cos, sin):
    """Rotary embedding of x (H, HD): the pair (x[i], x[i + HD/2]) is turned by angle i."""
    half = HD // 2
    lo, hi = x[:, :half], x[:, half:]
    return np.concatenate((lo * cos - hi * sin, hi * cos + lo * sin), axis=1)


class Decoder:
    """Greedy decoding, one token per step, with a ring-buffer KV cache."""

    def __init__(self, weights):
        self.weights = weights
        self.blocks = [tuple(weights[f"h{layer}.{p}"] for p in BLOCK_PARAMS) for layer in range(L)]
        self.wte, self.lnf_g, self.lnf_b = weights["wte"], weights["lnf.g"], weights["lnf.b"]
        self.head = weights["lm_head"]
        self.cos, self.sin = rotary_tables(N_NEW + 2)
        self.scale = F32(1.0 / math.sqrt(HD))
        self.reset()

    def reset(self):
        """Empties the cache: keys and values, (L, H, C, HD) each."""
        self.keys = np.zeros((L, H, C, HD), F32)
        self.values = np.zeros((L, H, C, HD), F32)

    def step(self, token, pos):
        """Feeds `token` at absolute position `pos`; returns the next-token logits (V,)."""
        x = self.wte[token]
        cos, sin = self.cos[pos], self.sin[pos]
        slot = pos % C
        filled = min(pos + 1, C)
        for layer, (ln1_g, ln1_b, wqkv, bqkv, wo, bo, ln2_g, ln2_b, w1, b1, w2, b2) in enumerate(self.blocks):
            qkv = layer_norm(x, ln1_g, ln1_b) @ wqkv + bqkv
            q = rotate(qkv[:D].reshape(H, HD), cos, sin)
            k = rotate(qkv[D:2 * D].reshape(H, HD), cos, sin)
            keys, values = self.keys[layer], self.values[layer]
            keys[:, slot] = k
            values[:, slot] = qkv[2 * D:].reshape(H, HD)
            scores = (keys[:, :filled] @ q[:, :, None])[:, :, 0] * self.scale      # (H, filled)
            weights = np.exp(scores - scores.max(axis=-1, keepdims=True))
            weights /= weights.sum(axis=-1, keepdims=True)
            attended = (weights[:, None, :] @ values[:, :filled])[:, 0, :]          # (H, HD)
            x = x + (attended.reshape(D) @ wo + bo)
            x = x + (gelu_tanh(layer_norm(x, ln2_g, ln2_b) @ w1 + b1) @ w2 + b2)
        return layer_norm(x, self.lnf_g, self.lnf_b) @ self.head

    def generate(self, prompt, n_new, gaps=None):
        """Greedy continuation of `prompt` by `n_new` tokens -> (new tokens, logits of the first
        generated step). With a list `gaps`, appends each step's top-1 minus top-2 logit."""
        self.reset()
        for pos, token in enumerate(prompt[:-1]):
            self.step(token, pos)
        pos, last = len(prompt) - 1, prompt[-1]
        produced, first = [], None
        for _ in range(n_new):
            logits = self.step(last, pos)
            if first is None:
                first = logits
            if gaps is not None:
                second, best = np.partition(logits, -2)[-2:]
                gaps.append(float(best - second))
            last = int(np.argmax(logits))
            produced.append(last)
            pos += 1
        return produced, first


def benchmark(decoder, runs):
    tokens, first = decoder.generate([0], N_NEW)          # warm-up; also the reference output
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        again, _ = decoder.generate([0], N_NEW)
        seconds.append(time.perf_counter() - start)
        if again != tokens:
            raise SystemExit("greedy decoding gave different tokens across runs")
    seconds.sort()
    median = seconds[len(seconds) // 2]
    summary = {
        "impl": "numpy", "numpy": np.__version__,
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
        "runs": runs, "median_s": median, "min_s": seconds[0],
        "tok_per_s": N_NEW / median, "tok_per_s_best": N_NEW / seconds[0],
        "tokens_head": tokens[:16], "tokens_sum": int(sum(tokens)), "n_unique": len(set(tokens)),
        "first_logits_head": [round(float(v), 6) for v in first[:4]],
    }
    return tokens, first, summary


def dump(directory, weights, decoder, tokens, first):
    os.makedirs(directory, exist_ok=True)
    entries, offset = [], 0
    with open(os.path.join(directory, "weights.bin"), "wb") as out:
        for name, array in weights.items():
            out.write(np.ascontiguousarray(array, dtype="<f4").tobytes())
            entries.append({"name": name, "shape": list(array.shape), "offset": offset})
            offset += array.size
    config = {"V": V, "C": C, "D": D, "H": H, "L": L, "F": F, "layout": "x @ W, W is (in, out)"}
    with open(os.path.join(directory, "manifest.json"), "w") as out:
        json.dump({"config": config, "tensors": entries}, out, indent=1)
    gaps = []
    decoder.generate([0], N_NEW, gaps)
    expected = {"prompt": [0], "tokens": tokens, "first_logits": [float(v) for v in first],
                "min_top1_top2_logit_gap": min(gaps),
                "note": "greedy tokens of this float32 decoder; a float64 run gives the same tokens"}
    with open(os.path.join(directory, "expected.json"), "w") as out:
        json.dump(expected, out)


def main():
    parser = argparse.ArgumentParser(description="numpy anchor for `whittle bench lm`")
    parser.add_argument("--runs", type=int, default=7, help="timed generations after one warm-up")
    parser.add_argument("--seed", type=int, default=0, help="weight seed")
    parser.add_argument("--dump-weights", metavar="DIR", help="write weights.bin, manifest.json, expected.json")
    parser.add_argument("--json", metavar="FILE", help="also write the summary here")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    weights = make_weights(args.seed)
    decoder = Decoder(weights)
    tokens, first, summary = benchmark(decoder, args.runs)
    print(json.dumps(summary))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(summary, out, indent=1)
    if args.dump_weights:
        dump(args.dump_weights, weights, decoder, tokens, first)


if __name__ == "__main__":
    main()
