// Relaxed atomics order nothing, a write after the release is not ordered,
// and a read inside the waiting loop runs before the flag is seen. The
// release/acquire hand-off next to them does order its payload.
// RUN: not %parcheck %s -- -std=c11 | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdatomic.h>

int payload;
int late;
int early;
atomic_int ready;
atomic_int done;
int good;
atomic_int handed;

static void *consumer(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&ready, memory_order_relaxed))
    ;
  return (void *)(long)payload;
}

static void *good_consumer(void *arg) {
  (void)arg;
  while (!atomic_load_explicit(&handed, memory_order_acquire))
    ;
  return (void *)(long)good;
}

static void *waiter(void *arg) {
  (void)arg;
  int seen = 0;
  while (!atomic_load(&done))
    seen += early;
  return (void *)(long)(seen + late);
}

int main(void) {
  pthread_t c, w, g;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&g, 0, good_consumer, 0);
  pthread_create(&w, 0, waiter, 0);
  // CHECK: atomic-relaxed-no-order.c:[[@LINE+2]]:3: warning: data race on 'payload': write in thread 'main' conflicts with read in thread 'consumer'
  // CHECK-NEXT: atomic-relaxed-no-order.c:20:24: note: conflicting read in thread 'consumer', holding no lock
  payload = 42;
  atomic_store_explicit(&ready, 1, memory_order_release);
  // CHECK: atomic-relaxed-no-order.c:[[@LINE+2]]:3: warning: data race on 'early': write in thread 'main' conflicts with read in thread 'waiter'
  // CHECK-NEXT: atomic-relaxed-no-order.c:34:13: note: conflicting read in thread 'waiter', holding no lock
  early = 1;
  atomic_store(&done, 1);
  // CHECK: atomic-relaxed-no-order.c:[[@LINE+2]]:3: warning: data race on 'late': write in thread 'main' conflicts with read in thread 'waiter'
  // CHECK-NEXT: atomic-relaxed-no-order.c:35:32: note: conflicting read in thread 'waiter', holding no lock
  late = 2;
  good = 3; // before the release: no race
  atomic_store_explicit(&handed, 1, memory_order_release);
  pthread_join(c, 0);
  pthread_join(g, 0);
  pthread_join(w, 0);
  return 0;
}
