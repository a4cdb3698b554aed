// Each race has a confidence: high when both threads are certain and no lock is held,
// medium when a lock is held on one side; --min-confidence drops those below it.
// RUN: not %parcheck %s -- | FileCheck %s --check-prefix=ALL --implicit-check-not=warning:
// RUN: not %parcheck --min-confidence=medium %s -- | FileCheck %s --check-prefix=ALL --implicit-check-not=warning:
// RUN: not %parcheck --min-confidence=high %s -- | FileCheck %s --check-prefix=HIGH --implicit-check-not=warning: --implicit-check-not="note: confidence"
// RUN: not %parcheck --format=json %s -- | FileCheck %s --check-prefix=JSON
// RUN: not %parcheck --min-confidence=sure %s -- 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: %parcheck --min-confidence=sure %s --; test $? -eq 2
#include <pthread.h>
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int plain, half;

void *worker(void *a) {
  (void)a;
  plain++;
  pthread_mutex_lock(&mu);
  half++;
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  plain = 1;
  half = 1;
  pthread_join(t, 0);
  return 0;
}
// ALL: warning: data race on 'plain'
// ALL: warning: data race on 'half'
// ALL: note: confidence medium: a lock is held on one side
// HIGH: warning: data race on 'plain'
// JSON: "confidence": "high",
// JSON: "confidence": "medium",
// JSON-NEXT: "confidence_reason": "a lock is held on one side
// BAD: error: parcheck: --min-confidence='sure': expected high, medium or low
