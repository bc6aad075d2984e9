#!/usr/bin/env bash
# Benchmarks, side by side with their anchors, in one run:
#   tensor kernels vs numpy (1 and 2 threads; Whittle's reproducible and native BLAS modes side
#   by side), the interpreter vs CPython and Lua, and the tiny GPT decoder vs its numpy anchor
#   (both modes). Every anchor program lives under bench/; nothing outside the repository is read.
# Ratios > 1 mean Whittle is faster. Usage: bash bench/run.sh [tensor|lang|lm|parallel|attention|fusion]...
set -euo pipefail
cd "$(dirname "$0")/.."
WHITTLE_SKIP_APT=${WHITTLE_SKIP_APT:-0} bash scripts/setup.sh >/dev/null
command -v lua5.4 >/dev/null || { apt-get install -y -qq lua5.4 >/dev/null 2>&1 || true; }
export WHITTLE=${WHITTLE:-.build/release/whittle}
suites=("$@"); [ ${#suites[@]} -eq 0 ] && suites=(tensor integer lang lm speculative parallel attention fusion)

tensor() {
  echo "== tensor kernels: Whittle vs numpy $(python3 -c 'import numpy; print(numpy.__version__)') (best of 7, ms)"
  echo "   reproducible = Whittle's default (portable kernels, any thread count gives the same bits);"
  echo "   native = --blas native (the CPU's best kernels). np/x > 1: Whittle is faster; cost = reproducible / native."
  echo "   BLAS kernels: $("$WHITTLE" version --blas native | sed -n 's/^kernels: *\([^;]*\).*/\1/p') native, $("$WHITTLE" version | sed -n 's/^kernels: *\([^;]*\).*/\1/p') reproducible ($("$WHITTLE" version | sed -n 's/^cpu: *//p'))"
  local r n p; r=$(mktemp); n=$(mktemp); p=$(mktemp)
  printf "%-34s %12s %10s %10s %8s %8s %6s\n" kernel reproducible native numpy np/repr np/nat cost
  for t in 1 2; do
    # One after the other: run side by side, they would share the 2 cores. numpy runs with the
    # kernels its own OpenBLAS picks (a machine-wide OPENBLAS_CORETYPE would slow it).
    "$WHITTLE" bench tensor --threads $t --blas reproducible > "$r"
    "$WHITTLE" bench tensor --threads $t --blas native > "$n"
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=$t python3 bench/np_tensor.py $t > "$p"
    paste "$r" "$n" "$p" |
      awk '{ k = NF / 3; name = ""; for (i = 1; i <= k - 2; i++) name = name (i > 1 ? " " : "") $i
             r = $(k - 1); n = $(2 * k - 1); p = $(3 * k - 1)
             printf "%-34s %12.4f %10.4f %10.4f %7.2fx %7.2fx %5.2fx\n", name, r, n, p, p / r, p / n, r / n }'
  done
  rm -f "$r" "$n" "$p"
}
# INT8 GEMM against FP32 sgemm (Whittle's OpenBLAS, native kernels) and numpy's FP32 matmul on the
# same products, one thread; then the GPT forward over a batch, FP32 against W8A8 and W4A8.
integer() {
  echo "== integer GEMM: INT8 (7-bit activations × 8-bit weights → int32, kernel $("$WHITTLE" version | sed -n 's/^integer kernels: *\([a-z0-9]*\).*/\1/p')) vs FP32 (best of 7, ms, 1 thread)"
  local w p; w=$(mktemp); p=$(mktemp)
  "$WHITTLE" bench integer --threads 1 --blas native > "$w"
  env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 python3 bench/np_integer.py 1 > "$p"
  printf "%-6s %10s %10s %12s %14s %14s\n" n int8 sgemm "numpy fp32" "sgemm/int8" "numpy/int8"
  paste <(grep '^int8' "$w") <(grep '^sgemm' "$w") "$p" |
    awk '{ printf "%-6s %10.3f %10.3f %12.3f %13.2fx %13.2fx\n", $3, $5, $10, $16, $10 / $5, $16 / $5 }'
  rm -f "$w" "$p"
  "$WHITTLE" run bench/integer.wh
}
lang() { bash bench/lang/run.sh; }
# Speculative decoding against plain greedy decoding of the same target (the anchor), one thread.
speculative() { "$WHITTLE" run bench/speculative.wh; }
lm() { bash bench/lm/run.sh; WHITTLE_BLAS=native bash bench/lm/run.sh; }
# Data and pipeline parallelism: the anchor is Whittle on one thread (the ratio is the point).
parallel() {
  "$WHITTLE" run bench/parallel/data_parallel.wh; "$WHITTLE" run --blas native bench/parallel/data_parallel.wh
  "$WHITTLE" run bench/parallel/pipeline.wh
}
# Operator fusion: Whittle op by op and fused, and numpy (op by op) on the same chains, one thread.
fusion() {
  local w p; w=$(mktemp); p=$(mktemp)
  "$WHITTLE" run bench/fusion.wh | tee "$w"
  env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 python3 bench/np_fusion.py > "$p"
  paste <(sed -n 's/.*fused ms \([0-9.]*\)$/\1/p' "$w") "$p" |
    awk '{ printf "   numpy %-10s %8.1f ms   fused / numpy speed-up %5.2fx\n", $2, $3, $3 / $1 }'
  rm -f "$w" "$p"
}
# Windowed attention against the masked dense path, growing the sequence.
attention() {
  "$WHITTLE" run bench/attention.wh
}
for s in "${suites[@]}"; do "$s"; done
