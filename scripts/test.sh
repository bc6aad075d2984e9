#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then runs every test: the Swift Testing
# suites, and every lecture notebook in check mode against its committed report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/build-flags.sh

swift test "${WHITTLE_BUILD_FLAGS[@]}" --skip-build

# Notebooks: re-run each one and compare with its committed report.
bin=.build/release/whittle
if "$bin" help check >/dev/null 2>&1; then
  for nb in notebooks/*.md; do
    "$bin" check "$nb"
  done
fi
