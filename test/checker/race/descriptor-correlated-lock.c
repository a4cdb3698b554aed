// A lock released under a test of one member of a module descriptor and
// held across a call through another member of it: memcached's crawler
// keeps lru_locks[i] across 'active_crawler_mod.mod->eval(..)' exactly when
// 'mod->needs_lock' is set, and the expired module that needs it is the
// only one whose eval unlinks items. Each global descriptor that stores a
// function in the called member gives the tested member a constant, so the
// call of that function holds the lock (or not) as its descriptors say.
// Still reported: a function of a descriptor that does not need the lock
// touching the locked data (-DDUMP_TOUCHES), a descriptor member changed at
// run time (-DRUNTIME_FLAG), and a function paired by a local descriptor,
// whose members may change unseen (-DLOCAL_REG).
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DDUMP_TOUCHES | FileCheck %s --check-prefix=DUMP --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DRUNTIME_FLAG | FileCheck %s --check-prefix=EXPIRE --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DLOCAL_REG | FileCheck %s --check-prefix=EXPIRE --implicit-check-not="warning:"
#include <pthread.h>
#include <stdbool.h>

struct module;
struct module_reg {
  void (*eval)(struct module *m, int i);
  bool needs_lock;
};
struct module {
  const struct module_reg *mod;
  int seen;
};

static pthread_mutex_t lru_lock = PTHREAD_MUTEX_INITIALIZER;
static long lru_size;

static void expire_eval(struct module *m, int i) {
  (void)m;
  // EXPIRE: descriptor-correlated-lock.c:[[@LINE+1]]:3: warning: data race on 'lru_size': write in thread 'crawler' conflicts with write in thread 'puller'
  lru_size -= i;
}
static void dump_eval(struct module *m, int i) {
  m->seen += i;
#ifdef DUMP_TOUCHES
  // DUMP: descriptor-correlated-lock.c:[[@LINE+1]]:3: warning: data race on 'lru_size': write in thread 'crawler' conflicts with write in thread 'puller'
  lru_size += 0;
#endif
}

struct module_reg expire_mod = {.eval = expire_eval, .needs_lock = true};
struct module_reg dump_mod = {.eval = dump_eval, .needs_lock = false};

static struct module active;

static void *crawler(void *arg) {
  (void)arg;
  for (int i = 0; i < 4; i++) {
    pthread_mutex_lock(&lru_lock);
    if (!active.mod->needs_lock)
      pthread_mutex_unlock(&lru_lock);
    active.mod->eval(&active, i);
    if (active.mod->needs_lock)
      pthread_mutex_unlock(&lru_lock);
  }
  return 0;
}

static void *puller(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lru_lock);
  lru_size++;
  pthread_mutex_unlock(&lru_lock);
  return 0;
}

int main(int argc, char **argv) {
  (void)argv;
  pthread_t a, b;
  active.mod = argc > 1 ? &dump_mod : &expire_mod;
#ifdef RUNTIME_FLAG
  expire_mod.needs_lock = argc > 2;
#endif
#ifdef LOCAL_REG
  static struct module_reg *chosen;
  struct module_reg local = {.eval = expire_eval, .needs_lock = argc > 3};
  chosen = &local;
  if (argc > 4)
    active.mod = chosen;
#endif
  pthread_create(&a, 0, crawler, 0);
  pthread_create(&b, 0, puller, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
