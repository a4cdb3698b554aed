// libuv's uv_thread_create_ex: the entry passes through a union that converts
// between two function pointer types (f.in = entry; pthread_create(.., f.out,
// ..)); the members of a union are one slot. The pool workers race.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static unsigned slow_running;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t wq_mutex = PTHREAD_MUTEX_INITIALIZER;

static int thread_create(pthread_t *tid, void (*entry)(void *arg), void *arg) {
  union {
    void (*in)(void *);
    void *(*out)(void *);
  } f;
  f.in = entry;
  return pthread_create(tid, 0, f.out, arg);
}

// The race of libuv's fix daf04e83cb45: two different locks.
// CHECK: thread-through-union-cast.c:[[@LINE+5]]:5: warning: data race on 'slow_running'
static void worker(void *arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&mutex);
    slow_running++;
    pthread_mutex_unlock(&mutex);
    pthread_mutex_lock(&wq_mutex);
    slow_running--;
    pthread_mutex_unlock(&wq_mutex);
  }
}

int main(void) {
  pthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    thread_create(threads + i, worker, 0);
  return 0;
}
