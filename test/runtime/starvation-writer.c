// Writer starvation on a reader-preferring rwlock (glibc's default): the readers keep the
// read lock taken the whole time (one holds it throughout and re-takes it recursively, the
// other takes it again and again), so the writer waits while readers take it many times.
// Deterministic: the lock is never free until the readers are done; thresholds are generous.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %env_parcheck_opts=starvation_ms=300:starvation_min_acquisitions=5 not %run %t 2>&1 | FileCheck %s
// RUN: %env_parcheck_opts=starvation_ms=100000 %run %t 2>&1 | FileCheck %s --check-prefix=HIGH --implicit-check-not="WARNING: parcheck"
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

pthread_rwlock_t table_lock = PTHREAD_RWLOCK_INITIALIZER;
pthread_barrier_t started;

static void *long_reader(void *arg) {
  pthread_rwlock_rdlock(&table_lock);
  pthread_barrier_wait(&started);
  for (int i = 0; i < 20; ++i) {
    pthread_rwlock_rdlock(&table_lock);
    usleep(40000);
    pthread_rwlock_unlock(&table_lock);
  }
  pthread_rwlock_unlock(&table_lock);
  return 0;
}

static void *short_reader(void *arg) {
  for (int i = 0; i < 20; ++i) {
    pthread_rwlock_rdlock(&table_lock);
    usleep(20000);
    pthread_rwlock_unlock(&table_lock);
  }
  return 0;
}

static void *writer(void *arg) {
  pthread_rwlock_wrlock(&table_lock);
  pthread_rwlock_unlock(&table_lock);
  return 0;
}

int main(void) {
  pthread_barrier_init(&started, 0, 2);
  pthread_t r0, r1, w;
  pthread_create(&r0, 0, long_reader, 0);
  pthread_barrier_wait(&started);
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
// CHECK-NEXT: #0 writer {{.*}}starvation-writer.c:37
// CHECK: Held by: T{{[12]}}
// CHECK: SUMMARY: parcheck: writer starvation on 'table_lock' [parcheck-starvation]
// CHECK: writer done
// HIGH: writer done
