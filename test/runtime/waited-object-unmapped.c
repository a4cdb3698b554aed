// The watchdog reads the locks threads wait for (a mutex's owner, type and wait counters, a
// rwlock's writer, flags and process-shared word) after it has noted the waits. The memory may
// be gone by then: here a worker waits for ever on an object in an mmap'ed page, main unmaps
// the page and joins the worker. Every thread is blocked: the program is reported as stuck
// (exit 67), and the watchdog must not fault on the unmapped object (before its reads were
// made safe it died of SIGSEGV here). Both ways of waiting for a mutex are run: a marked wait
// (lean_look=1) and the lean lock's unmarked call (lean_look=0);
// also a reader blocked behind a writer, a condition wait and a semaphore wait (their objects'
// process-shared flags are read by the waiter as its wait begins).
// main unmaps only once the worker sleeps inside the blocking call (the object's futex word
// says it is in the call, the kernel that it sleeps), so no run depends on timing.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t mutex; test $? -eq 67
// RUN: not %run %t mutex 2>&1 | FileCheck %s --check-prefix=MUTEX
// RUN: env PARCHECK_OPTIONS=lean_look=0 %run %t mutex; test $? -eq 67
// RUN: env PARCHECK_OPTIONS=lean_look=0 not %run %t mutex 2>&1 | FileCheck %s --check-prefix=MUTEX
// RUN: not %run %t rwlock 2>&1 | FileCheck %s --check-prefix=RWLOCK
// RUN: not %run %t cond 2>&1 | FileCheck %s --check-prefix=COND
// RUN: not %run %t sem 2>&1 | FileCheck %s --check-prefix=SEM
// Negative: the same program with the page left mapped reports the same deadlock (the unmapped
// memory changes nothing but what can be read of it).
// RUN: not %run %t mutex keep 2>&1 | FileCheck %s --check-prefix=MUTEX
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct Page {
  pthread_mutex_t mu;
  pthread_rwlock_t rw;
  pthread_cond_t cv;
  sem_t sem;
};
static struct Page *page;
static pthread_mutex_t cv_mu = PTHREAD_MUTEX_INITIALIZER;
static const char *mode;
static volatile pid_t worker_tid;

static void *worker(void *arg) {
  worker_tid = gettid();
  if (!strcmp(mode, "mutex")) {
    pthread_mutex_lock(&page->mu);  // main holds it: waits for ever
  } else if (!strcmp(mode, "rwlock")) {
    pthread_rwlock_rdlock(&page->rw);  // main holds it for writing: waits for ever
  } else if (!strcmp(mode, "cond")) {
    pthread_mutex_lock(&cv_mu);
    pthread_cond_wait(&page->cv, &cv_mu);  // nobody signals
  } else {
    sem_wait(&page->sem);  // nobody posts
  }
  return 0;
}

// The worker is inside its blocking call: glibc has marked the object's futex word as waited
// on (a mutex's lock word 2; a reader's use of the write phase's futex; a condition variable's
// waiter references; a semaphore's waiters).
// Its next sleep is then the futex wait (unmapping the page before it would make the worker's
// own futex call fail).
static int worker_in_call(void) {
  if (!strcmp(mode, "mutex"))
    return __atomic_load_n(&page->mu.__data.__lock, __ATOMIC_ACQUIRE) == 2;
  if (!strcmp(mode, "rwlock"))  // PTHREAD_RWLOCK_FUTEX_USED
    return __atomic_load_n(&page->rw.__data.__wrphase_futex, __ATOMIC_ACQUIRE) & 2;
  if (!strcmp(mode, "cond"))
    return __atomic_load_n(&page->cv.__data.__wrefs, __ATOMIC_ACQUIRE) >> 3 != 0;
  // sem_t (64-bit glibc): the value in the low half of the first word, waiters in the high.
  return __atomic_load_n((unsigned long *)&page->sem, __ATOMIC_ACQUIRE) >> 32 != 0;
}

// The kernel's state letter of the worker thread ('S': asleep).
static char worker_state(void) {
  char path[64], buf[512];
  snprintf(path, sizeof(path), "/proc/self/task/%d/stat", (int)worker_tid);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  buf[n] = 0;
  const char *p = strrchr(buf, ')');
  return p && p[1] == ' ' ? p[2] : 0;
}

int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : "mutex";
  int keep = argc > 2 && !strcmp(argv[2], "keep");
  page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) return 2;
  pthread_mutex_init(&page->mu, 0);
  pthread_rwlock_init(&page->rw, 0);
  pthread_cond_init(&page->cv, 0);
  sem_init(&page->sem, 0, 0);
  if (!strcmp(mode, "mutex")) pthread_mutex_lock(&page->mu);
  if (!strcmp(mode, "rwlock")) pthread_rwlock_wrlock(&page->rw);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  while (!worker_tid || !worker_in_call() || worker_state() != 'S') sched_yield();
  if (!keep) munmap(page, 4096);
  pthread_join(t, 0);
  fprintf(stderr, "done\n");
  return 0;
}
// MUTEX: WARNING: parcheck: deadlock
// MUTEX: Thread T0 waits in pthread_join for thread T1 to finish:
// MUTEX: Thread T1 waits for mutex
// MUTEX: #0 worker {{.*}}waited-object-unmapped.c:46
// MUTEX: SUMMARY: parcheck: deadlock
// MUTEX: real deadlock: exiting with code 67 instead of hanging
// MUTEX-NOT: done
// RWLOCK: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// RWLOCK: Thread T0 waits in pthread_join for thread T1 to finish:
// RWLOCK: Thread T1 waits for rwlock
// RWLOCK: #0 worker {{.*}}waited-object-unmapped.c:48
// RWLOCK: real deadlock: exiting with code 67 instead of hanging
// RWLOCK-NOT: done
// COND: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// COND: Thread T0 waits in pthread_join for thread T1 to finish:
// COND: Thread T1 waits on condition variable
// COND: #0 worker {{.*}}waited-object-unmapped.c:51
// COND: real deadlock: exiting with code 67 instead of hanging
// COND-NOT: done
// SEM: WARNING: parcheck: deadlock (all threads are blocked: none is left running to wake the others)
// SEM: Thread T0 waits in pthread_join for thread T1 to finish:
// SEM: Thread T1 waits in sem_wait on semaphore
// SEM: #0 worker {{.*}}waited-object-unmapped.c:53
// SEM: real deadlock: exiting with code 67 instead of hanging
// SEM-NOT: done
