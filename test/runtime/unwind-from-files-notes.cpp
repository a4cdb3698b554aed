// What the shim's unwinder notes of each return address it looked up in the files
// (runtime/rt_fde.cpp): its function's copy, read once, or "use the mapping".
// REQUIRES: rt-unwind-from-files
// RUN: %clangxx -g -O0 %s -o %t -lpthread
//
// A look-up that finds no free descriptor uses the mapping this time only: the same thread
// creation, made again once descriptors are free, reads every entry the files serve (as many
// as a run that never lacked one), and the first creation's look-ups were in memory.
// RUN: %env_parcheck_opts=verbosity=2 %run %t free > %t.free 2>&1
// RUN: %env_parcheck_opts=verbosity=2 %run %t retry > %t.retry 2>&1
// RUN: FileCheck %s --check-prefix=FREE < %t.free
// RUN: FileCheck %s --check-prefix=RETRY < %t.retry
// RUN: sed -n 's/.*unwind entries: \([0-9]*\) read from files.*/\1/p' %t.free > %t.free.n
// RUN: sed -n 's/.*unwind entries: \([0-9]*\) read from files.*/\1/p' %t.retry > %t.retry.n
// RUN: diff %t.free.n %t.retry.n
// The same with one descriptor left: the object's file opens, but /proc/self/maps, which
// tells whether it is the file mapped, does not; that too is for this look-up only.
// RUN: %env_parcheck_opts=verbosity=2 %run %t retry1 > %t.retry1 2>&1
// RUN: FileCheck %s --check-prefix=RETRY < %t.retry1
// RUN: sed -n 's/.*unwind entries: \([0-9]*\) read from files.*/\1/p' %t.retry1 > %t.retry1.n
// RUN: diff %t.free.n %t.retry1.n
//
// More return addresses than a fixed list would hold (1,100 functions each creating a
// thread): each function's entry is read once, however often its frames are unwound again
// (two rounds read exactly what one round read).
// RUN: %env_parcheck_opts=verbosity=2 %run %t many 1 > %t.many1 2>&1
// RUN: %env_parcheck_opts=verbosity=2 %run %t many 2 > %t.many2 2>&1
// RUN: FileCheck %s --check-prefix=MANY < %t.many1
// RUN: FileCheck %s --check-prefix=MANY < %t.many2
// RUN: sed -n 's/.*unwind entries: \([0-9]*\) read from files.*/\1/p' %t.many1 > %t.many1.n
// RUN: sed -n 's/.*unwind entries: \([0-9]*\) read from files.*/\1/p' %t.many2 > %t.many2.n
// RUN: diff %t.many1.n %t.many2.n
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <utility>
#include <vector>

static void *work(void *) { return nullptr; }

static void start() {
  pthread_t t;
  pthread_create(&t, nullptr, work, nullptr);
  pthread_join(t, nullptr);
}

template <size_t N> __attribute__((noinline)) void spawn() {  // a function of its own each
  start();
}

template <size_t... I> void spawnAll(std::index_sequence<I...>) {
  static void (*const each[])() = {spawn<I>...};
  for (auto f : each) f();
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (!strcmp(mode, "many")) {
    int rounds = argc > 2 ? atoi(argv[2]) : 1;
    for (int i = 0; i < rounds; ++i) spawnAll(std::make_index_sequence<1100>{});
    return 0;
  }
  bool retry = !strncmp(mode, "retry", 5), leaveOne = !strcmp(mode, "retry1");
  rlimit r;
  getrlimit(RLIMIT_NOFILE, &r);
  r.rlim_cur = r.rlim_max < 64 ? r.rlim_max : 64;  // few to take
  setrlimit(RLIMIT_NOFILE, &r);
  std::vector<int> held;
  held.reserve(64);
  for (int i = 0; i < 2; ++i) {
    if (retry && i == 0)
      for (int fd; (fd = dup(2)) >= 0;) held.push_back(fd);  // every free descriptor
    if (retry && i == 0 && leaveOne && !held.empty()) {
      close(held.back());  // but one
      held.pop_back();
    }
    start();  // one call site: the same return addresses each time
    for (int fd : held) close(fd);
    held.clear();
  }
  return 0;
}

// FREE: ==parcheck== unwind entries: {{[1-9][0-9]*}} read from files, 0 look-ups in memory,
// RETRY: ==parcheck== unwind entries: {{[1-9][0-9]*}} read from files, {{[1-9][0-9]*}} look-ups in memory,
// MANY: ==parcheck== unwind entries: {{[1-9][0-9][0-9][0-9]}} read from files, 0 look-ups in memory,
