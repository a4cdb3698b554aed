#!/usr/bin/env bash
# deb-install.sh PACKAGE.deb SOURCE.c PROGRAM: dpkg -i the package, run the installed parcheck
# on SOURCE.c and the installed parcheck-run on PROGRAM with a system PATH, then dpkg -r it.
# The removal runs on every exit. dpkg's lock may be held by another apt or dpkg for a while:
# it is waited for (the package itself is never forced).
set -u
deb=$1 src=$2 prog=$3
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
unset PARCHECK_RT PARCHECK_OPTIONS LD_PRELOAD

dpkg_locked() {
  local out=$1
  grep -qiE 'lock|locked' <<<"$out"
}
run_dpkg() {
  local out
  for _ in $(seq 120); do
    if out=$(dpkg "$@" 2>&1); then
      return 0
    fi
    dpkg_locked "$out" || { echo "$out"; return 1; }
    sleep 5
  done
  echo "$out"
  return 1
}
cleanup() {
  run_dpkg -r parcheck >/dev/null && echo "removed: parcheck"
}
trap cleanup EXIT

run_dpkg -i "$deb" || { echo "dpkg -i failed"; exit 1; }
echo "installed: $(dpkg-query -W -f='${Package} ${Version}' parcheck)"
echo "which parcheck: $(command -v parcheck)"
echo "which parcheck-run: $(command -v parcheck-run)"
parcheck "$src" -- 2>&1
echo "parcheck exit status: $?"
parcheck-run "$prog" 2>&1
echo "parcheck-run exit status: $?"
