#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/fuzz_*.c) into BUILD_DIR (default
# build-fuzz, CC=clang, -DRA_FUZZ=ON) and runs each for SECONDS (default 600).
#
#   ./scripts/fuzz.sh [SECONDS]              every target
#   FUZZ_TARGETS="fuzz_server fuzz_urlenc" ./scripts/fuzz.sh 300
#
# Seeds: fuzz/corpus/<target>/ (committed, read-only here). New inputs go to
# BUILD_DIR/corpus/<target>/ (not committed). A crash, leak, timeout or OOM
# leaves its input in BUILD_DIR/artifacts/<target>/; once fixed, commit that
# input to fuzz/corpus/<target>/ as a regression input (scripts/fuzz-regress.sh
# replays it in CI). Exit status: 0 when every target ran clean, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-600}"
BUILD_DIR="${BUILD_DIR:-build-fuzz}"
JOBS="${JOBS:-2}"

CC="${CC:-clang}" cmake -S . -B "$BUILD_DIR" -DRA_FUZZ=ON -DRA_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" >/dev/null || exit 1

targets="${FUZZ_TARGETS:-$(for f in fuzz/fuzz_*.c; do basename "$f" .c; done)}"
# shellcheck disable=SC2086
cmake --build "$BUILD_DIR" -j "$JOBS" --target $targets \
  > "$BUILD_DIR/fuzz-build.log" 2>&1 ||
  { tail -n 40 "$BUILD_DIR/fuzz-build.log" >&2; exit 1; }

# Longest input worth trying per target: case files hold up to a few
# thousand multi-byte characters; a request or a query is smaller.
max_len() {
  case "$1" in
    fuzz_casefile|fuzz_target) echo 65536 ;;
    fuzz_server) echo 16384 ;;
    fuzz_urlenc) echo 4096 ;;
    *) echo 65536 ;;
  esac
}

failed=""
for t in $targets; do
  work="$BUILD_DIR/corpus/$t"
  art="$BUILD_DIR/artifacts/$t"
  mkdir -p "$work" "$art"
  seeds=()
  [ -d "fuzz/corpus/$t" ] && seeds=("fuzz/corpus/$t")
  echo "== $t: ${SECONDS_EACH}s, max_len $(max_len "$t")" >&2
  # -rss_limit_mb: the inputs are small; anything near this is a leak or a
  # blow-up. -timeout: one input taking seconds is a hang.
  "$BUILD_DIR/$t" -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$art/" "$work" "${seeds[@]}" \
    2> "$BUILD_DIR/$t.log"
  rc=$?
  grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)|^#[0-9]+ *DONE' \
    "$BUILD_DIR/$t.log" >&2
  if [ "$rc" -ne 0 ]; then
    echo "!! $t failed (exit $rc): see $BUILD_DIR/$t.log and $art/" >&2
    failed="$failed $t"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: failing targets:$failed" >&2
  exit 1
fi
echo "fuzz: every target ran ${SECONDS_EACH}s clean" >&2
