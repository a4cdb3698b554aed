// An object a thread's caller owns stays private in the callees it is handed
// to: each compressor runs engine() on the stream on its own stack (through
// run()), so two compressors never share one. The stream every thread sees
// through 'shared' is another matter: the logger's engine() call races with
// main's write.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct stream {
  int avail;
  int total;
};

static struct stream *shared;

static void engine(struct stream *s, int n) {
  s->avail = n;
  s->total += n;
}
static void run(struct stream *s) { engine(s, 1); }

static void *compressor(void *arg) {
  (void)arg;
  struct stream strm;
  run(&strm);
  return 0;
}

static void *logger(void *arg) {
  (void)arg;
  engine(shared, 2);
  return 0;
}

int main(void) {
  pthread_t t[3];
  shared = calloc(1, sizeof *shared);
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, compressor, 0);
  pthread_create(&t[2], 0, logger, 0);
  shared->total = 5;
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}
// CHECK: owned-param.c:19:6: warning: data race on 'stream::total': write in thread 'logger' conflicts with write in thread 'main'
// CHECK: owned-param.c:42:11: note: conflicting write in thread 'main', holding no lock
