#!/usr/bin/env bash
# Sets up (scripts/setup.sh), then runs the main job: the static checker over samples/, and,
# where the runtime and the cross-check are built, the samples under the shim and the
# ThreadSanitizer cross-check table. Findings are shown; exit 0 when everything ran.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${PARCHECK_BUILD_DIR:-$top/build}
"$top/scripts/setup.sh" || exit 2

echo "== parcheck (static) over samples/"
"$build/bin/parcheck" --colour=false "$top/samples" -- -std=c++20 -pthread
rc=$?
if [ $rc -eq 2 ]; then
  echo "demo: parcheck reported a tool error" >&2
  exit 2
fi

if [ -x "$build/bin/parcheck-crosscheck" ] && [ -f "$build/lib/libparcheck_rt.so" ]; then
  echo
  echo "== samples under the runtime shim and ThreadSanitizer: the cross-check"
  /usr/bin/python3 "$build/bin/parcheck-crosscheck" "$top/samples" || exit $?
fi
exit 0
