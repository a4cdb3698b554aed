// Per-thread argument blocks that share what they point to: each thread gets
// its own 'struct args' (a[i]), but every a[i].st points to the one 'st'
// (assigned '&st' in the spawn loop, 'st' declared outside it), so the
// threads' 'hits++' through it race. What each block points to alone is
// still each thread's: 'own' (&mine[i], an element per iteration) and 'buf'
// (allocated per iteration).
// RUN: not %parcheck --no-caret %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct stats {
  long hits;
};
struct counter {
  long n;
};
struct buffer {
  char data[64];
  long used;
};
struct args {
  int id;
  struct stats *st;
  struct counter *own;
  struct buffer *buf;
};

static void *worker(void *p) {
  struct args *a = p;
  // CHECK: common-pointee.c:[[@LINE+1]]:10: warning: data race on 'stats::hits': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  a->st->hits++;
  a->own->n++;
  a->buf->used += a->id;
  return 0;
}

int main(void) {
  struct stats st = {0};
  struct counter mine[4];
  pthread_t t[4];
  struct args a[4];
  for (int i = 0; i < 4; i++) {
    a[i].id = i;
    a[i].st = &st;
    a[i].own = &mine[i];
    a[i].buf = calloc(1, sizeof(struct buffer));
    pthread_create(&t[i], 0, worker, &a[i]);
  }
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  return (int)st.hits;
}
