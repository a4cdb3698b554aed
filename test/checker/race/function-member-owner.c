// A call through a function member reads it from one object: xz's worker
// thread calls 'thr->block_decoder.code(..)', which only
// lzma_block_decoder_init(&thr->block_decoder, ..) set, while main's
// 'strm->internal->next.code(..)' may be any stream coder. The functions a
// call through a member may reach are those stored into that member of an
// object that may be the one it reads: objects embedded as two different
// members ('worker::block', 'stream::index') are two, and a parameter's
// object is what the direct calls of its function pass. Still reported: an
// init function given both objects (-DMIXED), a call through a local whose
// object is not known (-DTHROUGH_LOCAL), records that begin with the
// same member, which C code reads through each other's type (-DPREFIX), and a
// call through a copy of a record, which carries its function members to
// another object (-DCOPIED: zstd's pool thread calls 'job.function' of a
// local copy of a queue slot).
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DMIXED | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DTHROUGH_LOCAL | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DPREFIX | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DCOPIED | FileCheck %s --check-prefix=RACE --implicit-check-not="warning:"
#include <pthread.h>

struct coder {
  int (*code)(struct coder *c);
  int state;
};
struct worker {
#ifdef PREFIX
  struct coder block;
  int kind;
  int id;
#else
  int id;
  struct coder block;
#endif
};
struct stream {
#ifdef PREFIX
  struct coder block;
  int kind;
#else
  int id;
  struct coder index;
#endif
};

static long index_total;
static int block_code(struct coder *c) { return c->state; }
// RACE: function-member-owner.c:[[@LINE+1]]:51: warning: data race on 'index_total': write in thread 'main' conflicts with write in thread 'work'
static int index_code(struct coder *c) { (void)c; index_total++; return 0; }
static void block_init(struct coder *c) {
  c->code = block_code;
  c->state = 1;
}
static void index_init(struct coder *c) {
  c->code = index_code;
  c->state = 2;
}

static struct worker W;
static struct stream S;
#ifdef PREFIX
#define STREAM_CODER S.block
#else
#define STREAM_CODER S.index
#endif

static void *work(void *arg) {
#if defined(THROUGH_LOCAL)
  struct coder *c = arg;
  return (void *)(long)c->code(c);
#elif defined(COPIED)
  (void)arg;
  struct coder copy = STREAM_CODER;
  return (void *)(long)copy.code(&copy);
#else
  struct worker *w = arg;
  return (void *)(long)w->block.code(&w->block);
#endif
}

int main(void) {
  pthread_t t;
  block_init(&W.block);
  index_init(&STREAM_CODER);
#ifdef MIXED
  index_init(&W.block);
#endif
#if defined(THROUGH_LOCAL)
  pthread_create(&t, 0, work, &W.block);
#elif defined(PREFIX)
  pthread_create(&t, 0, work, (struct worker *)&S);
#else
  pthread_create(&t, 0, work, &W);
#endif
  STREAM_CODER.code(&STREAM_CODER);
  pthread_join(t, 0);
  return 0;
}
