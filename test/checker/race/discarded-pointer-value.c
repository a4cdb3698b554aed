// A pointer parameter whose value is thrown away ('(void)st;', the
// unused-parameter idiom) lets nothing go: the caller's local handed to it
// stays the caller's, and two threads running the caller have one each.
// Still races:
//   -DSTORE  the callee keeps the pointer in a global instead: the local
//            escapes, and the other thread's instance writes through it;
//   -DSTMTEXPR  the same store, of a statement expression whose last
//            statement is the pointer: there it is the value, not thrown away.
//   -DSHARED the threads hand a global record instead of a local.
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DSTORE | FileCheck %s --check-prefix=STORE
// RUN: not %parcheck %s -- -DSTMTEXPR | FileCheck %s --check-prefix=STORE
// RUN: not %parcheck %s -- -DSHARED | FileCheck %s --check-prefix=SHARED
// SAFE-NOT: warning:
#include <pthread.h>

struct stats {
  long count;
};

struct stats totals, *last;

static void reset(struct stats *st, int full) {
#if defined(STORE)
  last = st;
#elif defined(STMTEXPR)
  last = ({
    (void)full;
    st;
  });
#else
  (void)st;
#endif
  (void)full;
}

// STORE: discarded-pointer-value.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'stats::count': write in thread 'worker' conflicts with
// SHARED: discarded-pointer-value.c:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'stats::count': write in thread 'worker' conflicts with write in another instance of thread 'worker'
static void add(struct stats *st) { st->count++; }

static void *worker(void *arg) {
  (void)arg;
#ifdef SHARED
  add(&totals);
  return 0;
#else
  struct stats st;
  st.count = 0;
  reset(&st, 1);
  add(&st);
#if defined(STORE) || defined(STMTEXPR)
  last->count++;
#endif
  return (void *)st.count;
#endif
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; ++i)
    pthread_join(t[i], 0);
  return 0;
}
