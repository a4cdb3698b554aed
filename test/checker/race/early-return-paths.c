// A create or a join on a path that returns at once orders nothing written
// after that return: a thread started only on such a path is not running
// there (no race on 'setting'), and threads joined only on an error path
// still run on the normal one (the race on 'pool::limit' is found).
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct pool {
  pthread_t threads[4];
  int limit;
};

int setting;
static pthread_t bg_tid;

static void *run(void *arg) {
  struct pool *p = arg;
  return (void *)(long)p->limit;
}

static void *bg(void *arg) {
  (void)arg;
  return (void *)(long)setting;
}

static void pool_free(struct pool *p) {
  for (int i = 0; i < 4; i++)
    pthread_join(p->threads[i], 0);
  free(p);
}

static struct pool *pool_create(void) {
  struct pool *p = calloc(1, sizeof *p);
  for (int i = 0; i < 4; i++)
    if (pthread_create(&p->threads[i], 0, run, p)) {
      pool_free(p); // the error path only
      return NULL;
    }
  // CHECK: early-return-paths.c:[[@LINE+2]]:6: warning: data race on 'pool::limit': write in thread 'main' conflicts with read in thread 'run'
  // CHECK: note: conflicting read in thread 'run'
  p->limit = 4;
  return p;
}

static void start_bg(void) { pthread_create(&bg_tid, 0, bg, 0); }

static int start(int fallback) {
  if (fallback) {
    start_bg();
    return 1;
  }
  setting = 2; // bg is started only on the path that returned
  start_bg();
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  struct pool *p = pool_create();
  start(argc > 1);
  pthread_join(bg_tid, 0);
  pool_free(p);
  return 0;
}
