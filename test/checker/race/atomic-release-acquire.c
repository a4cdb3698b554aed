// Message passing through an atomic flag: the write before a release (or
// seq_cst) store happens before the read after a loop that waits for the flag
// with an acquire (or seq_cst) load, directly or in a helper.
// RUN: %parcheck %s -- -std=c11 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdatomic.h>

int payload;
int config;
atomic_int ready;
int go;

static void *consumer(void *arg) {
  (void)arg;
  while (!atomic_load(&ready))
    ;
  return (void *)(long)payload;
}

static void wait_go(void) {
  while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE))
    ;
}

static void *configured(void *arg) {
  (void)arg;
  wait_go();
  return (void *)(long)config;
}

static void publish(void) { __atomic_store_n(&go, 1, __ATOMIC_RELEASE); }

int main(void) {
  pthread_t c, d;
  pthread_create(&c, 0, consumer, 0);
  pthread_create(&d, 0, configured, 0);
  payload = 42;
  atomic_store_explicit(&ready, 1, memory_order_release);
  config = 7;
  publish();
  pthread_join(c, 0);
  pthread_join(d, 0);
  return 0;
}
