// The text output is clang's: each warning and note is followed by its source
// line and a caret under the column (tabs expanded to 8 columns), and every step
// of a call chain is a "file:line:col: note: called from 'fn'" note.
// RUN: not %parcheck_caret %s -- | FileCheck %s --strict-whitespace --match-full-lines --implicit-check-not="called from:"
// Without the caret (--no-caret) only the diagnostic lines remain.
// RUN: not %parcheck_caret --no-caret %s -- | FileCheck %s --check-prefix=NOCARET --implicit-check-not=" | "
// NOCARET: caret.c:13:2: warning: data race on 'hits'
// NOCARET-NEXT: caret.c:15:27: note: called from 'count'
#include <pthread.h>
int hits;

static void bump(void) {
	hits++;
}
static void count(void) { bump(); }

void *worker(void *arg) {
  (void)arg;
  count();
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  hits = 2;
  pthread_join(t, 0);
  return 0;
}

// CHECK:{{.*}}caret.c:13:2: warning: data race on 'hits': write in thread 'worker' conflicts with write in thread 'main' [parcheck-race]
// CHECK-NEXT:   13 |         hits++;
// CHECK-NEXT:      |         ^
// CHECK-NEXT:{{.*}}caret.c:15:27: note: called from 'count'
// CHECK-NEXT:   15 | static void count(void) { bump(); }
// CHECK-NEXT:      |                           ^
// CHECK-NEXT:{{.*}}caret.c:19:3: note: called from 'worker'
// CHECK-NEXT:   19 |   count();
// CHECK-NEXT:      |   ^
// CHECK-NEXT:{{.*}}caret.c:26:3: note: conflicting write in thread 'main', holding no lock
// CHECK-NEXT:   26 |   hits = 2;
// CHECK-NEXT:      |   ^
// CHECK-NEXT:{{.*}}caret.c:25:3: note: thread 'worker' starts here; 'worker' may be running at the write in 'main' (caret.c:26): no join before it ends the thread, and neither access holds a lock
// CHECK-NEXT:   25 |   pthread_create(&t, 0, worker, 0);
// CHECK-NEXT:      |   ^
// CHECK-NEXT:{{.*}}caret.c:23:5: note: thread 'main' starts here
// CHECK-NEXT:   23 | int main(void) {
// CHECK-NEXT:      |     ^
// CHECK-EMPTY:
