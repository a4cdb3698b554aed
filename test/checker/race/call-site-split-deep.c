// The call-site split, calls deep. 'grow' is reached only through 'poll_buf'
// and 'push_buf', and the logger thread calls 'poll_buf' twice: with the
// logger's own buffer under the logger's mutex, and with its watcher's
// buffer under no lock. Main pushes into the logger's buffer under the mutex.
// Checked once per call into 'poll_buf' (not with the meet of its entry
// locks and the union of the objects it is passed), the logger thread's
// unlocked call is on the watcher's buffer, which main never touches, and
// its call on the logger's buffer holds the mutex main holds: no race.
// -DUNLOCKED_POLL: the logger thread polls its own buffer without the mutex:
// reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DUNLOCKED_POLL | FileCheck %s --check-prefix=RACE
// RACE: call-site-split-deep.c:[[@LINE+8]]:{{[0-9]+}}: warning: data race on 'buf::used': write in thread 'main' conflicts with write in thread 'logger_thread'
#include <pthread.h>
#include <stdlib.h>

struct buf {
  long used;
};

static void grow(struct buf *b) { b->used++; }
static void poll_buf(struct buf *b) { grow(b); }
static void push_buf(struct buf *b) { grow(b); }

struct logger {
  pthread_mutex_t mu;
  struct buf *buf;
};
struct watcher {
  struct buf *buf;
};

static struct logger L = {PTHREAD_MUTEX_INITIALIZER, 0};
static struct watcher W;

static void *logger_thread(void *arg) {
  (void)arg;
  W.buf = calloc(1, sizeof(struct buf));
  for (int i = 0; i < 100; i++) {
#ifndef UNLOCKED_POLL
    pthread_mutex_lock(&L.mu);
#endif
    poll_buf(L.buf);
#ifndef UNLOCKED_POLL
    pthread_mutex_unlock(&L.mu);
#endif
    poll_buf(W.buf);
  }
  return 0;
}

int main(void) {
  L.buf = calloc(1, sizeof(struct buf));
  pthread_t t;
  pthread_create(&t, 0, logger_thread, 0);
  for (int i = 0; i < 100; i++) {
    pthread_mutex_lock(&L.mu);
    push_buf(L.buf);
    pthread_mutex_unlock(&L.mu);
  }
  pthread_join(t, 0);
  return 0;
}
