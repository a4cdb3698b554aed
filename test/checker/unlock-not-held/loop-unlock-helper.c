// A thread's loop that calls an unlock helper before its first lock (older
// memcached's crawler calling lru_crawler_class_done before locking
// lru_locks[i]) releases first on the loop's first iteration, but it is no
// callee dropping its caller's lock: it never returns holding the lock (here
// it never returns at all). The helper's unlock of a lock no one holds is
// reported; the thread's own lock and unlock, on every iteration, are not.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int n;

// CHECK: loop-unlock-helper.c:[[@LINE+1]]:26: warning: 'm' released but not held on any path here
static void done(void) { pthread_mutex_unlock(&m); }

static void *forever(void *arg) {
  (void)arg;
  for (int k = 0;; k++) {
    if (k > 3)
      done();
    pthread_mutex_lock(&m);
    n++;
    pthread_mutex_unlock(&m);
  }
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, forever, 0);
  pthread_mutex_lock(&m);
  n = 0;
  pthread_mutex_unlock(&m);
  return 0;
}
