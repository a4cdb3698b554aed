// A member named directly on a variable is a member of that whole variable,
// never of an object embedded in another: zstd's ZSTD_compressBlock_internal
// fills a stack-local rawSeqStore_t 'ldmSeqStore' (whose address a callee
// parks in a heap member, so it is not private), while a job's
// ZSTD_referenceExternalSequences writes the rawSeqStore_t embedded in its
// cctx ('cctx->externSeqStore.seq'). Two objects. Still reported: a write
// through a pointer that may hold the local's address (-DTHROUGH_CUR), and a
// member of an object embedded in a global record ('C.ext.seq', -DEMBEDDED).
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DTHROUGH_CUR | FileCheck %s --check-prefix=CUR --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DEMBEDDED | FileCheck %s --check-prefix=EMB --implicit-check-not="warning:"
#include <pthread.h>

struct store {
  int *seq;
  int size;
};
struct ms {
  struct store *cur;
};
struct ctx {
  int stage;
  struct store ext;
  struct ms m;
};
static struct ctx C;
static struct ctx *shared = &C;
static int buf[16];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

// The helper that parks the local's address in a heap member (under a lock,
// so that the member itself is no race).
static void use(struct ms *m, struct store *s) {
  pthread_mutex_lock(&mu);
  m->cur = s;
  m->cur = 0;
  pthread_mutex_unlock(&mu);
}
// EMB: variable-not-embedded.c:[[@LINE+1]]:44: warning: data race on 'C.ext.seq': write in thread 'setter' conflicts with write in thread 'job'
static void refext(struct ctx *c) { c->ext.seq = buf; }
static void block(struct ctx *c) {
  struct store local;
  // CUR: variable-not-embedded.c:[[@LINE+1]]:9: warning: data race on 'local.seq': write in thread 'job' conflicts with write in thread 'setter'
  local.seq = buf;
  use(&c->m, &local);
}
static void *job(void *arg) {
  (void)arg;
  block(shared);
#ifdef EMBEDDED
  // EMB: variable-not-embedded.c:[[@LINE+1]]:9: warning: data race on 'C.ext.seq': write in thread 'job' conflicts with write in another instance of thread 'job'
  C.ext.seq = buf;
#endif
  return 0;
}
static void *setter(void *arg) {
  (void)arg;
  refext(shared);
#ifdef THROUGH_CUR
  pthread_mutex_lock(&mu);
  struct store *s = shared->m.cur;
  pthread_mutex_unlock(&mu);
  if (s)
    s->seq = 0;
#endif
  return 0;
}
int main(void) {
  pthread_t t[3];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, job, 0);
  pthread_create(&t[2], 0, setter, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}
