#!/usr/bin/env bash
# Runs the whole suite (scripts/check.sh) N times while CPU hogs keep every core busy: a suite
# that passes only on an idle machine is broken. Usage:
#   scripts/stress-suite.sh N [extra lit arguments...]
# LIT_OPTS and the extra arguments are passed on to check.sh (and so to lit), e.g.
#   LIT_OPTS="--filter runtime/" scripts/stress-suite.sh 5
# Prints each run's result line and whether the samples cross-check agreed in it, then
# "K of N runs passed". Exit status: 0 only if every run passed. Each run's full output is kept
# in $build/stress/run-<i>.log. The hogs (one per core, nproc) are killed however the script
# ends.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${PARCHECK_BUILD_DIR:-$top/build}

if [ $# -lt 1 ] || ! [[ $1 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 N [extra lit arguments...]" >&2
  exit 2
fi
runs=$1
shift

hogs=()
run_pid=
kill_hogs() {
  for p in "${hogs[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${hogs[@]}"; do wait "$p" 2>/dev/null; done
  hogs=()
}
# Interrupted: the run in progress goes too (it runs in its own process group).
stop() {
  [ -n "$run_pid" ] && kill -TERM -- "-$run_pid" 2>/dev/null
  kill_hogs
  exit "$1"
}
trap kill_hogs EXIT
trap 'stop 130' INT
trap 'stop 143' TERM

# Build first (check.sh would, but not while the hogs compete with the compiler).
"$top/scripts/setup.sh" || exit 2

cores=$(nproc)
for ((i = 0; i < cores; i++)); do
  # A shell busy loop: a hog that never sleeps and writes nothing.
  bash -c 'while :; do :; done' &
  hogs+=($!)
done
echo "stress: $cores CPU hog(s) running (pids ${hogs[*]}), $runs run(s) of scripts/check.sh $*"

mkdir -p "$build/stress"
passed=0
for ((r = 1; r <= runs; r++)); do
  log=$build/stress/run-$r.log
  start=$(date +%s)
  # In the background and waited for, so that a signal is handled at once.
  setsid "$top/scripts/check.sh" "$@" >"$log" 2>&1 &
  run_pid=$!
  wait "$run_pid"
  rc=$?
  run_pid=
  secs=$(( $(date +%s) - start ))
  result=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  # The samples cross-check's verdict in this run, from lit's JSON results.
  cross=$(/usr/bin/python3 - "$build/lit-results.json" <<'PY'
import json, sys
try:
    tests = json.load(open(sys.argv[1])).get("tests", [])
except Exception:
    print("unknown (no lit results)")
    sys.exit(0)
codes = {t["name"].split(" :: ")[-1]: t.get("code") for t in tests}
c = codes.get("samples/crosscheck.test")
print("not run" if c is None else
      "skipped" if c == "UNSUPPORTED" else
      "agreed" if c == "PASS" else "DISAGREED (%s)" % c)
failed = sorted(n for n, c in codes.items() if c not in ("PASS", "XFAIL", "UNSUPPORTED"))
if failed:
    print("  failed: " + ", ".join(failed))
PY
)
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    verdict=PASS
  else
    verdict="FAIL (exit $rc)"
  fi
  echo "run $r/$runs: $verdict in ${secs}s: ${result:-no result line}; samples cross-check: $cross"
done
kill_hogs
echo "$passed of $runs runs passed"
[ "$passed" -eq "$runs" ]
