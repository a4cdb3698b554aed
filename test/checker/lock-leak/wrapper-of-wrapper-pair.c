// memcached's item_get_locked: it returns holding the lock item_lock() took,
// on every path, and the program releases that lock with item_unlock(): a
// lock function as a whole, no leak. A function that takes it the same way
// and returns holding it on one path only still leaks it there.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t item_locks[8];
int table[8], misses;

void item_lock(unsigned hv) { pthread_mutex_lock(&item_locks[hv % 8]); }
void item_unlock(unsigned hv) { pthread_mutex_unlock(&item_locks[hv % 8]); }

int *item_get_locked(unsigned hv) {
  item_lock(hv);
  return &table[hv % 8];
}

int item_peek(unsigned hv) {
  item_lock(hv);
  if (table[hv % 8] == 0)
    return -1;
  // CHECK: wrapper-of-wrapper-pair.c:[[@LINE-1]]:5: warning: 'item_locks[]' is still held when 'item_peek' returns here [parcheck-lock-leak]
  int v = table[hv % 8];
  item_unlock(hv);
  return v;
}

int main(void) {
  for (int i = 0; i < 8; i++)
    pthread_mutex_init(&item_locks[i], 0);
  int *p = item_get_locked(3);
  (*p)++;
  item_unlock(3);
  return item_peek(3);
}
