// An object a thread takes out of a lock-protected container (removes it
// under the lock: a dequeue) is one of the container's objects, though the
// container hangs off a global: the submitter fills the job it popped from the
// free list while each worker fills a job of its own (a local of a function
// that runs more than once, reached through its holder). The two most likely
// use two objects: low, not shown by default (bench/realcode: memcached's
// extstore IO objects popped from the engine's io_stack).
// Shown (medium):
//   -DPEEK   the submitter reads the free list's first job without taking it
//            out: every thread that reads the list's head reaches that job.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck %s -- -DPEEK | FileCheck %s --check-prefix=SHOWN
#include <pthread.h>
#include <stdlib.h>

struct job {
  int state;
  struct job *next;
};
struct holder {
  struct job *j;
};

static struct job *free_list;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct holder *table[8];
static int nheld;

static void keep(struct holder *h) {
  pthread_mutex_lock(&mu);
  table[nheld++ & 7] = h;
  pthread_mutex_unlock(&mu);
}

static void *submitter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  struct job *j = free_list;
#ifndef PEEK
  if (j)
    free_list = j->next;
#endif
  pthread_mutex_unlock(&mu);
  if (!j)
    return 0;
  // LOW: per-object-taken.c:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'job::state'
  // LOW: note: confidence low: the object is reached through another object's member or a local object (or was taken out of a container)
  // SHOWN: per-object-taken.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'job::state'
  // SHOWN: note: confidence medium
  j->state = 1;
  return 0;
}

static void *worker(void *arg) {
  (void)arg;
  struct job mine;
  struct holder h = {&mine};
  keep(&h);
  h.j->state = 2;
  return 0;
}

// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
int main(void) {
  for (int i = 0; i < 4; i++) {
    struct job *j = malloc(sizeof *j);
    j->next = free_list;
    free_list = j;
  }
  // A holder of main's names the list's first job: holders' jobs and the
  // list's are one class of objects to the analysis.
  struct holder *first = malloc(sizeof *first);
  first->j = free_list;
  keep(first);
  pthread_t s, w;
  pthread_create(&s, 0, submitter, 0);
  pthread_create(&w, 0, worker, 0);
  pthread_join(s, 0);
  pthread_join(w, 0);
  return 0;
}
