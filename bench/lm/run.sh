#!/usr/bin/env bash
# LM decoder benchmark: the numpy anchor (bench/lm/tiny_gpt_numpy.py) against Whittle's decoder on the
# same weights, prompt [0], 256 greedy tokens with a KV cache, one thread each.
#   bash bench/lm/run.sh
# Steps: anchor --dump-weights → convert_dump.py → safetensors → Whittle (release build).
set -euo pipefail
cd "$(dirname "$0")/../.."
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1

OPENBLAS_NUM_THREADS=1 python3 bench/lm/tiny_gpt_numpy.py --runs 7 --dump-weights "$work/dump" --json "$work/numpy.json" >/dev/null
python3 bench/lm/convert_dump.py "$work/dump" "$work/dump/model.safetensors"

WHITTLE=${WHITTLE:-.build/release/whittle}
"$WHITTLE" bench lm --weights "$work/dump/model.safetensors" | tee "$work/whittle.txt"
grep '^{' "$work/whittle.txt" > "$work/whittle.json"
python3 - "$work/numpy.json" "$work/whittle.json" <<'PY'
import json, os, sys
n = json.load(open(sys.argv[1])); w = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
print(f"numpy   {n['tok_per_s']:9.1f} tok/s  (median {n['median_s']*1e3:.1f} ms / 256 tokens)")
mode = os.environ.get("WHITTLE_BLAS", "reproducible")
print(f"whittle {w['tok_per_s']:9.1f} tok/s  (median {w['median_s']*1e3:.1f} ms / 256 tokens), same tokens: {w['matches_expected']}, BLAS mode: {mode}")
print(f"ratio   {w['tok_per_s'] / n['tok_per_s']:.1f}x")
PY
