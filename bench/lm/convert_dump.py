"""Converts a tiny_gpt_numpy.py --dump-weights directory to a Whittle safetensors checkpoint.

Usage: python3 convert_dump.py DUMP_DIR OUT.safetensors
numpy only. The config goes into the file's __metadata__ (keys read by GPTModel.load).
"""
import json, os, struct, sys
import numpy as np


def write_safetensors(path, tensors, metadata):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name], dtype="<f4")
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        blobs.append(a.tobytes()); offset += a.nbytes
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as fh:
        fh.write(struct.pack("<Q", len(h))); fh.write(h)
        for b in blobs: fh.write(b)


def convert(dump_dir, out_path):
    man = json.load(open(os.path.join(dump_dir, "manifest.json")))
    flat = np.fromfile(os.path.join(dump_dir, "weights.bin"), dtype="<f4")
    tensors = {}
    for t in man["tensors"]:
        n = int(np.prod(t["shape"]))
        tensors[t["name"]] = flat[t["offset"]:t["offset"] + n].reshape(t["shape"])
    c = man["config"]
    meta = {"vocab": str(c["V"]), "context": str(c["C"]), "width": str(c["D"]), "heads": str(c["H"]),
            "layers": str(c["L"]), "mlp_ratio": str(c["F"] // c["D"]), "positions": "rotary",
            "tied_head": "false", "source": "tiny_gpt_numpy.py --dump-weights"}
    write_safetensors(out_path, tensors, meta)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    convert(sys.argv[1], sys.argv[2])
