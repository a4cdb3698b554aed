// Writer starvation on a reader-preferring rwlock (glibc's default): the readers keep the
// read lock taken the whole time (one holds it throughout and re-takes it recursively, the
// other takes it again and again: new readers get in while a writer waits), so the writer
// waits while readers take it many times. Deterministic: the lock is never free until the
// readers are done; the readers start taking it only once the writer is blocked on it
// (Inputs/blocked.h), and the long reader keeps it at least 20 x 25 ms = 500 ms after that,
// ten times starvation_ms=50; the count, 40 acquisitions by others, is exact.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// The watchdog may report the wait while it goes on (then with the figures so far, possibly
// after the program's own last line): the program's output is checked apart (DONE).
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=4 not %run %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out && FileCheck %s --check-prefix=DONE < %t.out
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=4:watchdog_interval_ms=100000 not %run %t > %t.exact 2>&1 && FileCheck %s --check-prefix=EXACT < %t.exact && FileCheck %s --check-prefix=DONE < %t.exact
// Negative: too few acquisitions for starvation_min_acquisitions (whatever the timing), and a
// threshold far above any duration.
// RUN: %env_parcheck_opts=starvation_ms=50:starvation_min_acquisitions=41 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=starvation_ms=1000000 %run %t 2>&1 | FileCheck %s --check-prefix=NONE --implicit-check-not="WARNING: parcheck"
#include "blocked.h"
#include <pthread.h>
#include <semaphore.h>

pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
sem_t reading, go, short_done;
_Atomic pid_t writer_tid;

static void *long_reader(void *arg) {
  pthread_rwlock_rdlock(&table_lock);
  sem_post(&reading);
  wait_until_blocked_on(&writer_tid, &table_lock, sizeof table_lock);
  sem_post(&go);
  for (int i = 0; i < 20; ++i) {
    pthread_rwlock_rdlock(&table_lock);
    usleep(25000);
    pthread_rwlock_unlock(&table_lock);
  }
  sem_wait(&short_done);
  pthread_rwlock_unlock(&table_lock);
  return 0;
}

static void *short_reader(void *arg) {
  sem_wait(&go);
  for (int i = 0; i < 20; ++i) {
    pthread_rwlock_rdlock(&table_lock);
    pthread_rwlock_unlock(&table_lock);
  }
  sem_post(&short_done);
  return 0;
}

static void *writer(void *arg) {
  writer_tid = this_tid();
  pthread_rwlock_wrlock(&table_lock);
  pthread_rwlock_unlock(&table_lock);
  return 0;
}

int main(void) {
  sem_init(&reading, 0, 0);
  sem_init(&go, 0, 0);
  sem_init(&short_done, 0, 0);
  pthread_t r0, r1, w;
  pthread_create(&r0, 0, long_reader, 0);
  sem_wait(&reading);  // the lock is read-held from now until the readers are done
  pthread_create(&r1, 0, short_reader, 0);
  pthread_create(&w, 0, writer, 0);
  pthread_join(r0, 0);
  pthread_join(r1, 0);
  pthread_join(w, 0);
  fprintf(stderr, "writer done\n");
  return 0;
}
// CHECK: WARNING: parcheck: writer starvation (pid={{[0-9]+}})
// CHECK: Thread T3 has waited {{[0-9]+}} ms for rwlock 'table_lock' while other threads took it {{[0-9]+}} times:
// CHECK-NEXT: #0 writer {{.*}}starvation-writer.c:53
// CHECK: Held by: T1
// CHECK: SUMMARY: parcheck: writer starvation on 'table_lock' [parcheck-starvation]
// DONE: writer done
// EXACT: Thread T3 has waited {{[0-9]+}} ms for rwlock 'table_lock' while other threads took it 40 times:
// (The program's own last line is checked apart: the reporter thread may write after it.)
// NONE: writer done
