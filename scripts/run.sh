#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install what is missing,
# build, then run the whole catalogue against the built-in reference server
# (both profiles). Reports land in reports/. Arguments go to `raconform run`;
# BUILD_DIR (default build/) works as in scripts/build.sh.
# stdout carries the TAP stream only: installing and building talk on
# stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh >&2
./scripts/build.sh >&2
exec "${BUILD_DIR:-build}/raconform" run "$@"
