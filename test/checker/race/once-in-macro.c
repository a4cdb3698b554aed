// A macro that makes sure of a key with pthread_once, then reads it
// ('try {' in pigz's try.h: try_setup_(), then pthread_getspecific(try_key_)):
// the once-call and the read share the macro's one location, and their order
// inside the expansion (SrcLoc::Ord) still puts the once-call first. The
// once-callback's write of the key happens before every return from the
// once-call, so no thread's read races with it.
// Still races:
//   -DREVERSED  the macro reads the key before it makes sure of it.
// RUN: %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DREVERSED | FileCheck %s --check-prefix=RACE
// SAFE-NOT: warning:
#include <pthread.h>

static pthread_key_t key;
static pthread_once_t once = PTHREAD_ONCE_INIT;

// RACE: once-in-macro.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'key'
static void make_key(void) { pthread_key_create(&key, 0); }
static void ensure_key(void) { pthread_once(&once, make_key); }

#ifdef REVERSED
#define CURRENT() (pthread_getspecific(key) ? (void *)1 : (ensure_key(), (void *)0))
#else
#define CURRENT() (ensure_key(), pthread_getspecific(key))
#endif

static void *worker(void *arg) {
  void *cur = CURRENT();
  return cur ? cur : arg;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  void *cur = CURRENT();
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return cur != 0;
}
