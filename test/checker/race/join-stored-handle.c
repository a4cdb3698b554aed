// A pool starts its threads into a local array and stores the array in its
// object; another helper joins the object's threads. A write after that join
// does not race with the threads, a write before it does.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

struct pool {
  pthread_t *threads;
  int n;
};

int level; // written by main while no pool runs
int jobs;  // written by main while the pool runs

static void *pool_thread(void *arg) {
  struct pool *p = arg;
  return (void *)(long)(level + jobs + p->n);
}

static struct pool *pool_create(int n) {
  struct pool *p = calloc(1, sizeof *p);
  pthread_t *tp = calloc(n, sizeof *tp);
  p->n = n;
  for (int i = 0; i < n; i++)
    pthread_create(&tp[i], 0, pool_thread, p);
  p->threads = tp;
  return p;
}

static void pool_free(struct pool *p) {
  for (int i = 0; i < p->n; i++)
    pthread_join(p->threads[i], 0);
  free(p->threads);
  free(p);
}

static void compress(void) {
  struct pool *p = pool_create(4);
  // CHECK: join-stored-handle.c:[[@LINE+2]]:3: warning: data race on 'jobs': write in thread 'main' conflicts with read in thread 'pool_thread'
  // CHECK: note: conflicting read in thread 'pool_thread'
  jobs = 1;
  pool_free(p);
}

int main(void) {
  compress();
  level = 2; // every pool is joined: no race
  compress();
  return 0;
}
