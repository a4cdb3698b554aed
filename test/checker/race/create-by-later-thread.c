// A thread started by other threads (a crawler that a worker starts on a
// command, and main starts too) cannot run before the threads that start it
// exist: what main does before it starts the workers happens before every
// crawler. A write after the workers were started races with a crawler a
// worker may have started.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

int hashpower;
int crawler_conf;
static pthread_t crawler_tid, worker_tid[4];

static void *crawler(void *arg) {
  (void)arg;
  return (void *)(long)(hashpower + crawler_conf);
}

static void start_crawler(void) { pthread_create(&crawler_tid, 0, crawler, 0); }

static void *worker(void *arg) {
  (void)arg;
  start_crawler(); // 'lru_crawler enable' handled by a worker
  return 0;
}

static void start_workers(void) {
  for (int i = 0; i < 4; i++)
    pthread_create(&worker_tid[i], 0, worker, 0);
}

int main(void) {
  hashpower = 16; // no thread exists yet: silent
  start_workers();
  // CHECK: create-by-later-thread.c:[[@LINE+1]]:3: warning: data race on 'crawler_conf': write in thread 'main' conflicts with read in thread 'crawler'
  crawler_conf = 1;
  start_crawler();
  return 0;
}
