#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs the whole test suite: the lit suite under test/ and the
# gtest unit tests (through lit's GoogleTest format). Ends with one line of the real counts,
# "N passed, N failed", which CI reads. Exit status: 0 only when nothing failed.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${PARCHECK_BUILD_DIR:-$top/build}
"$top/scripts/setup.sh" || exit 2

lit=/usr/lib/llvm-19/build/utils/lit/lit.py
log=$build/lit-results.json
rm -f "$log"
/usr/bin/python3 "$lit" -sv --time-tests -o "$log" ${LIT_OPTS:-} \
  "$build/test" "$build/test/Unit" "$@"
rc=$?
/usr/bin/python3 - "$log" <<'PY'
import json, sys
try:
    data = json.load(open(sys.argv[1]))
except Exception as e:
    print("0 passed, 1 failed")
    sys.exit(0)
passed = failed = skipped = 0
for t in data.get("tests", []):
    code = t.get("code", "")
    if code in ("PASS", "XFAIL"):
        passed += 1
    elif code in ("UNSUPPORTED", "UNRESOLVED_SKIPPED", "SKIPPED", "EXCLUDED"):
        skipped += 1
    else:
        failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $rc
