// Barrier phases (analysis/Phases.cpp): a dispatcher and its workers take
// turns through two barriers ('start', 'done'); each worker's work lies
// between its wait on 'start' and its wait on 'done', the dispatcher's set-up
// and collection between its wait on 'done' and the next on 'start'. The set-
// up is in helpers of the dispatcher, and the waits in a helper too
// (run_step): the phases are followed into callees and out to callers.
// In the workers, one barrier ('round') makes two phases per round: the
// writes of each slot (and worker 0's of 'base') and the sums of them lie on
// the two sides of each wait (the SPMD shape: the same thread function, the
// waits told apart by their site).
// Default: silent. Before this rule, barrier waits were message passing: the
// waits in loops ordered nothing, and 'base', 'in[]', 'out[]' and 'scale'
// were reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --check-prefix=SILENT --implicit-check-not="warning:"
// SILENT-NOT: warning:
//
// Without the 'done' barrier the dispatcher's next set-up overlaps the
// workers' reads, and its collection their writes. With the set-up and the
// waits written in main itself (-DINLINE) the message-passing model missed
// these: the wait after the loop seemed to order them.
// RUN: not %parcheck %s -- -DNO_DONE | FileCheck %s --check-prefix=NODONE
// RUN: not %parcheck %s -- -DNO_DONE -DINLINE | FileCheck %s --check-prefix=NODONE
// RUN: %parcheck %s -- -DINLINE | FileCheck %s --allow-empty --check-prefix=SILENT --implicit-check-not="warning:"
// NODONE-DAG: warning: data race on 'out[]': write in thread 'worker' conflicts with read in thread 'main'
// NODONE-DAG: warning: data race on 'scale': write in thread 'main' conflicts with read in thread 'worker'
//
// A thread that waits on neither barrier is ordered by neither.
// RUN: not %parcheck %s -- -DOUTSIDER | FileCheck %s --check-prefix=OUTSIDER
// OUTSIDER: warning: data race on 'scale': write in thread 'main' conflicts with read in thread 'outsider'
//
// One wait per round: worker 0's next write of 'base' overlaps the others'
// reads of this round's.
// RUN: not %parcheck %s -- -DONE_WAIT | FileCheck %s --check-prefix=ONEWAIT
// ONEWAIT: warning: data race on 'base': write in thread 'worker' conflicts with read in another instance of thread 'worker'
#include <pthread.h>
#include <stdio.h>

#define N 4
pthread_barrier_t start, done, round_;
double in[N], out[N], scale;
int slot[N], sums[N], base;
int stop;

static void *worker(void *arg) {
  long id = (long)arg;
  for (int r = 0; r < 3; r++) {
    slot[id] = (int)id * r;
    if (id == 0)
      base = r;
    pthread_barrier_wait(&round_);
    int s = base;
    for (int i = 0; i < N; i++)
      s += slot[i];
    sums[id] += s;
#ifndef ONE_WAIT
    pthread_barrier_wait(&round_);
#endif
  }
  for (;;) {
    pthread_barrier_wait(&start);
    if (stop)
      break;
    out[id] = in[id] * scale;
#ifndef NO_DONE
    pthread_barrier_wait(&done);
#endif
  }
  return 0;
}

#ifdef OUTSIDER
static void *outsider(void *arg) {
  (void)arg;
  return (void *)(long)scale;
}
#endif

static void setup(int step) {
  for (int i = 0; i < N; i++)
    in[i] = step + i;
  scale = step;
}

static void run_step(void) {
  pthread_barrier_wait(&start);
#ifndef NO_DONE
  pthread_barrier_wait(&done);
#endif
}

static double collect(void) {
  double s = 0;
  for (int i = 0; i < N; i++)
    s += out[i];
  return s;
}

int main(void) {
  pthread_t t[N];
  pthread_barrier_init(&start, 0, N + 1);
  pthread_barrier_init(&done, 0, N + 1);
  pthread_barrier_init(&round_, 0, N);
  for (long i = 0; i < N; i++)
    pthread_create(&t[i], 0, worker, (void *)i);
#ifdef OUTSIDER
  pthread_t o;
  pthread_create(&o, 0, outsider, 0);
#endif
  for (int step = 0; step < 10; step++) {
#ifdef INLINE
    for (int i = 0; i < N; i++)
      in[i] = step + i;
    scale = step;
    pthread_barrier_wait(&start);
#ifndef NO_DONE
    pthread_barrier_wait(&done);
#endif
    double s = 0;
    for (int i = 0; i < N; i++)
      s += out[i];
    printf("%f\n", s);
#else
    setup(step);
    run_step();
    printf("%f\n", collect());
#endif
  }
  stop = 1;
  pthread_barrier_wait(&start);
  for (int i = 0; i < N; i++)
    pthread_join(t[i], 0);
#ifdef OUTSIDER
  pthread_join(o, 0);
#endif
  return 0;
}
