// A lock inside a global array is named by its element, `forks[1]`, where the debug info says
// what the array is (llvm-dwarfdump, once per symbol, off the program's threads): the element
// size is the symbol's size over the element count, never a guess from the lock's size. So in
// an array of structs the mutex of seats[3] (stride 48) is not taken for an element of 40 bytes,
// a mutex after an int is `places[1]+8`, and a two-dimensional array gives `grid[1][2]`.
// Without debug info (-g0), or without llvm-dwarfdump, the name stays `symbol+offset`.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s --check-prefix=DEBUG
// RUN: %clang -g0 -O0 %s -o %t.nodebug -lpthread
// RUN: not %run %t.nodebug 2>&1 | FileCheck %s --check-prefix=PLAIN
// No llvm-dwarfdump on PATH (only what the run needs: the symbolizer names the globals). The
// interpreter is linked as itself, not as whatever `python3` is on PATH: that may be a
// wrapper script (pyenv's shim) that needs a shell this PATH does not have.
// RUN: rm -rf %t.bin && mkdir %t.bin
// RUN: ln -s "$(python3 -c 'import sys; print(sys.executable)')" %t.bin/python3
// RUN: ln -s "$(command -v timeout)" "$(command -v not)" "$(command -v llvm-symbolizer)" %t.bin/
// RUN: env PATH=%t.bin not %run %t 2>&1 | FileCheck %s --check-prefix=PLAIN
#include <pthread.h>

pthread_mutex_t forks[5] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                            PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                            PTHREAD_MUTEX_INITIALIZER};
struct seat {
  pthread_mutex_t m;
  int x;
} seats[5];
struct place {
  int x;
  pthread_mutex_t m;
} places[3];
pthread_mutex_t grid[2][3];

// One thread takes a => b, then b => a: a single-thread cycle, reported by default.
static void both_orders(pthread_mutex_t *a, pthread_mutex_t *b) {
  pthread_mutex_lock(a);
  pthread_mutex_lock(b);
  pthread_mutex_unlock(b);
  pthread_mutex_unlock(a);
  pthread_mutex_lock(b);
  pthread_mutex_lock(a);
  pthread_mutex_unlock(a);
  pthread_mutex_unlock(b);
}

int main(void) {
  for (int i = 0; i < 5; ++i) pthread_mutex_init(&seats[i].m, 0);
  for (int i = 0; i < 3; ++i) pthread_mutex_init(&places[i].m, 0);
  for (int i = 0; i < 6; ++i) pthread_mutex_init(&grid[i / 3][i % 3], 0);
  both_orders(&forks[0], &forks[1]);
  both_orders(&seats[1].m, &seats[3].m);
  both_orders(&places[0].m, &places[1].m);
  both_orders(&grid[0][1], &grid[1][2]);
  return 0;
}
// DEBUG: Cycle in lock order graph: M{{[0-9]+}} ('forks[0]') => M{{[0-9]+}} ('forks[1]') => M{{[0-9]+}}
// DEBUG: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'forks[0]' => 'forks[1]' => 'forks[0]' [parcheck-lock-order]
// DEBUG: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'seats[1]' => 'seats[3]' => 'seats[1]' [parcheck-lock-order]
// DEBUG: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'places[0]+8' => 'places[1]+8' => 'places[0]+8' [parcheck-lock-order]
// DEBUG: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'grid[0][1]' => 'grid[1][2]' => 'grid[0][1]' [parcheck-lock-order]
// PLAIN: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'forks' => 'forks+40' => 'forks' [parcheck-lock-order]
// PLAIN: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'seats+144' => 'seats+48' => 'seats+144' [parcheck-lock-order]
// PLAIN: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'places+56' => 'places+8' => 'places+56' [parcheck-lock-order]
// PLAIN: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'grid+200' => 'grid+40' => 'grid+200' [parcheck-lock-order]
