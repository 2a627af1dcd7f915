#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install what is missing, build,
# and run ctest (Check unit tests and pytest end-to-end tests).
# BUILD_DIR and extra cmake arguments work as in scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
if [ -f tests/package.json ]; then
  (cd tests && npm ci --no-audit --no-fund --loglevel=error)
fi
./scripts/build.sh "$@"
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
