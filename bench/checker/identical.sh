#!/bin/bash
# Byte-identity harness for checker refactors: runs parcheck over samples/, over every lit
# input under test/checker and (optionally) over a real tree with a compile database, and
# prints one "sha256  name" line per output. Save the list from the unmodified build, then
# compare after each change:
#   bench/checker/identical.sh > /tmp/before.txt
#   ... change, rebuild ...
#   bench/checker/identical.sh > /tmp/after.txt && diff /tmp/before.txt /tmp/after.txt
# Outputs land in $OUT (default /tmp/parcheck-identical) so a difference can be inspected.
#
#   PARCHECK   the binary (default build/bin/parcheck)
#   REALTREE   build folder of a real project with compile_commands.json (optional)
#   JOBS       -j for parcheck (default 2); the output must not depend on it
#   PAR        lit inputs analysed at once (default 2)
set -u
cd "$(dirname "$0")/../.."
PARCHECK=${PARCHECK:-$PWD/build/bin/parcheck}
OUT=${OUT:-/tmp/parcheck-identical}
JOBS=${JOBS:-2}
rm -rf "$OUT" && mkdir -p "$OUT"

# run NAME ARGS...: stdout, stderr and exit status of one parcheck run.
run() {
  local name=$1; shift
  "$PARCHECK" -j "$JOBS" "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  echo $? > "$OUT/$name.rc"
}

for f in text json sarif; do
  run "samples.$f" --format=$f samples --
done
run samples.facts --facts-dir="$OUT/samples-facts" samples --
run samples.from-facts --format=json --from-facts="$OUT/samples-facts"

# Each lit input with the compiler flags of its first "%parcheck %s ... --" RUN line,
# PAR inputs at a time.
lit_input() {
  local src=$1 flags name f
  flags=$(grep -m1 'RUN:.*%parcheck %s' "$src" | sed 's/.*%parcheck %s//;s/[|>].*//;s/ 2$//' |
          sed -n 's/^.*-- *//p')
  name=lit.$(echo "$src" | sed 's|^test/checker/||;s|/|.|g')
  for f in text json sarif; do
    # shellcheck disable=SC2086
    run "$name.$f" --format=$f "$src" -- $flags
  done
}
export -f run lit_input
export PARCHECK OUT JOBS
find test/checker -name '*.c' -o -name '*.cpp' | LC_ALL=C sort |
  xargs -P "${PAR:-2}" -I{} bash -c 'lit_input "$1"' _ {}

if [ -n "${REALTREE:-}" ]; then
  run realtree.json --format=json -p "$REALTREE"
  run realtree.facts --facts-dir="$OUT/realtree-facts" -p "$REALTREE"
fi

# Paths of temporary folders are the only thing allowed to vary; there are none here.
(cd "$OUT" && find . -type f | LC_ALL=C sort | xargs sha256sum)
