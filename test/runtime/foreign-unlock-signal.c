// The shape of memcached's extstore compaction (storage.c): a thread holds a normal mutex and
// another thread (the IO thread) unlocks it as a signal that the work is done; the holder then
// takes the mutex again. Under the shim, memcached's t/extstore.t failed: the IO thread was
// stalled in its unlock while the report of that foreign unlock was symbolised (~0.5 s), which
// held up the compaction the test counts on. Here the symbolizer (Inputs/gated-symbolizer.sh)
// does not answer until the holder has seen the unlocker go on: symbolising on the unlocking
// thread would block both for ever (the %run limit ends it). The holder's second lock is not a
// self-deadlock (the mutex is free: no exit 67), and the report is written by the exit.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.gate %t.gate.started
// RUN: env PARCHECK_TEST_GATE=%t.gate %env_parcheck_opts=report_thread=1:symbolizer_path=%S/Inputs/gated-symbolizer.sh %run %t %t.gate > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --implicit-check-not="WARNING: parcheck" < %t.out
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>

pthread_mutex_t wrap_lock = PTHREAD_MUTEX_INITIALIZER;
sem_t held, signalled;
int done;

static void *io_thread(void *arg) {
  sem_wait(&held);
  done = 1;
  pthread_mutex_unlock(&wrap_lock);  // held by main: a foreign unlock, reported
  sem_post(&signalled);
  return 0;
}

int main(int argc, char **argv) {
  sem_init(&held, 0, 0);
  sem_init(&signalled, 0, 0);
  pthread_t io;
  pthread_create(&io, 0, io_thread, 0);
  pthread_mutex_lock(&wrap_lock);
  sem_post(&held);
  sem_wait(&signalled);  // the IO thread went on after its unlock
  pthread_mutex_lock(&wrap_lock);  // free again: not a double lock
  fprintf(stderr, "relocked done=%d\n", done);
  pthread_mutex_unlock(&wrap_lock);
  FILE *gate = fopen(argv[1], "w");
  fclose(gate);
  pthread_join(io, 0);
  return 0;
}
// CHECK: relocked done=1
// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: Thread T1 unlocks mutex 'wrap_lock' that it does not hold:
// CHECK-NEXT: #0 io_thread {{.*}}foreign-unlock-signal.c:24
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (unlock-not-held: 1);
// CHECK: exit=66
