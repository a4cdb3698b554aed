// A callee that releases and retakes the lock its caller holds
// ('unlock(&mu); io; lock(&mu);') is entered holding it: its retake is no
// second acquisition, and returning with it held is no leak. What it does
// between the unlock and the lock is not protected by the caller's lock, and a
// callee that takes the held lock without releasing it first is still a double
// lock.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <unistd.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int pending, io_done, flushed;

static void slow_io(void) {
  pthread_mutex_unlock(&mu);
  io_done++;
  // CHECK: callee-release-retake.c:[[@LINE-1]]:3: warning: data race on 'io_done'
  usleep(1);
  pthread_mutex_lock(&mu);
}

static void flush(void) {
  pthread_mutex_lock(&mu);
  flushed++;
  pthread_mutex_unlock(&mu);
}

static void *worker(void *a) {
  (void)a;
  pthread_mutex_lock(&mu);
  pending++;
  slow_io();
  pending--;
  pthread_mutex_unlock(&mu);
  return 0;
}

static void *flusher(void *a) {
  (void)a;
  pthread_mutex_lock(&mu);
  flush();
  // CHECK: callee-release-retake.c:[[@LINE-1]]:3: warning: 'mu' acquired again by 'flush' while already held [parcheck-double-lock]
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t1, t2, t3;
  pthread_create(&t1, 0, worker, 0);
  pthread_create(&t2, 0, worker, 0);
  pthread_create(&t3, 0, flusher, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_join(t3, 0);
  return 0;
}
