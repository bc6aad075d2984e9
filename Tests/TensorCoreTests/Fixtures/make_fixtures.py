"""Generates the TensorCore test fixtures with numpy (run once; the outputs are committed).

    python3 make_fixtures.py

Writes numeric.json (inputs and numpy's expected outputs per op), several .npy files covering
the supported dtypes and header versions, and mixed.safetensors written by hand with
struct + json (no torch). Expected values are computed in float64 from the float32 inputs.
"""
import json, struct
import numpy as np

rng = np.random.default_rng(1234)
f32 = np.float32

def t(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "data": [float(x) for x in a.reshape(-1)]}

def rn(*shape):
    return rng.standard_normal(shape).astype(f32)

cases = []
def case(op, inputs, expected, **params):
    cases.append({"op": op, "inputs": [t(x) for x in inputs], "params": params,
                  "expected": [t(e) for e in (expected if isinstance(expected, tuple) else (expected,))]})

a, b = rn(3, 4), rn(4)
case("add", [a, b], a.astype(np.float64) + b)
c, d = rn(2, 1, 3), rn(4, 1)
case("mul", [c, d], c.astype(np.float64) * d)
e = np.abs(rn(3, 4)) + f32(0.5)
case("div", [a, e], a.astype(np.float64) / e)
p = rn(3, 4)
case("pow", [e, p], np.power(e.astype(np.float64), p.astype(np.float64)))
case("exp", [a], np.exp(a.astype(np.float64)))
case("log", [e], np.log(e.astype(np.float64)))
case("tanh", [a], np.tanh(a.astype(np.float64)))
case("sqrt", [e], np.sqrt(e.astype(np.float64)))
r = np.array([0.5, 1.5, 2.5, -0.5, -1.5, 3.7, -2.2], dtype=f32)
case("round", [r], np.round(r))
case("maximum", [a, b], np.maximum(a, b))
x = rn(2, 3, 4)
case("sum", [x], x.astype(np.float64).sum(axis=(0, 2), keepdims=True), axes=[0, 2], keepDims=True)
case("mean", [x], x.astype(np.float64).mean(axis=1), axes=[1], keepDims=False)
case("var", [x], x.astype(np.float64).var(axis=2, ddof=1), axes=[2], ddof=1)
case("std", [x], x.astype(np.float64).std(axis=(0, 1)), axes=[0, 1], ddof=0)
for pn, name in ((1, "1"), (2, "2"), (np.inf, "inf")):
    case("norm", [x], np.linalg.norm(x.astype(np.float64).reshape(6, 4), ord=pn, axis=1).reshape(2, 3), axes=[2], p=name)
case("max", [x], x.max(axis=0), axes=[0])
case("argmax", [x], np.argmax(x, axis=1).astype(np.float64), axis=1)
m1, m2 = rn(2, 3, 5), rn(5, 4)
case("matmul", [m1, m2], m1.astype(np.float64) @ m2.astype(np.float64))
s = rn(4, 7) * f32(5)
def softmax(v, axis):
    v = v.astype(np.float64); z = np.exp(v - v.max(axis=axis, keepdims=True)); return z / z.sum(axis=axis, keepdims=True)
case("softmax", [s], softmax(s, 1), axis=1)
case("softmax", [s], softmax(s, 0), axis=0)
case("log_softmax", [s], np.log(softmax(s, 1)), axis=1)
w, bb = rn(7), rn(7)
sd = s.astype(np.float64)
ln = (sd - sd.mean(axis=1, keepdims=True)) / np.sqrt(sd.var(axis=1, keepdims=True) + 1e-5) * w + bb
case("layer_norm", [s, w, bb], ln, eps=1e-5)
q = rn(5, 9)
case("quantile", [q], np.quantile(q.astype(np.float64), 0.3, axis=1), q=0.3, axes=[1])
case("quantile", [q], np.quantile(q.astype(np.float64), 0.5), q=0.5)
case("quantile", [q], np.quantile(q.astype(np.float64), 0.95, axis=0), q=0.95, axes=[0])
case("sort", [q], np.sort(q, axis=1), axis=1)
case("argsort", [q], np.argsort(q, axis=0, kind="stable").astype(np.float64), axis=0)
idx = np.argsort(-q, axis=1, kind="stable")[:, :3]
case("topk", [q], (np.take_along_axis(q, idx, axis=1), idx.astype(np.float64)), k=3)
g = rn(6, 4)
case("svd", [g], np.linalg.svd(g.astype(np.float64), compute_uv=False))
case("gelu", [a], 0.5 * a * (1 + np.tanh(np.sqrt(2 / np.pi) * (a.astype(np.float64) + 0.044715 * a.astype(np.float64) ** 3))))
case("sigmoid", [a * 10], 1 / (1 + np.exp(-(a * 10).astype(np.float64))))
cond = (a > 0).astype(f32)
case("where", [cond, a, b], np.where(cond != 0, a, b))
case("concatenate", [a, e], np.concatenate([a, e], axis=1), axis=1)
case("transpose_matmul", [a, e], a.T.astype(np.float64) @ e.astype(np.float64))

json.dump({"generator": "make_fixtures.py", "numpy": np.__version__, "cases": cases},
          open("numeric.json", "w"), indent=None)

# --- .npy files ----------------------------------------------------------------
np.save("f4_2x3.npy", np.arange(6, dtype=f32).reshape(2, 3) / f32(4))
np.save("f8_4.npy", np.array([1.5, -2.25, 1e-3, 3e5], dtype=np.float64))
np.save("i8_5.npy", np.array([0, 1, -7, 123456, -5], dtype=np.int64))
np.save("i1_4.npy", np.array([-128, -1, 0, 127], dtype=np.int8))
np.save("u1_4.npy", np.array([0, 1, 200, 255], dtype=np.uint8))
np.save("fortran_2x3.npy", np.asfortranarray(np.arange(6, dtype=f32).reshape(2, 3)))
with open("v2_3x2.npy", "wb") as fh:
    np.lib.format.write_array(fh, np.arange(6, dtype=f32).reshape(3, 2) - f32(2.5), version=(2, 0))

# --- safetensors, by hand ------------------------------------------------------
tensors = {
    "weight": np.arange(6, dtype=f32).reshape(2, 3) * f32(0.5),
    "half": np.array([1.0, -2.5, 65504.0, 6.1e-5, 0.0], dtype=np.float16),
    "q8": np.array([[-128, 5], [7, 127]], dtype=np.int8),
    "u8": np.array([0, 9, 255], dtype=np.uint8),
    "ids": np.array([3, -4, 1 << 20], dtype=np.int32),
}
names = {np.float32: "F32", np.float16: "F16", np.int8: "I8", np.uint8: "U8", np.int32: "I32"}
header, blob = {"__metadata__": {"format": "pt", "note": "whittle fixture"}}, b""
for name, arr in tensors.items():
    raw = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
    header[name] = {"dtype": names[arr.dtype.type], "shape": list(arr.shape),
                    "data_offsets": [len(blob), len(blob) + len(raw)]}
    blob += raw
hbytes = json.dumps(header).encode()
hbytes += b" " * ((8 - len(hbytes) % 8) % 8)
with open("mixed.safetensors", "wb") as fh:
    fh.write(struct.pack("<Q", len(hbytes)) + hbytes + blob)
print(len(cases), "cases written")
