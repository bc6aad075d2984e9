#!/usr/bin/env bash
# Installs the Debian packages Whittle needs (idempotently), then builds the
# `whittle` executable and the tests in release mode, once, into .build/.
#
# Usage: bash scripts/setup.sh            # packages + release build
#        WHITTLE_SKIP_APT=1 bash scripts/setup.sh   # build only
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libopenblas-dev liblapacke-dev libreadline-dev
          libcmark-gfm-dev libcmark-gfm-extensions-dev pkg-config)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${WHITTLE_SKIP_APT:-0}" != 1 ] && [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# One build serves the CLI, the notebooks and the tests: release with testing
# enabled, and AVX2/FMA for the hand-written kernels.
source scripts/build-flags.sh
echo "setup: swift build ${WHITTLE_BUILD_FLAGS[*]}" >&2
swift build "${WHITTLE_BUILD_FLAGS[@]}" --build-tests
