// A symbolizer that never answers (Inputs/hung-symbolizer.sh) or dies at once
// (Inputs/dead-symbolizer.sh) never hangs the program: after symbolizer_timeout_ms without an
// answer the runtime kills it and falls back to addresses (module), and the exit still writes
// and counts the report. The program's threads never wait for it: the IO thread's foreign
// unlock returns (main sees it through the semaphore) whatever the symbolizer does. Before,
// the runtime read a symbolizer's output until it ended: a hung one hung the exit (the %run
// time limit ends it, exit 124).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=symbolizer_timeout_ms=200:symbolizer_path=%S/Inputs/hung-symbolizer.sh %run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --implicit-check-not="WARNING: parcheck" < %t.out
// RUN: %env_parcheck_opts=symbolizer_path=%S/Inputs/dead-symbolizer.sh %run %t > %t.dead 2>&1 || echo "exit=$?" >> %t.dead
// RUN: FileCheck %s --implicit-check-not="WARNING: parcheck" < %t.dead
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

pthread_mutex_t wrap_lock = PTHREAD_MUTEX_INITIALIZER;
sem_t held, signalled;

static void *io_thread(void *arg) {
  sem_wait(&held);
  pthread_mutex_unlock(&wrap_lock);  // held by main: a foreign unlock, reported
  sem_post(&signalled);
  return 0;
}

int main(void) {
  sem_init(&held, 0, 0);
  sem_init(&signalled, 0, 0);
  pthread_t io;
  pthread_create(&io, 0, io_thread, 0);
  pthread_mutex_lock(&wrap_lock);
  sem_post(&held);
  sem_wait(&signalled);
  fprintf(stderr, "unlocker went on\n");
  pthread_join(io, 0);
  return 0;
}
// CHECK: unlocker went on
// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: Thread T1 unlocks mutex '{{.*}}' that it does not hold:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} ({{.*}}symbolizer-hung.c.tmp)
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (unlock-not-held: 1);
// CHECK: exit=66
