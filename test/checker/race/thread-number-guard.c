// Code that runs only in the thread whose own number is one value ('if (id
// == 0) total = ..', the number handed to each thread by its creation): one
// instance runs it, so its accesses do not race with themselves in other
// instances. The same guard as an early exit ('if (id != 0) return 0;'
// before it, -DEARLY) or as the else of 'id != 0' (-DELSE).
// Still races:
//   -DTWO    two different numbers write it (instances 0 and 1);
//   -DALL    one side is not guarded (every instance writes);
//   -DEARLY_ALL  the early exit is taken by instance 0 only: the other three
//            write;
//   -DLABEL  the early exit, but instance 1 jumps past it to a label before
//            the write.
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: %parcheck %s -- -DEARLY | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: %parcheck %s -- -DELSE | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DTWO | FileCheck %s --check-prefix=CHECK
// RUN: not %parcheck %s -- -DALL | FileCheck %s --check-prefix=CHECK
// RUN: not %parcheck %s -- -DEARLY_ALL | FileCheck %s --check-prefix=EARLY
// RUN: not %parcheck %s -- -DLABEL | FileCheck %s --check-prefix=EARLY
// SAFE-NOT: warning:
#include <pthread.h>

static long part[4];
static long total;
static pthread_barrier_t phase;

static void *worker(void *arg) {
  long id = (long)arg;
  part[id] = id * id;
  pthread_barrier_wait(&phase);
#if defined(EARLY) || defined(EARLY_ALL) || defined(LABEL)
#ifdef LABEL
  if (id == 1)
    goto tally;
#endif
#ifdef EARLY_ALL
  if (id == 0)
#else
  if (id != 0)
#endif
    return 0;
#ifdef LABEL
tally:
#endif
  // EARLY: thread-number-guard.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'total': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  total = part[0] + part[1] + part[2] + part[3];
#elif defined(ELSE)
  if (id != 0) {
    // the other instances: nothing to add up
  } else {
    total = part[0] + part[1] + part[2] + part[3];
  }
#else
  if (id == 0) {
    // CHECK: thread-number-guard.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'total': write in thread 'worker' conflicts with write in another instance of thread 'worker'
    total = part[0] + part[1] + part[2] + part[3];
  }
#endif
#ifdef TWO
  if (id == 1)
    total = 0;
#endif
#ifdef ALL
  total = 1;
#endif
  return 0;
}

int main(void) {
  pthread_t t[4];
  pthread_barrier_init(&phase, 0, 4);
  for (long i = 0; i < 4; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], 0);
  return (int)total;
}
