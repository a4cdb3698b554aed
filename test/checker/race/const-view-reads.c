// A read through a pointer to const is a read of an object others may
// write: 'const' there is the reader's promise, not the object's. A getter
// taking 'const struct buf *' (or a 'const void *' it views as one) that a
// thread calls while main writes the same buffer is a race. An object that
// is itself const (a const global, a const member) cannot be written, so
// it is never an access: -DCONST_TABLE reads a const table in both threads
// and stays silent. -DLOCKED takes the lock on both sides: silent.
// RUN: not %parcheck %s -- | FileCheck %s
// RUN: not %parcheck %s -- -DVOID_VIEW | FileCheck %s
// RUN: %parcheck %s -- -DLOCKED | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: %parcheck %s -- -DCONST_TABLE | FileCheck %s --check-prefix=SAFE --allow-empty
// SAFE-NOT: warning:
#include <pthread.h>

struct buf {
  int head;
};
static struct buf B;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static const int Table[4] = {1, 2, 3, 4};
struct limits {
  const int max;
};
static const struct limits Lim = {8};

static int peek(const struct buf *b) { return b->head; }
static int peek_void(const void *p) {
  const struct buf *b = p;
  return b->head;
}

static void *bg(void *arg) {
  (void)arg;
#if defined(CONST_TABLE)
  return (void *)(long)(Table[2] + Lim.max);
#else
#ifdef LOCKED
  pthread_mutex_lock(&M);
#endif
#ifdef VOID_VIEW
  int v = peek_void(&B);
#else
  int v = peek(&B);
#endif
#ifdef LOCKED
  pthread_mutex_unlock(&M);
#endif
  return (void *)(long)v;
#endif
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, bg, 0);
#if defined(CONST_TABLE)
  int sum = Table[1] + Lim.max;
#else
#ifdef LOCKED
  pthread_mutex_lock(&M);
#endif
  // CHECK: const-view-reads.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'B.head': write in thread 'main' conflicts with read in thread 'bg'
  B.head = 1;
#ifdef LOCKED
  pthread_mutex_unlock(&M);
#endif
  int sum = 0;
#endif
  pthread_join(t, 0);
  return sum;
}
