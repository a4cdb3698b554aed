// Names decide only by whole words: 'add_entry' is not a lock function (the
// "try" inside "entry" does not count), 'TryEnterTable' is.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int entries;

void add_entry(void) {
  pthread_mutex_lock(&mu);
  // CHECK: name-heuristic.c:[[@LINE-1]]:3: warning: 'mu' acquired in 'add_entry' is not released on any path out of it [parcheck-lock-leak]
  entries++;
}

int TryEnterTable(void) { return pthread_mutex_trylock(&mu) == 0; }

int main(void) {
  add_entry();
  return TryEnterTable();
}
