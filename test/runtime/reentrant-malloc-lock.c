// Reentrancy and early calls: a malloc replacement that takes a pthread mutex (so the shim's
// own dlsym/backtrace/symbolizer allocations reenter the interceptors), and locks taken from
// a constructor that may run before the shim is initialised.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
// RUN: not %run %t > %t.out 2>&1
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=OUT < %t.out
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include "abba.h"

static pthread_mutex_t heap_mu = PTHREAD_MUTEX_INITIALIZER;
static char *arena, *arena_end;

// A bump allocator guarded by a pthread mutex.
void *malloc(size_t n) {
  pthread_mutex_lock(&heap_mu);
  if (!arena) {
    arena = mmap(0, 256 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    arena_end = arena + (256 << 20);
  }
  n = (n + 15) & ~(size_t)15;
  char *p = arena + 16;
  *(size_t *)arena = n;
  arena += n + 16;
  pthread_mutex_unlock(&heap_mu);
  return p;
}
void free(void *p) {}
void *calloc(size_t a, size_t b) { return malloc(a * b); }  // mmap memory is zeroed
void *realloc(void *p, size_t n) {
  void *q = malloc(n);
  if (p) memcpy(q, p, ((size_t *)p)[-2] < n ? ((size_t *)p)[-2] : n);
  return q;
}

__attribute__((constructor(0))) static void early(void) {
  pthread_mutex_lock(&first_mu);
  pthread_mutex_unlock(&first_mu);
}

int main(void) {
  run_abba();
  fprintf(stderr, "done\n");
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: 1 report(s)
// OUT: done
// OUT: 1 report(s)
