// Two threads of one function, each handed its own local record ('&r1',
// '&r2'): the two instances write two objects. Each call of the creating
// function has its own locals, so a local handed to one creation, out of any
// loop, is that thread's own.
// Still races:
//   -DSAME   one local handed to both threads;
//   -DLOOP   one local handed to every thread a loop creates;
//   -DMAIN   main writes r1 while its thread runs (another thread, not
//            another instance).
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DSAME | FileCheck %s --check-prefix=SAME
// RUN: not %parcheck %s -- -DLOOP | FileCheck %s --check-prefix=LOOP
// RUN: not %parcheck %s -- -DMAIN | FileCheck %s --check-prefix=MAIN
// SAFE-NOT: warning:
#include <pthread.h>

struct res {
  long n;
};

// SAME: distinct-locals-per-thread.c:[[@LINE+5]]:{{[0-9]+}}: warning: data race on 'res::n': write in thread 'worker' conflicts with write in another instance of thread 'worker'
// LOOP: distinct-locals-per-thread.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'res::n': write in thread 'worker' conflicts with write in another instance of thread 'worker'
// MAIN: distinct-locals-per-thread.c:[[@LINE+3]]:{{[0-9]+}}: warning: data race on 'r1.n': write in thread 'worker' conflicts with write in thread 'main'
static void *worker(void *p) {
  struct res *r = p;
  r->n++;
  return 0;
}

int main(void) {
  struct res r1 = {0}, r2 = {0};
  pthread_t t[2];
#if defined(LOOP)
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, &r1);
#elif defined(SAME)
  pthread_create(&t[0], 0, worker, &r1);
  pthread_create(&t[1], 0, worker, &r1);
#else
  pthread_create(&t[0], 0, worker, &r1);
  pthread_create(&t[1], 0, worker, &r2);
#endif
#ifdef MAIN
  r1.n = 5;
#endif
  pthread_join(t[0], 0);
  pthread_join(t[1], 0);
  return (int)(r1.n + r2.n);
}
