// A recursive read lock on a writer-preferring rwlock
// (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP) with a writer waiting hangs: T1 holds it for
// reading, T2 waits to write (for T1), and T1 asks to read again, which glibc makes wait
// behind the queued writer. The watchdog sees the cycle (a read wait on such a lock waits for
// the queued writers too) and exits 67, naming both threads. The order is forced: T1 reads,
// then starts T2 and waits until T2 is queued in wrlock (the lock's state shows it), then
// reads again.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t > %t.log 2>&1 || echo "exit=$?" >> %t.log
// RUN: FileCheck %s < %t.log
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

static pthread_rwlock_t rw;

static void *writer(void *p) {
  pthread_rwlock_wrlock(&rw);  // waits for the reader
  pthread_rwlock_unlock(&rw);
  return 0;
}

static void *reader(void *p) {
  pthread_rwlock_rdlock(&rw);
  pthread_t w;
  pthread_create(&w, 0, writer, 0);
  // Wait until the writer is queued: glibc's primary writer sets PTHREAD_RWLOCK_WRLOCKED (2)
  // in __readers before it waits for the readers to leave.
  while ((__atomic_load_n(&rw.__data.__readers, __ATOMIC_ACQUIRE) & 2) == 0) sched_yield();
  pthread_rwlock_rdlock(&rw);  // blocks for ever: behind the queued writer
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_unlock(&rw);
  pthread_join(w, 0);
  return 0;
}

int main(void) {
  pthread_rwlockattr_t a;
  pthread_rwlockattr_init(&a);
  pthread_rwlockattr_setkind_np(&a, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
  pthread_rwlock_init(&rw, &a);
  pthread_t t;
  pthread_create(&t, 0, reader, 0);
  pthread_join(t, 0);
  fprintf(stderr, "not reached\n");
  return 0;
}
// CHECK: WARNING: parcheck: deadlock
// CHECK-DAG: Thread T1 waits for rwlock 'rw'
// CHECK-DAG: Thread T2 waits for rwlock 'rw' held by thread T1
// CHECK: SUMMARY: parcheck: deadlock T{{[12]}} -> 'rw' -> T{{[12]}} -> 'rw' -> T{{[12]}}
// CHECK-NOT: not reached
// CHECK: exit=67
