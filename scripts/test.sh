#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install what is missing, build,
# and run ctest (Check unit tests and pytest end-to-end tests).
# BUILD_DIR and extra cmake arguments work as in scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
# npm packages the tests use (report consumers, the AWS SDKs for JavaScript
# v3 and v2, @smithy/signature-v4), pinned by their package-lock.json files;
# installed again when the lock file changed since the last install.
for dir in tests tests/clients; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.raconform-lock.sha256"
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
  fi
done
./scripts/build.sh "$@"
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)"
