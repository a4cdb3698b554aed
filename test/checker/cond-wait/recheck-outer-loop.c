// A wait under an 'if' inside a loop whose next step goes back to the test
// ('continue', the end of the body) or tests the predicate's variables again
// rechecks its predicate. One whose next step does work without looking at
// the predicate again (a spurious wakeup runs it) is still reported.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
int queued, expanding, running = 1, work;
struct q { int *head; } qu;

static void *consumer(void *a) {
  (void)a;
  pthread_mutex_lock(&mu);
  while (1) {
    if (!queued) {
      pthread_cond_wait(&cv, &mu);
      continue;
    }
    queued--;
  }
  return 0;
}

static void *puller(void *a) {
  (void)a;
  while (running) {
    pthread_mutex_lock(&mu);
    if (qu.head == 0)
      pthread_cond_wait(&cv, &mu);
    if (qu.head != 0)
      qu.head = 0;
    pthread_mutex_unlock(&mu);
  }
  return 0;
}

static void *maint(void *a) {
  (void)a;
  pthread_mutex_lock(&mu);
  while (running) {
    if (!expanding) {
      pthread_cond_wait(&cv, &mu);
      // CHECK: recheck-outer-loop.c:[[@LINE-1]]:7: warning: condition wait on 'cv' is not inside a loop that rechecks its predicate [parcheck-cond-wait]
      if (running)
        work++;
    }
  }
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t1, t2, t3;
  pthread_create(&t1, 0, consumer, 0);
  pthread_create(&t2, 0, puller, 0);
  pthread_create(&t3, 0, maint, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_join(t3, 0);
  return 0;
}
