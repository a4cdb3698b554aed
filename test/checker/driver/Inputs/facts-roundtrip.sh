#!/bin/bash
# facts-roundtrip.test: direct run vs --facts-dir + --from-facts, per input.
parcheck=$1 work=$2 tests=$3
n=0 bad=0
for f in double-lock/callee-release-retake.c lock-leak/tsa-annotations.cpp \
         cond-wait/recheck-outer-loop.c race/job-queue-field.c race/thread-through-parameter.c \
         race/callback-through-parameter.c race/join-in-helper-running.c race/atomic-mixed.c \
         race/atomic-relaxed-no-order.c race/fresh-object-published.c race/local-escapes-to-thread.c \
         race/local-pointer-to-global.c; do
  flags=()
  case $f in *.cpp) flags=(-std=c++20) ;; esac
  [ -d "$tests/$(dirname "$f")/Inputs" ] && flags+=("-I$tests/$(dirname "$f")/Inputs")
  rm -rf "$work" && mkdir -p "$work"
  "$parcheck" --no-caret "$tests/$f" -- "${flags[@]}" > "$work/direct.txt" 2>/dev/null
  "$parcheck" --facts-dir "$work/facts" "$tests/$f" -- "${flags[@]}" > /dev/null 2>&1
  "$parcheck" --no-caret --from-facts "$work/facts" > "$work/back.txt" 2>/dev/null
  n=$((n + 1))
  if ! cmp -s "$work/direct.txt" "$work/back.txt"; then
    bad=$((bad + 1))
    echo "DIFF $f"
  fi
  # Nothing found would make the comparison empty: every input has a finding.
  [ -s "$work/direct.txt" ] || echo "DIFF $f: no finding in the direct run"
done
echo "$n inputs, $bad differ"
