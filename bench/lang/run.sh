#!/usr/bin/env bash
# Times the interpreter-speed anchors: Whittle (bench/lang/*.wh) against CPython
# (bench/lang/anchor.py) and Lua 5.4 (bench/lang/anchor.lua), the same programs, in two tables:
#   1. kernels: each program timed inside its own process, start-up excluded —
#      `whittle bench lang` against `python3 anchor.py NAME N`: the minimum over $ROUNDS
#      alternating rounds of $KREPS runs (the run least disturbed by this shared machine's
#      noise, which swings either side by up to 50% from one minute to the next).
#      This is the comparison the speed goal is about: the interpreters, not their start-up
#      (this machine's python3 is a pyenv shim that alone costs ~0.1 s per process).
#   2. whole processes, start-up included: seconds (best of $REPS runs: the minimum is
#      the run least disturbed by other load).
# Ratios are python/whittle and lua/whittle (>1: Whittle is faster).
#   METRIC=cpu (default: user+sys CPU seconds, steadier on a busy shared machine) or wall
#
#   WHITTLE=path/to/whittle  (default .build/release/whittle; run as `$WHITTLE run file.wh`)
#   REPS=5                   runs per program
# Until the CLI exists, the release test bundle runs the file (WHITTLE_BENCH_FILE); its
# start-up (~0.05 s) is included, which only makes Whittle look slower.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/lang
WHITTLE=${WHITTLE:-.build/release/whittle}
REPS=${REPS:-5}
KREPS=${KREPS:-11}
METRIC=${METRIC:-cpu}
LUA=$(command -v lua5.4 || command -v lua)

whittle_cmd() {
  if [[ -x "$WHITTLE" ]] && "$WHITTLE" run "$here/noop.wh" >/dev/null 2>&1; then
    echo "$WHITTLE run $1"
  else
    echo "env WHITTLE_BENCH_FILE=$1 .build/release/WhittlePackageTests.xctest --testing-library swift-testing --filter snippet"
  fi
}

# Best time (seconds, per METRIC) of REPS runs of a command line.
best() {
  local best=999999 t out
  out=$(mktemp)
  for _ in $(seq "$REPS"); do
    /usr/bin/time -o "$out" -f "%e %U %S" bash -c "$1" >/dev/null 2>&1
    if [[ $METRIC == wall ]]; then t=$(tail -1 "$out" | awk '{print $1}'); else t=$(tail -1 "$out" | awk '{print $2 + $3}'); fi
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  rm -f "$out"
  echo "$best"
}

# OpenBLAS spins up a worker thread at load; it must not compete with the kernels.
export OPENBLAS_NUM_THREADS=1
progs=(fib sumsq sort strbuf strcat)
ROUNDS=${ROUNDS:-3}
echo "== kernels (in-process, best of $ROUNDS rounds x $KREPS runs, the two sides alternating; seconds; ratio = python / whittle)"
files=(); for b in "${progs[@]}"; do files+=("$here/$b.wh"); done
declare -A wbest pbest
minimum() { awk -v a="${1:-999}" -v b="$2" 'BEGIN { print (b < a) ? b : a }'; }
wk=$(mktemp)
for _ in $(seq "$ROUNDS"); do
  # Alternating rounds: a noisy minute on this shared machine hits both sides alike.
  "$WHITTLE" bench lang "${files[@]}" --reps "$KREPS" > "$wk"
  for b in "${progs[@]}"; do
    wbest[$b]=$(minimum "${wbest[$b]:-}" "$(grep "^$b " "$wk" | sed 's/.*min=\([0-9.]*\)s.*/\1/')")
    pbest[$b]=$(minimum "${pbest[$b]:-}" "$(python3 "$here/anchor.py" "$b" "$KREPS" | sed 's/.*min=\([0-9.]*\)s.*/\1/')")
  done
done
rm -f "$wk"
printf "%-8s %9s %9s %10s\n" bench whittle python py/wh
for b in "${progs[@]}"; do
  awk -v b="$b" -v w="${wbest[$b]}" -v p="${pbest[$b]}" 'BEGIN { printf "%-8s %9.4f %9.4f %10.2f\n", b, w, p, p / w }'
done
echo
echo "== whole processes, start-up included"
echo "whittle: $(whittle_cmd "$here/<bench>.wh")"
echo "metric: $METRIC seconds, best of $REPS"
printf "%-8s %9s %9s %9s %10s %10s\n" bench whittle python lua py/wh lua/wh
for b in fib sumsq sort strbuf strcat noop; do
  w=$(best "$(whittle_cmd "$here/$b.wh")")
  p=$(best "python3 $here/anchor.py $b")
  l=$(best "$LUA $here/anchor.lua $b")
  awk -v b="$b" -v w="$w" -v p="$p" -v l="$l" 'BEGIN {
    ww = (w > 0) ? w : 0.001
    printf "%-8s %9.3f %9.3f %9.3f %10.2f %10.2f\n", b, w, p, l, p / ww, l / ww }'
done
