// memcached's extstore compaction under the shim (issue 9): an IO thread unlocks, as a signal,
// a mutex the compaction thread holds, once per phase; each foreign unlock is reported, and
// the test's timing depends on the server's threads getting the CPU meanwhile. Symbolising
// those reports started an llvm-symbolizer per module and per lock name (about 0.15 s of CPU
// each, seconds of wall time on a loaded 2-core machine). The runtime now keeps one symbolizer
// process per process and sends it every batch over a socket.
// Here the symbolizer (Inputs/gated-symbolizer.sh) is held at its start until main opens the
// gate: the first report is being symbolised while the second phase runs, and the program's
// threads go on; at the exit both reports are written, symbolised (frames and the globals'
// names), and the gate script was started once in all (.starts has one line; before, one
// start per module and per lock name).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.gate %t.gate.started %t.gate.starts
// RUN: env PARCHECK_TEST_GATE=%t.gate %env_parcheck_opts=symbolizer_path=%S/Inputs/gated-symbolizer.sh %run %t %t.gate > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --implicit-check-not="WARNING: parcheck" < %t.out
// RUN: wc -l < %t.gate.starts | FileCheck %s --check-prefix=STARTS
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t wrap_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t page_lock = PTHREAD_MUTEX_INITIALIZER;
sem_t held, signalled;

static void io_phase1(void) { pthread_mutex_unlock(&wrap_lock); }  // held by main: reported
static void io_phase2(void) { pthread_mutex_unlock(&page_lock); }  // held by main: reported

static void *io_thread(void *arg) {
  sem_wait(&held);
  io_phase1();
  sem_post(&signalled);
  sem_wait(&held);
  io_phase2();
  sem_post(&signalled);
  return 0;
}

int main(int argc, char **argv) {
  char started[4096];
  snprintf(started, sizeof(started), "%s.started", argv[1]);
  sem_init(&held, 0, 0);
  sem_init(&signalled, 0, 0);
  pthread_t io;
  pthread_create(&io, 0, io_thread, 0);
  // Phase 1: the compaction thread (main) holds wrap_lock; the IO thread unlocks it.
  pthread_mutex_lock(&wrap_lock);
  sem_post(&held);
  sem_wait(&signalled);
  while (access(started, F_OK) != 0)  // the first report is being symbolised
    usleep(1000);
  // Phase 2, while the symbolizer does not answer: the threads go on.
  pthread_mutex_lock(&page_lock);
  sem_post(&held);
  sem_wait(&signalled);
  pthread_mutex_lock(&wrap_lock);  // both are free again
  pthread_mutex_lock(&page_lock);
  fprintf(stderr, "both phases done\n");
  pthread_mutex_unlock(&page_lock);
  pthread_mutex_unlock(&wrap_lock);
  FILE *gate = fopen(argv[1], "w");
  fclose(gate);
  pthread_join(io, 0);
  return 0;
}
// CHECK: both phases done
// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: Thread T1 unlocks mutex 'wrap_lock' that it does not hold:
// CHECK-NEXT: #0 io_phase1 {{.*}}symbolizer-persistent.c:26
// CHECK-NEXT: #1 io_thread {{.*}}symbolizer-persistent.c:31
// CHECK: WARNING: parcheck: unlock of a lock the thread does not hold
// CHECK: Thread T1 unlocks mutex 'page_lock' that it does not hold:
// CHECK-NEXT: #0 io_phase2 {{.*}}symbolizer-persistent.c:27
// CHECK-NEXT: #1 io_thread {{.*}}symbolizer-persistent.c:34
// CHECK: ==parcheck== pid={{[0-9]+}} ({{.*}}): 2 report(s) (unlock-not-held: 2);
// CHECK: exit=66
// STARTS: {{^ *1$}}
