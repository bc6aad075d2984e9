#!/usr/bin/env bash
# Trains the two tiny arithmetic models in models/ (direct and scratchpad answers), seeded, with
# LMTraining.trainArithmetic, and writes models/arith-accuracy.md (greedy and self-consistency
# accuracy by operand length, 100 problems each).
#   bash scripts/train-lm-arithmetic.sh [STEPS]     (default 1200, as the committed checkpoints)
# Until the CLI has a subcommand for it, the run goes through the arithmeticTrainingRun test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/build-flags.sh
mkdir -p models
swift build "${WHITTLE_BUILD_FLAGS[@]}" --build-tests >/dev/null
WHITTLE_LM_TRAIN_DIR="$PWD/models" WHITTLE_LM_TRAIN_STEPS="${1:-1200}" OPENBLAS_NUM_THREADS=1 \
  swift test "${WHITTLE_BUILD_FLAGS[@]}" --skip-build --filter arithmeticTrainingRun 2>&1 | sed -n 's/^LMTRAIN //p'
# Speculative decoding on the scratchpad model with a smaller trained draft (trains it if missing).
WHITTLE_LM_SPEC_DIR="$PWD/models" OPENBLAS_NUM_THREADS=1 \
  swift test "${WHITTLE_BUILD_FLAGS[@]}" --skip-build --filter arithmeticSpeculativeRun 2>&1 | sed -n 's/^LMTRAIN //p'
