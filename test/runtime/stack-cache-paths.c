// Acquisition stacks reused from the per-thread stack cache (rt_stackcache.h). The same call
// site, at the same stack depth, reached from the same caller again reuses the stack of the
// first unwind; reached from another caller at that depth (from_beta: same frame size as
// from_alpha) it is unwound again, and the lock-order report shows that caller. Checked with
// frame-pointer frames (-O0) and stack-pointer frames (-O2), and with stack_cache=0.
// The reporter thread may write the report before or after the exit line on the stacks, so
// each is checked on its own from the same output.
// RUN: %clang -g -O0 %s -o %t0 -lpthread
// RUN: %env_parcheck_opts=verbosity=2 not %run %t0 > %t0.out 2>&1
// RUN: FileCheck %s < %t0.out
// RUN: FileCheck %s --check-prefix=CACHE < %t0.out
// RUN: %clang -g -O2 %s -o %t2 -lpthread
// RUN: %env_parcheck_opts=verbosity=2 not %run %t2 > %t2.out 2>&1
// RUN: FileCheck %s < %t2.out
// RUN: FileCheck %s --check-prefix=CACHE < %t2.out
// The counts do not depend on where address-space randomisation put the code and the stack:
// eight more runs, each under a new layout, count the same (the cache's entries once came from
// a hash of the addresses, and two keys shared one in about one run in eight).
// RUN: for i in 1 2 3 4 5 6 7 8; do %env_parcheck_opts=verbosity=2 not %run %t2 2>&1; done > %t2r.out
// RUN: grep -c "acquisition stacks: 6 unwound, 4 reused" %t2r.out | FileCheck %s --check-prefix=EIGHT
// RUN: %env_parcheck_opts=verbosity=2:stack_cache=0 not %run %t2 > %t2n.out 2>&1
// RUN: FileCheck %s < %t2n.out
// RUN: FileCheck %s --check-prefix=NOCACHE < %t2n.out
#include <pthread.h>

pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t object_mu[4];
volatile int n_alpha = 3;  // (a loop -O2 cannot unroll into three call sites)

__attribute__((noinline)) void lock_under_registry(pthread_mutex_t *m) {
  pthread_mutex_lock(&registry_mu);
  pthread_mutex_lock(m);  // SITE
  pthread_mutex_unlock(m);
  pthread_mutex_unlock(&registry_mu);
  __asm__ volatile("");
}
__attribute__((noinline)) void from_alpha(pthread_mutex_t *m) {
  lock_under_registry(m);
  __asm__ volatile("");  // not a tail call: from_alpha stays on the stack
}
__attribute__((noinline)) void from_beta(pthread_mutex_t *m) {
  lock_under_registry(m);  // BETA
  __asm__ volatile("");
}

int main(void) {
  for (int i = 0; i < 4; ++i) pthread_mutex_init(&object_mu[i], 0);
  for (int i = 0; i < n_alpha; ++i) from_alpha(&object_mu[i]);  // 3 new edges, one path
  from_beta(&object_mu[3]);                                      // MAIN: another path
  pthread_mutex_lock(&object_mu[3]);                             // and its inversion
  pthread_mutex_lock(&registry_mu);
  pthread_mutex_unlock(&registry_mu);
  pthread_mutex_unlock(&object_mu[3]);
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: acquired here while holding mutex M{{[0-9]+}} ('registry_mu') in thread T0:
// CHECK-NEXT: #0 lock_under_registry {{.*}}stack-cache-paths.c:[[# @LINE - 26]]:
// CHECK-NEXT: #1 from_beta {{.*}}stack-cache-paths.c:[[# @LINE - 17]]:
// CHECK-NEXT: #2 main {{.*}}stack-cache-paths.c:[[# @LINE - 11]]:
// The edges' stacks: 3 unwound (alpha's first, beta's, main's), 2 reused (alpha's others). The
// first take of each of the five locks captures its stack too (it names the lock), from another
// depth, so from other cache entries: registry_mu's, object_mu[0]'s and object_mu[3]'s are
// unwound, object_mu[1]'s and object_mu[2]'s reuse object_mu[0]'s.
// CACHE: ==parcheck== acquisition stacks: 6 unwound, 4 reused
// NOCACHE: ==parcheck== acquisition stacks: 10 unwound, 0 reused
// EIGHT: {{^}}8{{$}}
