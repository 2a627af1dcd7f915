#!/usr/bin/env bash
# Runs every Check unit test of BUILD_DIR (default build/) under valgrind
# memcheck, in-process (CK_FORK=no), failing on any memory error or definite
# or indirect leak; one program per core at a time. Exit status: 0 when all
# are clean.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
export CK_FORK=no RACONFORM_SOURCE_DIR="$PWD"

one() {
  if valgrind -q --error-exitcode=9 --leak-check=full \
       --errors-for-leak-kinds=definite,indirect "$1" >"$1.valgrind.log" 2>&1
  then
    return 0
  fi
  tail -n 30 "$1.valgrind.log" >&2
  echo "FAILED $(basename "$1")" >&2
  return 1
}
export -f one

programs=()
for t in "$BUILD_DIR"/tests/unit_*; do
  [ -x "$t" ] && programs+=("$t")
done
count=${#programs[@]}
if [ "$count" -eq 0 ]; then
  echo "valgrind: no unit programs under $BUILD_DIR/tests" >&2
  exit 1
fi
if ! printf '%s\0' "${programs[@]}" |
     xargs -0 -n 1 -P "$(nproc)" bash -c 'one "$0"'; then
  echo "valgrind: $count unit programs, some failed (see FAILED above)" >&2
  exit 1
fi
echo "valgrind: $count unit programs clean" >&2
