// Forces "thread X now waits for lock L" without guessing how long that takes: the caller
// polls /proc/self/task/<tid>/syscall until the thread sleeps in the kernel in a futex wait
// on an address inside L (a mutex, rwlock or any lock word). Sleeping for a while instead
// would be a guess that a busy machine breaks.
//
//   static _Atomic pid_t victim_tid;   // the victim: victim_tid = this_tid(); lock(&l);
//   wait_until_blocked_on(&victim_tid, &l, sizeof l);   // another thread: then go on
#ifndef PARCHECK_TEST_BLOCKED_H
#define PARCHECK_TEST_BLOCKED_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static inline pid_t this_tid(void) { return (pid_t)syscall(SYS_gettid); }

static void blocked_poll_pause(void) {
  struct timespec ts = {0, 1000000};  // 1 ms between looks
  nanosleep(&ts, 0);
}

// Waits until *tid (published by the victim, 0 until then) sleeps in futex() on an address in
// [obj, obj + size). Aborts if the kernel does not show blocked system calls.
static void wait_until_blocked_on(_Atomic pid_t *tid, const void *obj, size_t size) {
  pid_t t;
  while ((t = *tid) == 0) blocked_poll_pause();
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)t);
  for (;;) {
    FILE *f = fopen(path, "r");
    if (!f) {
      perror(path);
      abort();
    }
    long nr = -2;
    unsigned long addr = 0;
    char word[16] = "";
    // "202 0x55d4c0a1c040 0x80 ..." when blocked, "running" otherwise.
    if (fscanf(f, "%ld %lx", &nr, &addr) != 2 && fscanf(f, "%15s", word) != 1) nr = -2;
    fclose(f);
    if (nr == SYS_futex && addr >= (unsigned long)obj && addr < (unsigned long)obj + size)
      return;
    blocked_poll_pause();
  }
}
#endif
