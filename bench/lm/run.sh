#!/usr/bin/env bash
# LM decoder benchmark: the numpy anchor (tiny_gpt_numpy.py) against Whittle's decoder on the
# same weights, prompt [0], 256 greedy tokens with a KV cache, one thread each.
#   bash bench/lm/run.sh [ANCHOR_DIR]      (default /work/shared/anchors)
# Steps: anchor --dump-weights → convert_dump.py → safetensors → Whittle (release build).
set -euo pipefail
cd "$(dirname "$0")/../.."
anchor_dir="${1:-/work/shared/anchors}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
export OPENBLAS_NUM_THREADS=1

OPENBLAS_NUM_THREADS=1 python3 "$anchor_dir/tiny_gpt_numpy.py" --runs 7 --dump-weights "$work/dump" --json "$work/numpy.json" >/dev/null
python3 bench/lm/convert_dump.py "$work/dump" "$work/dump/model.safetensors"

source scripts/build-flags.sh
if [ -x .build/release/whittle ] && .build/release/whittle bench lm --help 2>&1 | grep -q -- --weights; then
  .build/release/whittle bench lm --weights "$work/dump/model.safetensors" | tee "$work/whittle.json"
else
  # No CLI subcommand yet: run LMBenchmark through its test, which prints one LMBENCH line.
  swift build "${WHITTLE_BUILD_FLAGS[@]}" --build-tests >/dev/null
  WHITTLE_LM_BENCH_WEIGHTS="$work/dump/model.safetensors" swift test "${WHITTLE_BUILD_FLAGS[@]}" --skip-build \
    --filter benchmarkRunsAndMatchesTheAnchor > "$work/test.log" 2>&1 || { cat "$work/test.log"; exit 1; }
  sed -n 's/^LMSPEC /speculative: /p' "$work/test.log"
  sed -n 's/^LMBENCH //p' "$work/test.log" | tee "$work/whittle.json"
fi
python3 - "$work/numpy.json" "$work/whittle.json" <<'PY'
import json, sys
n = json.load(open(sys.argv[1])); w = json.loads(open(sys.argv[2]).read().strip().splitlines()[-1])
print(f"numpy   {n['tok_per_s']:9.1f} tok/s  (median {n['median_s']*1e3:.1f} ms / 256 tokens)")
print(f"whittle {w['tok_per_s']:9.1f} tok/s  (median {w['median_s']*1e3:.1f} ms / 256 tokens), same tokens: {w['matches_expected']}")
print(f"ratio   {w['tok_per_s'] / n['tok_per_s']:.1f}x")
PY
