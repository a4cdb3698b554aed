// A taken request that stores a pointer to one of its own parts into
// itself through a local alias of its parameter ('buf = &req->statbuf; ..
// req->ptr = buf;', libuv's uv__iou_fs_statx_post) does not publish the
// request: no one else reaches it so. The callee's accesses stay the
// owner's, in each of the two threads that take requests (a worker from the
// pool's queue, main from a completion list). A store of that pointer
// anywhere else still publishes it (-DPUBLISH: 'last = buf', a global), and
// the two threads' writes then race.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DPUBLISH | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'stat_buf::size'
#include <pthread.h>
#include <stdlib.h>

struct stat_buf {
  long size;
  long mode;
};

struct req {
  struct stat_buf statbuf;
  void *ptr;
  struct req *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct req *pending, *completed;
static struct stat_buf *last;

static void to_stat(long v, struct stat_buf *dst) {
  dst->size = v;
  dst->mode = v + 1;
}

static void stat_post(struct req *req, long v) {
  struct stat_buf *buf;
  buf = &req->statbuf;
  req->ptr = NULL;
  to_stat(v, buf);
  req->ptr = buf; // a pointer to the request's own part, kept in it
#ifdef PUBLISH
  last = buf;
#endif
}


static struct req *take_pending(void) {
  pthread_mutex_lock(&mu);
  struct req *r = pending;
  if (r)
    pending = r->next;
  pthread_mutex_unlock(&mu);
  return r;
}

static struct req *take_completed(void) {
  pthread_mutex_lock(&mu);
  struct req *r = completed;
  if (r)
    completed = r->next;
  pthread_mutex_unlock(&mu);
  return r;
}

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    struct req *r = take_pending();
    if (!r)
      return 0;
    stat_post(r, 1);
  }
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  for (;;) {
    struct req *r = take_completed();
    if (!r)
      break;
    stat_post(r, 2);
  }
  pthread_join(t, 0);
  return 0;
}
