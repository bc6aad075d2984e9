#!/usr/bin/env bash
# Benchmarks, side by side with their anchors, in one run:
#   tensor kernels vs numpy (1 and 2 threads), the interpreter vs CPython and Lua,
#   and (when present) the tiny GPT decoder vs its numpy anchor.
# Ratios > 1 mean Whittle is faster. Usage: bash bench/run.sh [tensor|lang|lm]...
set -euo pipefail
cd "$(dirname "$0")/.."
WHITTLE_SKIP_APT=${WHITTLE_SKIP_APT:-0} bash scripts/setup.sh >/dev/null
command -v lua5.4 >/dev/null || { apt-get install -y -qq lua5.4 >/dev/null 2>&1 || true; }
export WHITTLE=${WHITTLE:-.build/release/whittle}
suites=("$@"); [ ${#suites[@]} -eq 0 ] && suites=(tensor lang lm)

tensor() {
  echo "== tensor kernels: Whittle vs numpy $(python3 -c 'import numpy; print(numpy.__version__)') (best of 7, ms; ratio = numpy / whittle)"
  local w p; w=$(mktemp); p=$(mktemp)
  for t in 1 2; do
    # One after the other: run side by side, the two would share the 2 cores.
    "$WHITTLE" bench tensor --threads $t > "$w"
    OPENBLAS_NUM_THREADS=$t python3 bench/np_tensor.py $t > "$p"
    paste "$w" "$p" |
      awk -v OFS='' '{ n=NF/2; name=""; for(i=1;i<=n-2;i++) name=name (i>1?" ":"") $i;
             w=$(n-1); p=$(NF-1); printf "%-30s whittle %9.4f  numpy %9.4f  ratio %5.2fx\n", name, w, p, p/w }'
  done
  rm -f "$w" "$p"
}
lang() { [ -f bench/lang/run.sh ] && bash bench/lang/run.sh; }
lm() { [ -f bench/lm/run.sh ] && bash bench/lm/run.sh || true; }
for s in "${suites[@]}"; do "$s"; done
