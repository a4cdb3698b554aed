// A library without main: its spawner is taken as a thread root of its own, which no
// creation starts, so a race with it is low confidence; --min-confidence=medium drops it.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not=warning:
// RUN: %parcheck --min-confidence=medium %s -- | count 0
// RUN: not %parcheck --format=json %s -- | FileCheck %s --check-prefix=JSON
#include <pthread.h>
int counter;
static void *bg(void *a) { (void)a; counter++; return 0; }
void lib_start(void) {
  pthread_t t;
  pthread_create(&t, 0, bg, 0);
  counter = 5;
}
// CHECK: confidence-low.c:8:37: warning: data race on 'counter'
// CHECK: confidence-low.c:9:6: note: thread 'lib_start' starts here; no creation of 'lib_start' was seen: it is taken as a thread entry that may run at any time
// CHECK-NEXT: note: confidence low: a side runs in a thread root with no creation seen ('lib_start')
// JSON: "confidence": "low",
