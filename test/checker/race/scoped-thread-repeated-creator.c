// A helper that starts a thread and joins it before returning, called several
// times in a row: its instances never overlap.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

struct job { int status; int done; };

static void *wait_job(void *arg) {
  struct job *j = arg;
  if (!j->done)
    j->status = 1;
  j->done = 1;
  return 0;
}

static void run(struct job *j) {
  pthread_t t;
  pthread_create(&t, 0, wait_job, j);
  pthread_join(t, 0);
}

struct job jobs[2];

int main(void) {
  run(&jobs[0]);
  run(&jobs[1]);
  run(&jobs[0]);
  return jobs[0].status;
}
