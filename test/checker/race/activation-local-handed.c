// A local of a function two threads run, whose address goes to a helper that
// hands it on to a function of another TU ('get(&y)', 'consume(p)'), is each
// run's own unless a thread creation hands it over. Another local of the
// same function handed to a thread ('pthread_create(.., &x)') does not hand
// over 'y': C locals' USRs hold their file's name ('c:file.c@..@y'), and the
// local a member path belongs to was cut at that name's dot, so every local
// of the function counted as handed once one was.
// Still races:
//   -DHAND   'y' itself is handed to the thread that writes it.
// RUN: %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DHAND | FileCheck %s --check-prefix=HAND
// SAFE-NOT: warning:
#include <pthread.h>

void consume(int *);

// HAND: activation-local-handed.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'y'
static void get(int *p) { *p = 7; consume(p); }

static void *helper(void *p) {
  *(int *)p = 2;
  return 0;
}

static void *work(void *arg) {
  int x = 0, y = 0;
  pthread_t t;
#ifdef HAND
  pthread_create(&t, 0, helper, &y);
#else
  pthread_create(&t, 0, helper, &x);
#endif
  get(&y);
  pthread_join(t, 0);
  return (void *)(long)(x + y + (arg != 0));
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, work, 0);
  pthread_create(&t2, 0, work, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
