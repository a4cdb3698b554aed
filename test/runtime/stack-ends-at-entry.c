// Stacks end at the program's entry points: a thread's start routine and main are called
// through the shim's CallEntry frame (rt_stack.h), and a walk stops there, so no report shows
// libc's start code (start_thread, clone3, __libc_start_call_main, __libc_start_main, _start),
// and the shim never reads libc's unwind entries for it (issue 13: 128 KiB of libc's unwind
// tables in every process's peak RSS). The program itself sees nothing of it: main's and the
// threads' return values, pthread_exit's value, and its own backtrace() from a thread, which
// still unwinds through that frame into libc.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t clean > %t.clean 2>&1 || echo "exit=$?" >> %t.clean
// RUN: FileCheck %s --check-prefix=CLEAN --implicit-check-not="WARNING: parcheck" < %t.clean
// RUN: %run %t cycle > %t.cycle 2>&1 || echo "exit=$?" >> %t.cycle
// RUN: FileCheck %s --check-prefix=CYCLE --implicit-check-not=start_thread --implicit-check-not=clone --implicit-check-not=__libc_start --implicit-check-not=_start < %t.cycle
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>

pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
sem_t edge_made, main_done;  // the worker lives until main has made its edge (no join between)

__attribute__((noinline)) static void take_a_then_b(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

// The program's own unwind from a thread: past the thread function (and the shim's frame)
// into libc's start code, whose last frame lies in libc.
static void own_backtrace(void) {
  void *pcs[32];
  int n = backtrace(pcs, 32);
  Dl_info info;
  const char *last = n > 0 && dladdr(pcs[n - 1], &info) && info.dli_fname ? info.dli_fname : "?";
  fprintf(stderr, "own backtrace: %s frames, last in %s\n", n >= 3 ? "3 or more" : "fewer than 3",
          strstr(last, "libc.so") ? "libc" : last);
}

static void *worker(void *arg) {
  take_a_then_b();
  own_backtrace();
  sem_post(&edge_made);
  sem_wait(&main_done);
  return (void *)0x1234;
}

static void *exiter(void *arg) {
  pthread_exit((void *)0x5678);
  return 0;
}

int main(int argc, char **argv) {
  pthread_t t1, t2;
  void *r1, *r2;
  sem_init(&edge_made, 0, 0);
  sem_init(&main_done, 0, 0);
  pthread_create(&t1, 0, worker, 0);
  sem_wait(&edge_made);
  if (argc > 1 && !strcmp(argv[1], "cycle")) {
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a);  // b => a, against the worker's a => b
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
  }
  sem_post(&main_done);
  pthread_join(t1, &r1);
  pthread_create(&t2, 0, exiter, 0);
  pthread_join(t2, &r2);
  fprintf(stderr, "returned %p, exited %p\n", r1, r2);
  return 7;
}

// CLEAN: own backtrace: 3 or more frames, last in libc
// CLEAN-NEXT: returned 0x1234, exited 0x5678
// CLEAN-NEXT: exit=7

// CYCLE: own backtrace: 3 or more frames, last in libc
// CYCLE: WARNING: parcheck: lock-order-inversion
// CYCLE: Mutex M2 ('b') acquired here while holding mutex M1 ('a') in thread T1:
// CYCLE-NEXT: #0 take_a_then_b {{.*}}stack-ends-at-entry.c:27:3
// CYCLE-NEXT: #1 worker {{.*}}stack-ends-at-entry.c:44:3
// CYCLE-EMPTY:
// CYCLE: Mutex M1 ('a') acquired here while holding mutex M2 ('b') in thread T0:
// CYCLE-NEXT: #0 main {{.*}}stack-ends-at-entry.c:65:5
// CYCLE-EMPTY:
// CYCLE: Thread T1 created by main thread at:
// CYCLE-NEXT: #0 main {{.*}}stack-ends-at-entry.c:61:3
// CYCLE-EMPTY:
// CYCLE: exit=66
