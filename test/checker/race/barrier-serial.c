// The serial branch of a barrier wait (analysis/Phases.cpp): each episode of
// a pthread barrier returns PTHREAD_BARRIER_SERIAL_THREAD to one waiter only,
// so the branch taken on that result ('if (rc == PTHREAD_BARRIER_SERIAL_THREAD)
// swap(..)') never overlaps itself, and the phase rule keeps it apart from the
// other threads' compute phase. The Jacobi shape: every worker computes its
// slice of 'nxt' from 'cur', one of them swaps the two, all wait again.
// Default and -DNEQ (the serial branch as the else of '!='): silent. Before
// this rule (with the phases of 24b8178) the swap's writes of 'cur', 'nxt'
// and 'residual' were reported against themselves in another instance.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --check-prefix=SILENT --implicit-check-not="warning:"
// RUN: %parcheck %s -- -DNEQ | FileCheck %s --allow-empty --check-prefix=SILENT --implicit-check-not="warning:"
// SILENT-NOT: warning:
//
// Without the second wait the swap overlaps the others' next compute phase.
// RUN: not %parcheck %s -- -DNO_SECOND | FileCheck %s --check-prefix=NOSECOND
// NOSECOND: warning: data race on 'cur': write in thread 'worker' conflicts with read in another instance of thread 'worker'
//
// A branch on any other result is taken by all the other waiters at once.
// RUN: not %parcheck %s -- -DNOT_SERIAL | FileCheck %s --check-prefix=NOTSERIAL
// NOTSERIAL: warning: data race on 'residual': write in thread 'worker' conflicts with write in another instance of thread 'worker'
//
// A result reassigned after the wait is not the wait's.
// RUN: not %parcheck %s -- -DREASSIGNED | FileCheck %s --check-prefix=NOTSERIAL
#include <pthread.h>
#include <stdio.h>

#define N 4
#define M 64
pthread_barrier_t step;
double a[M], b[M];
double *cur = a, *nxt = b;
double residual;

static void *worker(void *arg) {
  long id = (long)arg;
  for (int it = 0; it < 100; it++) {
    for (long i = id * (M / N); i < (id + 1) * (M / N); i++)
      nxt[i] = (cur[(i + M - 1) % M] + cur[(i + 1) % M]) / 2;
    int rc = pthread_barrier_wait(&step);
#ifdef REASSIGNED
    rc = it % 2 ? PTHREAD_BARRIER_SERIAL_THREAD : 0;
#endif
#if defined(NEQ)
    if (rc != PTHREAD_BARRIER_SERIAL_THREAD) {
    } else {
#elif defined(NOT_SERIAL)
    if (rc == 0) {
#else
    if (rc == PTHREAD_BARRIER_SERIAL_THREAD) {
#endif
      double *t = cur;
      cur = nxt;
      nxt = t;
      residual = cur[0] - nxt[0];
    }
#ifndef NO_SECOND
    pthread_barrier_wait(&step);
#endif
  }
  return 0;
}

int main(void) {
  pthread_t t[N];
  pthread_barrier_init(&step, 0, N);
  for (long i = 0; i < N; i++)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < N; i++)
    pthread_join(t[i], 0);
  printf("%f\n", residual);
  return 0;
}
