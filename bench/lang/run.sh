#!/usr/bin/env bash
# Times the interpreter-speed anchors: Whittle (bench/lang/*.wh) against CPython
# (anchors/bench.py) and Lua 5.4 (anchors/bench.lua), whole processes, start-up included.
# Prints seconds (best of $REPS runs: the minimum is the run least disturbed by other
# load) and the ratios python/whittle and lua/whittle (>1: Whittle is faster).
#   METRIC=cpu (default: user+sys CPU seconds, steadier on a busy shared machine) or wall
#
#   WHITTLE=path/to/whittle  (default .build/release/whittle; run as `$WHITTLE run file.wh`)
#   REPS=5                   runs per program
# Until the CLI exists, the release test bundle runs the file (WHITTLE_BENCH_FILE); its
# start-up (~0.05 s) is included, which only makes Whittle look slower.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=bench/lang
anchors=${ANCHORS:-../shared/anchors}   # shared/ sits beside the checkout
WHITTLE=${WHITTLE:-.build/release/whittle}
REPS=${REPS:-5}
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

echo "whittle: $(whittle_cmd "$here/<bench>.wh")"
echo "metric: $METRIC seconds, best of $REPS"
printf "%-8s %9s %9s %9s %10s %10s\n" bench whittle python lua py/wh lua/wh
for b in fib sumsq sort strbuf strcat noop; do
  w=$(best "$(whittle_cmd "$here/$b.wh")")
  p=$(best "python3 $anchors/bench.py $b")
  l=$(best "$LUA $anchors/bench.lua $b")
  awk -v b="$b" -v w="$w" -v p="$p" -v l="$l" 'BEGIN {
    ww = (w > 0) ? w : 0.001
    printf "%-8s %9.3f %9.3f %9.3f %10.2f %10.2f\n", b, w, p, l, p / ww, l / ww }'
done
