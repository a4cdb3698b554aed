// One struct shared by all threads through the thread argument.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

struct shared {
  long total;
};

void *worker(void *arg) {
  struct shared *s = arg;
  // CHECK: shared-struct-arg.c:[[@LINE+1]]:6: warning: data race on 'shared::total': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  s->total += 1;
  return 0;
}

int main(void) {
  pthread_t th[4];
  struct shared s = {0};
  for (int i = 0; i < 4; i++)
    pthread_create(&th[i], 0, worker, &s);
  for (int i = 0; i < 4; i++)
    pthread_join(th[i], 0);
  return (int)s.total;
}
