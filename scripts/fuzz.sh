#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the three layers that read what a learner types:
#   syntax       the lexer and parser
#   interpreter  programs run with the stdlib (step, call-depth and tensor limits; no writes)
#   notebook     Markdown notebooks: front matter, fences, cell options
# Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET=600] [TARGET...]
# Seeds: fuzz/corpus/TARGET (kept, replayed by FuzzRegressionTests) plus the conformance scripts
# and the lectures. What libFuzzer learns goes to .build/fuzz-corpus (not committed); a crash is
# written to fuzz/crashes/ — minimise it, add it to fuzz/corpus/TARGET, fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(syntax interpreter notebook)

# Whole-module optimisation keeps -sanitize=fuzzer from adding coverage counters (Swift 6.3):
# ask for them explicitly. One instrumented build in its own scratch folder.
# gold stops with an internal error on these objects; link with the toolchain's lld.
flags=(-c release --scratch-path ../.build/fuzz
       -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
       -Xswiftc -sanitize=fuzzer
       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
       -Xcc -march=x86-64-v3 -Xswiftc -Xcc -Xswiftc -march=x86-64-v3)
(cd fuzz && swift build "${flags[@]}" 2>&1 | tail -3)
bin=.build/fuzz/release
mkdir -p fuzz/crashes

for target in "${targets[@]}"; do
  work=.build/fuzz-corpus/$target
  mkdir -p "$work"
  seeds=(fuzz/corpus/"$target")
  case $target in
    syntax|interpreter) seeds+=(Tests/InterpreterTests/Conformance) ;;
    notebook) seeds+=(notebooks) ;;
  esac
  echo "== fuzz-$target for ${seconds}s"
  # Swift's own crash backtracer would take the signal first and libFuzzer would never write
  # the crashing input: leave crashes to libFuzzer.
  SWIFT_BACKTRACE=enable=no "$bin/fuzz-$target" "$work" "${seeds[@]}" -max_total_time="$seconds" -max_len=4096 -timeout=20 \
    -rss_limit_mb=4096 -artifact_prefix="fuzz/crashes/$target-" -print_final_stats=1 2>&1 |
    grep -E "^#[0-9]+ *(DONE|INITED)|^Done [0-9]+ runs|stat::(number_of_executed_units|new_units_added)|ERROR|SUMMARY|Test unit written|deadly signal" || true
done
ls fuzz/crashes 2>/dev/null | grep -q . && { echo "crashes in fuzz/crashes:"; ls fuzz/crashes; exit 1; }
echo "no crashes"
