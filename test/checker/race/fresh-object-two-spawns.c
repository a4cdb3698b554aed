// A fresh object is each thread's own only when one spawn hands it over.
// Here one calloc'd object goes to two pthread_create calls of one
// activation: both threads get the same object, and their unlocked
// 'hits++' is a race (fresh-object-per-thread.c is the negative: one
// allocation per spawn, in a helper called twice). With -DTWO, each spawn
// gets its own allocation: silent.
// RUN: not %parcheck %s -- | FileCheck %s --check-prefix=SAME --implicit-check-not="warning:"
// RUN: %parcheck %s -- -DTWO | FileCheck %s --allow-empty --check-prefix=TWO --implicit-check-not="warning:"
// TWO-NOT: warning:
#include <pthread.h>
#include <stdlib.h>

struct stats {
  long hits;
};

static void *worker(void *arg) {
  struct stats *s = arg;
  // SAME: :[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'stats::hits': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  s->hits++;
  return 0;
}

int main(void) {
  pthread_t a, b;
  struct stats *s = calloc(1, sizeof *s);
  pthread_create(&a, 0, worker, s);
#ifdef TWO
  struct stats *t = calloc(1, sizeof *t);
  pthread_create(&b, 0, worker, t);
#else
  pthread_create(&b, 0, worker, s);
#endif
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
