// A local record whose pointer member holds the function's own allocation
// ('st.pages = calloc(..)'), handed by address to a helper that fills the
// buffer through it ('pd = st->pages; pd[i].v = ..'): each activation has its
// own buffer, so two threads running the function write two buffers. The
// record is first filled from a shared one (memcpy), which the fresh
// assignment then overrides; the engine's own scratch buffer
// ('e->stats.pages = calloc(..)') is another object.
// Still races:
//   -DSHARED  the member is given the engine's buffer, not a fresh one;
//   -DLATE    the fresh buffer is set only after the buffer was read: the
//             helper filled, and the caller reads, the engine's buffer that
//             the memcpy copied;
//   -DCALLEE  a helper stores the engine's buffer through its parameter.
// RUN: %parcheck %s -- | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -DSHARED | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DLATE | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -DCALLEE | FileCheck %s --check-prefix=RACE
// SAFE-NOT: warning:
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct page { long version; long bytes; };
struct stats { int count; struct page *pages; };
struct engine {
  pthread_mutex_t mu;
  int count;
  long versions[8];
  struct stats stats;
} eng = {PTHREAD_MUTEX_INITIALIZER};

static void engine_init(struct engine *e) {
  e->count = 8;
  e->stats.pages = calloc(8, sizeof(struct page)); // scratch: never this record
}

static void get_stats(struct engine *e, struct stats *st) {
  pthread_mutex_lock(&e->mu);
  memcpy(st, &e->stats, sizeof(*st));
  pthread_mutex_unlock(&e->mu);
#ifdef CALLEE
  st->pages = e->stats.pages;
#endif
}

// RACE: fresh-member-of-local-record.c:[[@LINE+5]]:{{[0-9]+}}: warning: data race on 'page::version': write in thread
static void get_pages(struct engine *e, struct stats *st) {
  pthread_mutex_lock(&e->mu);
  struct page *pd = st->pages;
  for (int i = 0; i < e->count; i++) {
    pd[i].version = e->versions[i];
    pd[i].bytes = 0;
  }
  pthread_mutex_unlock(&e->mu);
}

static long lowest(void) {
  struct stats st;
  get_stats(&eng, &st);
#if defined(SHARED)
  st.pages = eng.stats.pages;
#elif !defined(LATE)
  st.pages = calloc(8, sizeof(struct page));
#endif
  get_pages(&eng, &st);
  long low = st.pages[0].version;
  for (int i = 1; i < 8; i++)
    if (st.pages[i].version < low)
      low = st.pages[i].version;
#ifdef LATE
  st.pages = calloc(8, sizeof(struct page));
#endif
#ifndef SHARED
  free(st.pages);
#endif
  return low;
}

static void *compactor(void *a) {
  (void)a;
  for (int i = 0; i < 100; i++)
    lowest();
  return 0;
}

static void *reporter(void *a) {
  (void)a;
  lowest();
  return 0;
}

int main(void) {
  engine_init(&eng);
  pthread_t t1, t2;
  pthread_create(&t1, 0, compactor, 0);
  pthread_create(&t2, 0, reporter, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
