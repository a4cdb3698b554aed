// Happens-before through a semaphore and a barrier: what a thread writes
// before sem_post is seen by the thread that returns from sem_wait on that
// semaphore; what every party writes before pthread_barrier_wait is seen by
// every party after it. Still races:
//   -DEARLY  main reads before its sem_wait;
//   -DLATE   the worker writes again after its sem_post;
//   -DBEFORE two parties both write before the barrier (no order between them).
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DEARLY | FileCheck %s --check-prefix=EARLY
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefix=LATE
// RUN: not %parcheck %s -- -DBEFORE | FileCheck %s --check-prefix=BEFORE
// SAFE-NOT: warning:
#include <pthread.h>
#include <semaphore.h>

static sem_t ready;
static pthread_barrier_t phase;
static int data;
static int part[2];
static int total;

static void *producer(void *p) {
  (void)p;
  // EARLY: semaphore-barrier-order.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'data': write in thread 'producer' conflicts with read in thread 'main'
  data = 42;
  sem_post(&ready);
#ifdef LATE
  // LATE: semaphore-barrier-order.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'data': write in thread 'producer' conflicts with read in thread 'main'
  data = 43;
#endif
  return 0;
}

static void *party(void *p) {
  long i = (long)p;
  part[i] = (int)i + 1;
#ifdef BEFORE
  // BEFORE: semaphore-barrier-order.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'total': write in thread 'party' conflicts with write in another instance of thread 'party'
  total = 0;
#endif
  pthread_barrier_wait(&phase);
  return (void *)(long)(part[0] + part[1]);
}

int main(void) {
  pthread_t t, q[2];
  sem_init(&ready, 0, 0);
  pthread_barrier_init(&phase, 0, 2);
  pthread_create(&t, 0, producer, 0);
  for (long i = 0; i < 2; ++i)
    pthread_create(&q[i], 0, party, (void *)i);
#ifdef EARLY
  int early = data;
#endif
  sem_wait(&ready);
  int v = data;
  pthread_join(t, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(q[i], 0);
#ifdef EARLY
  v += early;
#endif
  return v;
}
