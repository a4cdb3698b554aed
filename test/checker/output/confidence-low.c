// A library without main: its spawner is taken as a thread root of its own, which no
// creation starts, so a race with it is low confidence. The default
// (--min-confidence=medium) does not show it, and says so on stderr (exit 0: nothing
// shown); --min-confidence=low shows it.
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --implicit-check-not=warning:
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not=warning:
// RUN: %parcheck --min-confidence=medium %s -- 2>/dev/null | count 0
// RUN: %parcheck --min-confidence=medium --quiet %s -- 2>&1 | count 0
// RUN: not %parcheck --min-confidence=low --format=json %s -- | FileCheck %s --check-prefix=JSON
#include <pthread.h>
int counter;
static void *bg(void *a) { (void)a; counter++; return 0; }
void lib_start(void) {
  pthread_t t;
  pthread_create(&t, 0, bg, 0);
  counter = 5;
}
// CHECK: confidence-low.c:12:37: warning: data race on 'counter'
// CHECK: confidence-low.c:13:6: note: thread 'lib_start' starts here; no creation of 'lib_start' was seen: it is taken as a thread entry that may run at any time
// CHECK-NEXT: note: confidence low: a side runs in a thread root with no creation seen ('lib_start')
// JSON: "confidence": "low",
// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
