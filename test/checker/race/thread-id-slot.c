// Per-thread slots indexed by each thread's own number, in C: each worker is
// handed its own argument (&args[i]) holding its number, main keeps its
// number in a __thread variable, and both count in counts[num] through a
// helper. Those slots are the threads' own. A slot indexed by a shared
// global (main's 'counts[cursor]' after the workers started) still races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

enum { N = 4 };
struct warg {
  int num;
};
static __thread int my_num;
static long counts[N];
static int cursor = 2;

// CHECK: thread-id-slot.c:[[@LINE+1]]:30: warning: data race on 'counts[]'
static void tally(int num) { counts[num]++; }

static void *worker(void *p) {
  struct warg *a = p;
  int num = a->num;
  my_num = num;
  tally(num);
  return 0;
}

int main(void) {
  pthread_t t[N];
  struct warg args[N];
  my_num = 0;
  for (int i = 1; i < N; i++) {
    args[i].num = i;
    pthread_create(&t[i], 0, worker, &args[i]);
  }
  tally(my_num);
  // CHECK: thread-id-slot.c:[[@LINE+1]]:3: note: conflicting write in thread 'main'
  counts[cursor] = 0;
  for (int i = 1; i < N; i++)
    pthread_join(t[i], 0);
  return (int)counts[1];
}
