// table_lock()/table_unlock() are a pair by design; a caller that takes the
// table lock through table_lock() and returns without table_unlock() leaks it.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t table = PTHREAD_MUTEX_INITIALIZER;
int rows;

void table_lock(void) { pthread_mutex_lock(&table); }
void table_unlock(void) { pthread_mutex_unlock(&table); }

int insert_good(void) {
  table_lock();
  rows++;
  table_unlock();
  return 0;
}

int insert_bad(int full) {
  table_lock();
  if (full)
    return -1;
    // CHECK: caller-forgets-unlock.c:[[@LINE-1]]:5: warning: 'table' is still held when 'insert_bad' returns here [parcheck-lock-leak]
    // CHECK-NEXT: caller-forgets-unlock.c:[[@LINE-4]]:3: note: 'table' acquired here
    // CHECK-NEXT: caller-forgets-unlock.c:{{[0-9]+}}:3: note: other paths release it before returning
    // CHECK-NEXT: caller-forgets-unlock.c:[[@LINE-4]]:5: note: release it on every path (a std::lock_guard does), or name the function as acquiring if callers release it
  rows++;
  table_unlock();
  return 0;
}

int main(void) { return insert_good() + insert_bad(0); }
