// Every modelled lock API makes edges: a C11 mtx_t, a pthread rwlock taken for
// writing and a spinlock form a cycle over three threads.
// RUN: not %parcheck %s -- -std=gnu11 | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <threads.h>

mtx_t table_mtx;
pthread_rwlock_t index_rw = PTHREAD_RWLOCK_INITIALIZER;
pthread_spinlock_t stats_spin;
int rows, keys, hits;

void *writer(void *p) {
  mtx_lock(&table_mtx);
  pthread_rwlock_wrlock(&index_rw);
  rows++;
  pthread_rwlock_unlock(&index_rw);
  mtx_unlock(&table_mtx);
  return p;
}

void *indexer(void *p) {
  pthread_rwlock_wrlock(&index_rw);
  pthread_spin_lock(&stats_spin);
  keys++;
  pthread_spin_unlock(&stats_spin);
  pthread_rwlock_unlock(&index_rw);
  return p;
}

void *stats(void *p) {
  pthread_spin_lock(&stats_spin);
  mtx_lock(&table_mtx);
  // CHECK: other-apis.c:[[@LINE-1]]:3: warning: lock order inversion: 'table_mtx' acquired while holding 'stats_spin' (cycle 'table_mtx' -> 'index_rw' -> 'stats_spin' -> 'table_mtx') [parcheck-lock-order]
  // CHECK-NEXT: other-apis.c:[[@LINE-3]]:3: note: 'stats_spin' acquired here
  // CHECK-NEXT: other-apis.c:14:3: note: 'index_rw' acquired while holding 'table_mtx' in thread 'writer'
  // CHECK-NEXT: other-apis.c:13:3: note: 'table_mtx' acquired here
  // CHECK-NEXT: other-apis.c:23:3: note: 'stats_spin' acquired while holding 'index_rw' in thread 'indexer'
  // CHECK-NEXT: other-apis.c:22:3: note: 'index_rw' acquired here
  hits = rows + keys;
  mtx_unlock(&table_mtx);
  pthread_spin_unlock(&stats_spin);
  return p;
}

int main(void) {
  pthread_t t[3];
  mtx_init(&table_mtx, mtx_plain);
  pthread_spin_init(&stats_spin, 0);
  pthread_create(&t[0], 0, writer, 0);
  pthread_create(&t[1], 0, indexer, 0);
  pthread_create(&t[2], 0, stats, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}
