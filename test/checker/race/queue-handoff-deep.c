// Ownership through a lock-protected queue, calls deep (the call-site split,
// CallSite::Outer). The consumer takes an item out of the queue and hands it
// to 'handle', which sets it through 'set_mode'; it also calls 'handle' on a
// local item of its own. 'handle's parameter is neither taken on every call
// (the local) nor owned on every call (the taken item), so through the call
// 'set_mode(it)' alone the write is neither the owner's nor private. Checked
// once per call into 'handle', it is the taken item's owner's on the first
// path and the local's on the second: no race with the producer, which fills
// the item before it pushes it.
// -DSHARED: the consumer also hands 'handle' the one global item the
// producer writes after creating the consumers: reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DSHARED | FileCheck %s --check-prefix=RACE
// RACE: queue-handoff-deep.c:[[@LINE+12]]:{{[0-9]+}}: warning: data race on 'item::mode'
#include <pthread.h>
#include <stdlib.h>

struct item {
  int mode;
  struct item *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct item *head;

static void set_mode(struct item *it, int m) { it->mode = m; }
static void handle(struct item *it) { set_mode(it, 0); }

static void push(struct item *it) {
  pthread_mutex_lock(&mu);
  it->next = head;
  head = it;
  pthread_mutex_unlock(&mu);
}

static struct item *pop(void) {
  pthread_mutex_lock(&mu);
  struct item *it = head;
  if (it)
    head = it->next;
  pthread_mutex_unlock(&mu);
  return it;
}

#ifdef SHARED
static struct item shared;
#endif

static void *consumer(void *arg) {
  (void)arg;
  struct item mine = {1, 0};
  handle(&mine);
  struct item *it = pop();
  if (it)
    handle(it);
#ifdef SHARED
  handle(&shared);
#endif
  return (void *)(long)mine.mode;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, consumer, 0);
  for (int i = 0; i < 2; ++i) {
    struct item *it = calloc(1, sizeof *it);
    set_mode(it, 1); // filled before push() publishes it
    push(it);
  }
#ifdef SHARED
  set_mode(&shared, 2);
#endif
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  return 0;
}
