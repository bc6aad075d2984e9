# Sourced by the scripts that train the committed models (train-lm.sh, train-peft.sh,
# train-grpo.sh): from the repository root, build Whittle once and copy the binary into a
# private scratch folder, "$work/whittle", so that rebuilding while a long run goes on cannot
# disturb it. The folder is removed when the script exits.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/build-flags.sh
swift build "${WHITTLE_BUILD_FLAGS[@]}" --product whittle >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp .build/release/whittle "$work/whittle"
