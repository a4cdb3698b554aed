#!/bin/bash
# Soak run (not part of the suite): memcached's own test suite, test file by test file, run
# natively and under the shim; prints a table (native vs shim, pass/fail, the shim's reports)
# and exits 1 if any file's result differs, 0 if all agree. See docs/runtime.md, "Soak run".
#
# usage: bench/soak/memcached.sh [test-file-name ...]     (default: every t/*.t)
# environment:
#   PARCHECK_BUILD  parcheck build dir with lib/libparcheck_rt.so (default: <repo>/build)
#   SOAK_DIR        work directory, never inside the repository (default: /tmp/parcheck-soak)
#   MEMCACHED_SRC   an unpacked memcached source tree to copy instead of fetching one
#   MEMCACHED_GIT   git URL to clone (default: https://github.com/memcached/memcached)
#   SOAK_OPTIONS    PARCHECK_OPTIONS for the shim runs (log_path is added)
#   SOAK_TIMEOUT    seconds per test file and run (default 600)
#   SOAK_CONFIRM    a file whose results differ is re-run this many more times, native then
#                   shim, one after the other; its line gives the pass counts (default 3)
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${PARCHECK_BUILD:-$repo/build}
rt=$build/lib/libparcheck_rt.so
soak=${SOAK_DIR:-/tmp/parcheck-soak}
src=$soak/memcached
tmo=${SOAK_TIMEOUT:-600}
[ -f "$rt" ] || { echo "soak: no $rt (build parcheck first)" >&2; exit 2; }
case "$soak/" in "$repo"/*) echo "soak: SOAK_DIR must be outside the repository" >&2; exit 2;; esac
mkdir -p "$soak"

# 1. Get and build memcached (once; reused by later runs).
if [ ! -d "$src/t" ]; then
  if [ -n "${MEMCACHED_SRC:-}" ]; then
    cp -a "$MEMCACHED_SRC" "$src"
  else
    git clone -q --depth 1 "${MEMCACHED_GIT:-https://github.com/memcached/memcached}" "$src" ||
      { echo "soak: cannot clone memcached (set MEMCACHED_SRC)" >&2; exit 2; }
  fi
fi
if [ ! -x "$src/memcached-debug" ] || [ ! -x "$src/testapp" ]; then
  (
    cd "$src" || exit 1
    if [ ! -x configure ]; then
      # version.pl needs git describe; a shallow clone or an archive may have no tag.
      [ -f version.m4 ] || echo "m4_define([VERSION_NUMBER], [1.6.99])" > version.m4
      sed -i 's/^perl version.pl/true/' autogen.sh
      sh autogen.sh > "$soak/autogen.log" 2>&1 || exit 1
    fi
    ./configure > "$soak/configure.log" 2>&1 &&
      make -j2 > "$soak/make.log" 2>&1 && make -j2 memcached-debug sizes testapp timedrun \
      >> "$soak/make.log" 2>&1
  ) || { echo "soak: memcached build failed, see $soak/*.log" >&2; exit 2; }
fi

# 2. Run each test file natively, then under the shim.
cd "$src" || exit 2
if [ $# -gt 0 ]; then tests=("$@"); else tests=($(cd t && ls *.t)); fi
confirm=${SOAK_CONFIRM:-3}
# Each run keeps its own logs (logs-<time>); `logs` points at the newest.
logs=$soak/logs-$(date -u +%Y%m%d-%H%M%S)
mkdir -p "$logs"
[ -d "$soak/logs" ] && [ ! -L "$soak/logs" ] || ln -sfn "$(basename "$logs")" "$soak/logs"
differ=0
npass=0
nshim=0
nrep=0
printf '%-34s %-7s %-7s %s\n' "test file" native shim "shim reports"
for t in "${tests[@]}"; do
  name=${t%.t}
  mkdir -p "$logs/$name.pc"
  # The two runs go side by side (the tests pick free ports and per-pid socket names).
  timeout "$tmo" prove "t/$t" > "$logs/$name.native" 2>&1 &
  native_pid=$!
  PARCHECK_OPTIONS="${SOAK_OPTIONS:+$SOAK_OPTIONS:}log_path=$logs/$name.pc/%p" \
    LD_PRELOAD="$rt" timeout "$tmo" prove "t/$t" > "$logs/$name.shim" 2>&1 && s=pass || s=FAIL
  wait "$native_pid" && n=pass || n=FAIL
  counts=""
  if [ "$n" != "$s" ] && [ "$confirm" -gt 0 ]; then
    # Some files use fixed ports (11211) or names, and some depend on timing: confirm a
    # difference by runs one after the other, and give the pass counts of those runs. The
    # file differs when the shim passed fewer of them than native did.
    np=0 sp=0
    for i in $(seq 1 "$confirm"); do
      rm -rf "$logs/$name.pc" && mkdir -p "$logs/$name.pc"
      timeout "$tmo" prove "t/$t" > "$logs/$name.native.$i" 2>&1 && np=$((np + 1))
      PARCHECK_OPTIONS="${SOAK_OPTIONS:+$SOAK_OPTIONS:}log_path=$logs/$name.pc/%p" \
        LD_PRELOAD="$rt" timeout "$tmo" prove "t/$t" > "$logs/$name.shim.$i" 2>&1 && sp=$((sp + 1))
    done
    counts=" (re-runs: native $np/$confirm, shim $sp/$confirm)"
    [ "$np" -gt 0 ] && n=pass || n=FAIL
    [ "$sp" -ge "$np" ] && s=$n || s=FAIL
  fi
  # The reports of every process of the run (the server and the test's helpers), by kind.
  reps=$(cat "$logs/$name.pc"/* 2>/dev/null | sed -n 's/^SUMMARY: parcheck: .*\[parcheck-\(.*\)\]$/\1/p' |
         sort | uniq -c | awk '{printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1}')
  k=$(cat "$logs/$name.pc"/* 2>/dev/null | grep -c '^SUMMARY: parcheck:')
  nrep=$((nrep + k))
  mark=""
  [ "$n" != "$s" ] && { mark="  <-- differs"; differ=$((differ + 1)); }
  [ "$n" = pass ] && npass=$((npass + 1))
  [ "$s" = pass ] && nshim=$((nshim + 1))
  printf '%-34s %-7s %-7s %s%s%s\n' "$t" "$n" "$s" "${reps:--}" "$counts" "$mark"
done
echo "files: ${#tests[@]}; native passed: $npass; shim passed: $nshim; differ: $differ;" \
  "shim reports: $nrep (logs: $logs)"
[ "$differ" -eq 0 ]
