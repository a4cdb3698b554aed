// Every thread a report names is introduced as TSan does: "Thread T<n> created by <creator>
// at:" with the stack of its pthread_create call, or "Thread T0 is the main thread". Here main
// starts a boss (T1), the boss starts a worker (T2), and the two take mu1 and mu2 in opposite
// orders, in turn (a semaphore, not a join, orders them): the cycle names T1 and T2.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.*.json
// RUN: %env_parcheck_opts=json_path=%t.%%p.json not %run %t cycle > %t.cycle 2>&1
// RUN: FileCheck %s --check-prefix=CYCLE < %t.cycle
// RUN: %python %S/Inputs/thread_details.py %t.*.json | FileCheck %s --check-prefix=CYCLE-JSON
// A misuse in the main thread names only T0: no creation stack.
// RUN: not %run %t misuse 2>&1 | FileCheck %s --check-prefix=MISUSE
// A thread started by C11 thrd_create (intercepted itself: glibc's does not call the
// pthread_create symbol) has its creation stack too (unseen: thread-started-before-runtime.c).
// RUN: not %run %t c11 2>&1 | FileCheck %s --check-prefix=C11
// A real deadlock between two threads started by main.
// RUN: %env_parcheck_opts=detect_lock_order=0 not %run %t deadlock 2>&1 | FileCheck %s --check-prefix=DEADLOCK
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

pthread_mutex_t mu1 = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t mu2 = PTHREAD_MUTEX_INITIALIZER;
sem_t worker_done;
pthread_barrier_t both_hold_one;

static void *worker(void *arg) {
  pthread_mutex_lock(&mu2);
  pthread_mutex_lock(&mu1);  // mu2 => mu1
  pthread_mutex_unlock(&mu1);
  pthread_mutex_unlock(&mu2);
  sem_post(&worker_done);
  return 0;
}

static pthread_t start_worker(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);  // T2, created by T1
  return t;
}

static void *boss(void *arg) {
  pthread_t w = start_worker();
  sem_wait(&worker_done);
  pthread_mutex_lock(&mu1);
  pthread_mutex_lock(&mu2);  // mu1 => mu2
  pthread_mutex_unlock(&mu2);
  pthread_mutex_unlock(&mu1);
  pthread_join(w, 0);
  return 0;
}

static pthread_t start_boss(void) {
  pthread_t t;
  pthread_create(&t, 0, boss, 0);  // T1, created by main
  return t;
}

static void *lock12(void *arg) {
  pthread_mutex_lock(&mu1);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&mu2);  // blocks forever: T2 holds mu2
  return 0;
}

static void *lock21(void *arg) {
  pthread_mutex_lock(&mu2);
  pthread_barrier_wait(&both_hold_one);
  pthread_mutex_lock(&mu1);  // blocks forever: T1 holds mu1
  return 0;
}

static int c11_body(void *arg) {
  pthread_mutex_unlock(&mu2);  // not held
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "cycle")) {
    sem_init(&worker_done, 0, 0);
    pthread_join(start_boss(), 0);
  } else if (argc > 1 && !strcmp(argv[1], "misuse")) {
    pthread_mutex_unlock(&mu1);  // not held
  } else if (argc > 1 && !strcmp(argv[1], "c11")) {
    thrd_t t;
    thrd_create(&t, c11_body, 0);
    thrd_join(t, 0);
  } else {
    pthread_barrier_init(&both_hold_one, 0, 2);
    pthread_t a, b;
    pthread_create(&a, 0, lock12, 0);  // T1
    pthread_create(&b, 0, lock21, 0);  // T2
    pthread_join(a, 0);
    pthread_join(b, 0);
  }
  return 0;
}
// CYCLE: WARNING: parcheck: lock-order-inversion (potential deadlock)
// CYCLE: Threads involved: T1 T2
// CYCLE-EMPTY:
// CYCLE-NEXT: Thread T1 created by main thread at:
// CYCLE-NEXT: #0 start_boss {{.*}}thread-creation-stacks.c:56
// CYCLE-NEXT: #1 main {{.*}}thread-creation-stacks.c:82
// CYCLE: Thread T2 created by thread T1 at:
// CYCLE-NEXT: #0 start_worker {{.*}}thread-creation-stacks.c:39
// CYCLE-NEXT: #1 boss {{.*}}thread-creation-stacks.c:44
// CYCLE: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'mu1' => 'mu2' => 'mu1' [parcheck-lock-order]
// CYCLE-JSON: finding lock-order threads=T1,T2
// CYCLE-JSON-NEXT: thread T1 main=False created_by=T0 created_at=start_boss
// CYCLE-JSON-NEXT: thread T2 main=False created_by=T1 created_at=start_worker

// MISUSE: WARNING: parcheck: unlock of a lock the thread does not hold
// MISUSE: Thread T0 unlocks mutex 'mu1' that it does not hold:
// MISUSE: Thread T0 is the main thread
// MISUSE-EMPTY:
// MISUSE-NEXT: SUMMARY: parcheck: unlock-not-held 'mu1' [parcheck-unlock-not-held]

// C11: Thread T1 unlocks mutex 'mu2' that it does not hold:
// C11: Thread T1 created by main thread at:
// C11-NEXT: #0 main {{.*}}thread-creation-stacks.c:87
// C11-EMPTY:
// C11-NEXT: SUMMARY: parcheck: unlock-not-held 'mu2' [parcheck-unlock-not-held]

// DEADLOCK: WARNING: parcheck: deadlock (threads blocked in a wait-for cycle)
// DEADLOCK-DAG: Thread T1 created by main thread at:
// DEADLOCK-DAG: Thread T2 created by main thread at:
// DEADLOCK-DAG: #0 main {{.*}}thread-creation-stacks.c:92
// DEADLOCK-DAG: #0 main {{.*}}thread-creation-stacks.c:93
// DEADLOCK: SUMMARY: parcheck: deadlock
