// Code that runs only for a null (or only for a non-null) argument (libuv's
// file requests): 'fs_stat(req, cb)' queues the request for the pool when it
// has a callback and runs the work itself when it has none. main always
// passes a callback (also to 'fs_write', which tests it in a branch), so it
// never runs 'fs_work' itself: 'total_bytes', which
// 'fs_work' counts without a lock, is the one pool thread's alone.
// With -DRACE, main also makes one synchronous call ('fs_stat(&local,
// NULL)'): it runs 'fs_work' too, and the count races.
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DRACE | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
// SAFE-NOT: warning:
#include <pthread.h>
#include <stddef.h>

struct req {
  long size;
  long result;
  void (*cb)(struct req *);
  struct req *next;
};

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static struct req *queue;
static int done;
static long total_bytes;

static void fs_work(struct req *r) {
  // RACE: null-guarded-calls.c:[[@LINE+1]]:3: warning: data race on 'total_bytes': write in thread 'main' conflicts with write in thread 'pool'
  total_bytes += r->size;
}

static void submit(struct req *r) {
  pthread_mutex_lock(&q_lock);
  r->next = queue;
  queue = r;
  pthread_cond_signal(&q_cond);
  pthread_mutex_unlock(&q_lock);
}

static long fs_stat(struct req *r, void (*cb)(struct req *)) {
  if (cb != NULL) {
    submit(r);
    return 0;
  }
  fs_work(r);
  return 1;
}

// The same choice as a branch rather than an early return.
static void fs_write(struct req *r, void (*cb)(struct req *)) {
  if (cb == NULL)
    fs_work(r);
  else
    submit(r);
}

static void *pool(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&q_lock);
    while (!queue && !done)
      pthread_cond_wait(&q_cond, &q_lock);
    struct req *r = queue;
    if (r)
      queue = r->next;
    pthread_mutex_unlock(&q_lock);
    if (!r)
      return 0;
    fs_work(r);
  }
}

static void stat_cb(struct req *r) { (void)r; }

int main(void) {
  static struct req reqs[4];
  pthread_t t;
  pthread_create(&t, 0, pool, 0);
  for (int i = 0; i < 4; i++)
    fs_stat(&reqs[i], stat_cb);
  fs_write(&reqs[0], stat_cb);
#ifdef RACE
  struct req local = {0};
  fs_stat(&local, NULL);
#endif
  pthread_mutex_lock(&q_lock);
  done = 1;
  pthread_cond_signal(&q_cond);
  pthread_mutex_unlock(&q_lock);
  pthread_join(t, 0);
  return 0;
}
