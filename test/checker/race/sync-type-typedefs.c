// A project's own names for the pthread types (libuv's 'typedef
// pthread_cond_t uv_cond_t;', a typedef of a typedef) are still
// synchronisation objects: handing one to pthread_cond_signal or
// pthread_barrier_wait is not a write of it. 'wakeups', counted with no lock
// next to the signal, still races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

typedef pthread_cond_t my_cond_t;
typedef my_cond_t pool_cond_t;
typedef pthread_barrier_t my_barrier_t;

static pool_cond_t cond = PTHREAD_COND_INITIALIZER;
static my_barrier_t start;
static long wakeups;

static void *worker(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);
  pthread_cond_signal(&cond);
  // CHECK: sync-type-typedefs.c:[[@LINE+1]]:3: warning: data race on 'wakeups': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  wakeups++;
  return 0;
}

int main(void) {
  pthread_t t[2];
  pthread_barrier_init(&start, 0, 2);
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
