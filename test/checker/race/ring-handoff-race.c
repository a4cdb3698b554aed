// Near the ring hand-off (ring-handoff.c): a thread that reads a slot's item
// without taking it (no acquire of the tail, no release of its head: a peek)
// does not own the item, so its write races with the consumer's.
// Both sides read the item from a slot of the global ring ('ring[0].item', a
// member of a global object: TUFacts::GlobalCells), which every thread reads
// alike, so the race is medium and shown by default (it was graded low,
// hidden, while any pointer member counted as another object's memory).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdatomic.h>

struct req { long size; int result; };
struct slot { struct req *item; int res; };

static struct slot ring[64];
static _Atomic unsigned ring_head, ring_tail;

static void drain(void) {
  struct slot *e;
  struct req *r;
  unsigned head = atomic_load_explicit(&ring_head, memory_order_relaxed);
  unsigned tail = atomic_load_explicit(&ring_tail, memory_order_acquire);
  for (unsigned i = head; i != tail; i++) {
    e = &ring[i & 63];
    r = e->item;
    // CHECK: ring-handoff-race.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'req::result'
    // CHECK: note: confidence medium
    r->result = e->res;
  }
  atomic_store_explicit(&ring_head, tail, memory_order_release);
}

static void *peeker(void *arg) {
  struct req *r = ring[0].item;
  r->result = 0;
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, peeker, 0);
  drain();
  pthread_join(t, 0);
  return 0;
}
