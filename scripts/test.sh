#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install what is missing, build,
# and run ctest (Check unit tests and pytest end-to-end tests).
# BUILD_DIR and extra cmake arguments work as in scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# npm packages the tests use (report consumers, the AWS SDK for JavaScript),
# pinned by their package-lock.json files.
for dir in tests tests/clients; do
  if [ -f "$dir/package-lock.json" ] && [ ! -d "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
./scripts/build.sh "$@"
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
