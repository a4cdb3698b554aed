// Threads kept in an array's elements by constant indexes ('&t[0]', '&t[1]')
// and joined the same way: each join ends the thread of its element, so the
// read after both joins runs alone. Still races:
//   -DONE    only t[0] is joined before the read: t[1]'s thread still runs;
//   -DLOOP   the threads are created in a loop ('&t[i]', the collection):
//            joining t[0] and t[1] by name does not show that every thread
//            the loop made is joined.
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DONE | FileCheck %s --check-prefix=CHECK
// RUN: not %parcheck %s -- -DLOOP | FileCheck %s --check-prefix=CHECK
// SAFE-NOT: warning:
#include <pthread.h>

long total;

// CHECK: join-array-elements.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'total': write in thread 'worker' conflicts with read in thread 'main'
static void *worker(void *p) {
  __atomic_fetch_add(&total, (long)p, __ATOMIC_RELAXED);
  return 0;
}

int main(void) {
  pthread_t t[2];
#ifdef LOOP
  for (long i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
#else
  pthread_create(&t[0], 0, worker, (void *)1);
  pthread_create(&t[1], 0, worker, (void *)2);
#endif
  pthread_join(t[0], 0);
#ifndef ONE
  pthread_join(t[1], 0);
#endif
  long seen = total;
#ifdef ONE
  pthread_join(t[1], 0);
#endif
  return (int)seen;
}
