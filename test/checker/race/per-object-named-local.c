// A local of a function that runs more than once, named where it is
// accessed ('st.size = 0', not through a pointer), is one object per run, as
// the same local reached through a pointer is ('s->size' in a helper handed
// '&st'). The local's address is kept in a global table, so it is not
// private; two instances of the worker most likely use two locals: low, not
// shown by default (bench/realcode: zstd's ZSTD_buildSeqStore and its
// 'ldmSeqStore').
// Shown (medium):
//   -DONCE   the local is main's, which runs once: one object, which the
//            worker finds in the table.
// RUN: %parcheck %s -- 2>&1 | FileCheck %s --check-prefix=HIDDEN --implicit-check-not="warning:"
// RUN: not %parcheck --min-confidence=low %s -- | FileCheck %s --check-prefix=LOW
// RUN: not %parcheck %s -- -DONCE | FileCheck %s --check-prefix=SHOWN
#include <pthread.h>

struct store {
  long size;
};

static struct store *table[8];
static int nkept;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static void keep(struct store *s) {
  pthread_mutex_lock(&mu);
  table[nkept++ & 7] = s;
  pthread_mutex_unlock(&mu);
}

static long peek(struct store *s) { return s->size; }

#ifdef ONCE
static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&mu);
  struct store *s = table[0];
  pthread_mutex_unlock(&mu);
  return (void *)peek(s);
}
#else
static void *worker(void *arg) {
  (void)arg;
  struct store st;
  keep(&st);
  // LOW: per-object-named-local.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'st.size'
  // LOW: note: confidence low: the object is reached through another object's member or a local object
  st.size = 0;
  return (void *)peek(&st);
}
#endif

// HIDDEN: parcheck: not shown: 1 below --min-confidence (--min-confidence=low shows all)
int main(void) {
  pthread_t t[2];
#ifdef ONCE
  struct store st;
  keep(&st);
#endif
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
#ifdef ONCE
  // SHOWN: per-object-named-local.c:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'st.size'
  // SHOWN: note: confidence {{medium|high}}
  st.size = 0;
#endif
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
