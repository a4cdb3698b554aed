#!/bin/sh
# A symbolizer that does not answer before the program lets it: it marks that it has started
# ($PARCHECK_TEST_GATE.started), waits until the file $PARCHECK_TEST_GATE exists, then runs the
# real llvm-symbolizer. A report symbolised on the thread that must create the gate never ends.
# Each start adds a line to $PARCHECK_TEST_GATE.starts (how many symbolizers a run started).
echo "$$" >> "$PARCHECK_TEST_GATE.starts"
: > "$PARCHECK_TEST_GATE.started"
while [ ! -e "$PARCHECK_TEST_GATE" ]; do sleep 0.01; done
for s in llvm-symbolizer-19 llvm-symbolizer /usr/lib/llvm-19/bin/llvm-symbolizer; do
  if command -v "$s" > /dev/null 2>&1; then exec "$s" "$@"; fi
done
exit 1
