// pthread_once runs its callback once in the whole run, and every call
// returns after that run completed: the callback's writes (and those of what
// it calls) never race with each other, nor with what follows a
// pthread_once of it, also after a helper that makes one ('table_setup()').
// A read that no pthread_once precedes races with them.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int table_size;
static int stats;

static void fill(void) { table_size = 64; }

static void init_table(void) {
  fill();
  // CHECK: pthread-once-run.c:[[@LINE+1]]:3: warning: data race on 'stats': write in thread '{{worker|reader}}' conflicts with read in thread 'main'
  stats = 1;
}

static void table_setup(void) { pthread_once(&once, init_table); }

static void *worker(void *arg) {
  (void)arg;
  pthread_once(&once, init_table);
  return (void *)(long)table_size; // after the one run: silent
}

static void *reader(void *arg) {
  (void)arg;
  table_setup();
  return (void *)(long)table_size; // after the one run, through a helper: silent
}

int main(void) {
  pthread_t t[2];
  pthread_t r;
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  pthread_create(&r, 0, reader, 0);
  int s = stats; // no pthread_once before it
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  pthread_join(r, 0);
  return s;
}
