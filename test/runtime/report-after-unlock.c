// No program thread does a report's work while the unlock it reports is still to come: the
// once-per-site check, the stack capture and the queueing (or, with report_thread=0, the
// whole report) run after the real unlock has returned. The program may depend on that
// unlock taking effect at once: memcached's extstore IO thread unlocks a lock the compaction
// thread holds, as a signal, and the report of that foreign unlock used to run inside the
// unlock hook, before the real unlock, on the IO thread.
//
// How it is observed, by order and not by time: this program defines _dl_find_object() and
// dl_iterate_phdr() (exported with -rdynamic, so they interpose the calls of the unwinder the
// runtime captures the report's stack with: libgcc's looks up each frame's unwind entry with
// the first, or with the second before glibc 2.35). While main is inside a foreign unlock, each call notes whether
// the lock was still taken at that moment (its lock word differs from a free lock's). Before
// the change every capture saw the lock still taken; now none may, and at least one capture
// must have happened (the report was made). The order of the threads is forced by
// semaphores.
// RUN: %clang -g -O1 -rdynamic %s -o %t -lpthread -ldl
// RUN: %run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// The report written on the unlocking thread itself (report_thread=0): after the unlock too.
// RUN: %env_parcheck_opts=report_thread=0 %run %t > %t.inline 2>&1 || echo "exit=$?" >> %t.inline
// RUN: FileCheck %s < %t.inline
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <link.h>
#include <stdio.h>

pthread_mutex_t wrap_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_spinlock_t spin_lock;
sem_t held, go_on;

#ifdef DLFO_STRUCT_HAS_EH_DBASE  // glibc 2.35 and later declare it (dlfcn.h)
typedef struct dl_find_object dlfo;
#else
typedef void dlfo;
#endif
static int (*real_find)(void *, dlfo *);
static int (*real_iterate)(int (*)(struct dl_phdr_info *, size_t, void *), void *);
static volatile int *volatile unlocking;  // the lock word main is unlocking, or null
static int free_word;                     // its value when the lock is free
static int captures, captures_while_locked;

static void note_capture(void) {
  if (unlocking) {
    ++captures;
    if (*unlocking != free_word) ++captures_while_locked;
  }
}

// (The runtime also unwinds at start-up and at the first take of a lock, outside the unlocks.)
int _dl_find_object(void *pc, dlfo *result) {
  note_capture();
  if (!real_find) real_find = (int (*)(void *, dlfo *))dlsym(RTLD_NEXT, "_dl_find_object");
  return real_find(pc, result);
}
int dl_iterate_phdr(int (*cb)(struct dl_phdr_info *, size_t, void *), void *data) {
  note_capture();
  if (!real_iterate)
    real_iterate = (int (*)(int (*)(struct dl_phdr_info *, size_t, void *), void *))dlsym(
        RTLD_NEXT, "dl_iterate_phdr");
  return real_iterate(cb, data);
}

static void *holder(void *arg) {
  pthread_mutex_lock(&wrap_lock);
  pthread_spin_lock(&spin_lock);
  sem_post(&held);
  sem_wait(&go_on);
  return 0;
}

int main(void) {
  pthread_spin_init(&spin_lock, PTHREAD_PROCESS_PRIVATE);
  int spin_free = *(volatile int *)&spin_lock;  // glibc on x86-64: 1 when free, 0 when taken
  sem_init(&held, 0, 0);
  sem_init(&go_on, 0, 0);
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  sem_wait(&held);
  // Both are held by `holder`: foreign unlocks, each reported.
  free_word = 0;
  unlocking = &wrap_lock.__data.__lock;
  pthread_mutex_unlock(&wrap_lock);
  unlocking = 0;
  fprintf(stderr, "mutex: captures %s, while still locked: %d\n", captures ? "yes" : "no",
          captures_while_locked);
  captures = captures_while_locked = 0;
  free_word = spin_free;
  unlocking = (volatile int *)&spin_lock;
  pthread_spin_unlock(&spin_lock);
  unlocking = 0;
  fprintf(stderr, "spin: captures %s, while still locked: %d\n", captures ? "yes" : "no",
          captures_while_locked);
  sem_post(&go_on);
  pthread_join(t, 0);
  return 0;
}
// CHECK-DAG: mutex: captures yes, while still locked: 0
// CHECK-DAG: spin: captures yes, while still locked: 0
// CHECK-DAG: SUMMARY: parcheck: unlock-not-held 'wrap_lock'
// CHECK-DAG: SUMMARY: parcheck: unlock-not-held 'spin_lock'
// CHECK: exit=66
