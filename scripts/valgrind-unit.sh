#!/usr/bin/env bash
# Runs every Check unit test of BUILD_DIR (default build/) under valgrind
# memcheck, in-process (CK_FORK=no), failing on any memory error or definite
# or indirect leak. Exit status: 0 when all are clean.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
export CK_FORK=no RACONFORM_SOURCE_DIR="$PWD"
failed=""
count=0
for t in "$BUILD_DIR"/tests/unit_*; do
  [ -x "$t" ] || continue
  count=$((count + 1))
  if ! valgrind -q --error-exitcode=9 --leak-check=full \
       --errors-for-leak-kinds=definite,indirect "$t" >"$t.valgrind.log" 2>&1; then
    failed="$failed $(basename "$t")"
    tail -n 30 "$t.valgrind.log" >&2
  fi
done
if [ -n "$failed" ]; then
  echo "valgrind: $count unit programs, failed:$failed" >&2
  exit 1
fi
echo "valgrind: $count unit programs clean" >&2
[ "$count" -gt 0 ]
