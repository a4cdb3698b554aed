// Objects returned by a function (or reached through a global pointer) may be
// reached by any thread; a whole-struct write covers its members.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

struct S { int field; };
struct T { struct S s; };
extern struct S *get_s(void);
extern struct T *get_t(void);

void *worker(void *arg) {
  (void)arg;
  // CHECK: object-from-call.c:[[@LINE+1]]:12: warning: data race on 'S::field'
  get_s()->field = 1;
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  struct S fresh = {0};
  get_t()->s = fresh;
  pthread_join(t, 0);
  return 0;
}
