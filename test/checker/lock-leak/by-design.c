// Functions that return holding a lock on purpose: named as acquiring, a
// lock/unlock pair of functions, a try-lock wrapper; and RAII guards and
// error paths that unlock first.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <stdlib.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t table = PTHREAD_MUTEX_INITIALIZER;
int n;

void table_lock(void) { pthread_mutex_lock(&table); }
void table_unlock(void) { pthread_mutex_unlock(&table); }

void open_session(void) { pthread_mutex_lock(&mu); }
void close_session(void) { pthread_mutex_unlock(&mu); }

int try_enter(void) {
  if (pthread_mutex_trylock(&mu) == 0)
    return 1;
  return 0;
}

int push(int v) {
  pthread_mutex_lock(&mu);
  if (v < 0) {
    pthread_mutex_unlock(&mu);
    return -1;
  }
  n += v;
  pthread_mutex_unlock(&mu);
  return 0;
}

void fail_hard(void) {
  pthread_mutex_lock(&mu);
  if (n > 100)
    abort();
  pthread_mutex_unlock(&mu);
}

int main(void) {
  table_lock();
  n++;
  table_unlock();
  open_session();
  n++;
  close_session();
  if (try_enter()) {
    n++;
    pthread_mutex_unlock(&mu);
  }
  fail_hard();
  return push(1);
}
