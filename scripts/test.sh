#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs every test: the Swift Testing
# suites (incl. the language conformance scripts and the CLI/REPL tests), and every
# lecture notebook in check mode against its committed report (notebooks/reports/), then again
# under other simulated CPUs and thread counts (scripts/check-reproducibility.sh), and every
# lecture's key graded against itself (scripts/grade-lectures.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/build-flags.sh

swift test "${WHITTLE_BUILD_FLAGS[@]}" --skip-build

.build/release/whittle check notebooks/*.md

bash scripts/check-reproducibility.sh

bash scripts/grade-lectures.sh
