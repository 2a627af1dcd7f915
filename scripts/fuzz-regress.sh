#!/usr/bin/env bash
# Replays every committed fuzz input (seeds and crash reproducers under
# fuzz/corpus/<target>/) through its libFuzzer target once: no new fuzzing,
# a few seconds in all. CI calls this. Builds BUILD_DIR (default build-fuzz,
# CC=clang, -DRA_FUZZ=ON) first. Exit status 1 when any input crashes,
# leaks, trips a sanitizer or times out.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build-fuzz}"
JOBS="${JOBS:-2}"

CC="${CC:-clang}" cmake -S . -B "$BUILD_DIR" -DRA_FUZZ=ON -DRA_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null || exit 1
targets=$(for f in fuzz/fuzz_*.c; do basename "$f" .c; done)
# shellcheck disable=SC2086
cmake --build "$BUILD_DIR" -j "$JOBS" --target $targets \
  > "$BUILD_DIR/fuzz-build.log" 2>&1 ||
  { tail -n 40 "$BUILD_DIR/fuzz-build.log" >&2; exit 1; }

failed=""
for t in $targets; do
  dir="fuzz/corpus/$t"
  if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir")" ]; then
    echo "not ok - $t: no committed corpus in $dir" >&2
    failed="$failed $t"
    continue
  fi
  n=$(find "$dir" -type f | wc -l)
  # -runs=0 over a directory executes every file once and stops.
  if "$BUILD_DIR/$t" -runs=0 -timeout=10 -rss_limit_mb=2048 "$dir" \
      > "$BUILD_DIR/$t.regress.log" 2>&1; then
    echo "ok - $t: $n inputs" >&2
  else
    echo "not ok - $t: see $BUILD_DIR/$t.regress.log" >&2
    tail -n 30 "$BUILD_DIR/$t.regress.log" >&2
    failed="$failed $t"
  fi
done
[ -z "$failed" ] || { echo "fuzz-regress: failing:$failed" >&2; exit 1; }
echo "fuzz-regress: every committed input passes" >&2
