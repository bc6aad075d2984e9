#!/usr/bin/env bash
# The cross-machine guarantee, tested: every lecture in check mode gives its committed report
# whatever kernel family OpenBLAS would pick on its own and with 1 and 2 threads. Other CPUs are
# simulated by forcing OpenBLAS's choice (OPENBLAS_CORETYPE): Prescott is what Debian 12's
# OpenBLAS falls back to on CPUs newer than it (Intel Emerald Rapids), Zen what it picks on AMD
# Zen 3, SkylakeX/Cooperlake what AVX-512 CPUs get (only where this CPU can execute them).
# Needs the release build (scripts/setup.sh). Usage: bash scripts/check-reproducibility.sh [NB.md...]
set -euo pipefail
cd "$(dirname "$0")/.."
whittle=.build/release/whittle
notebooks=("$@"); [ ${#notebooks[@]} -eq 0 ] && notebooks=(notebooks/*.md)

configurations=("Prescott 1" "Zen 2" "Haswell 2")
if grep -qw avx512f /proc/cpuinfo && grep -qw avx512bw /proc/cpuinfo; then
  configurations+=("SkylakeX 2")
  grep -qw avx512_bf16 /proc/cpuinfo && configurations+=("Cooperlake 1")
fi

failed=0
for configuration in "${configurations[@]}"; do
  read -r family threads <<< "$configuration"
  echo "== OpenBLAS would pick $family, $threads thread(s)"
  if ! OPENBLAS_CORETYPE=$family WHITTLE_THREADS=$threads "$whittle" check "${notebooks[@]}"; then
    failed=1
  fi
done
exit $failed
