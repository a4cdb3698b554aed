// Ownership transfer through a ring of slots (an io_uring completion ring, a
// single-consumer ring buffer): a consumer reads the published tail with an
// acquire load, takes the item pointer out of each slot between its head and
// that tail ('e = &ring[i & mask]; r = e->item;'), uses the item, then
// publishes its new head with a release store. The item is the consumer's
// own between the take and the next publish: two consumers filling the
// item's parts (directly and through a helper on a local alias of a part)
// do not race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdatomic.h>

struct stat_buf { long size; long mode; };
struct req { struct stat_buf st; int result; };
struct slot { struct req *item; int res; };

static struct slot ring[64];
static _Atomic unsigned ring_head, ring_tail;

static void fill(struct stat_buf *dst) {
  dst->size = 1;
  dst->mode = 2;
}

static void post_stat(struct req *r) {
  struct stat_buf *buf = &r->st;
  fill(buf);
}

static void drain(void) {
  struct slot *e;
  struct req *r;
  unsigned head = atomic_load_explicit(&ring_head, memory_order_relaxed);
  unsigned tail = atomic_load_explicit(&ring_tail, memory_order_acquire);
  for (unsigned i = head; i != tail; i++) {
    e = &ring[i & 63];
    r = e->item;
    r->result = e->res;
    post_stat(r);
  }
  atomic_store_explicit(&ring_head, tail, memory_order_release);
}

static void *completer(void *arg) {
  drain();
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, completer, 0);
  drain();
  pthread_join(t, 0);
  return 0;
}
