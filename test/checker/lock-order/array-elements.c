// Elements of a lock array named by a constant index are locks of their own:
// 'forks[0]' then 'forks[1]' in one thread and the reverse in another is a
// cycle. Taking them in one order everywhere is no inversion, and an element
// chosen by a variable index is still the whole array ('forks[]').
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t forks[2];
pthread_mutex_t bowls[2];
int meals, soups, sips;

void *left(void *arg) {
  (void)arg;
  pthread_mutex_lock(&forks[0]);
  pthread_mutex_lock(&forks[1]);
  meals++;
  pthread_mutex_unlock(&forks[1]);
  pthread_mutex_unlock(&forks[0]);
  pthread_mutex_lock(&bowls[0]);
  pthread_mutex_lock(&bowls[1]);
  soups++;
  pthread_mutex_unlock(&bowls[1]);
  pthread_mutex_unlock(&bowls[0]);
  return 0;
}

void *right(void *arg) {
  long k = (long)arg;
  pthread_mutex_lock(&forks[1]);
  pthread_mutex_lock(&forks[0]);
  // CHECK: array-elements.c:[[@LINE-1]]:3: warning: lock order inversion: 'forks[0]' acquired while holding 'forks[1]' [parcheck-lock-order]
  // CHECK-NEXT: array-elements.c:[[@LINE-3]]:3: note: 'forks[1]' acquired here
  // CHECK-NEXT: array-elements.c:15:3: note: 'forks[1]' acquired while holding 'forks[0]' in thread 'left'
  // CHECK-NEXT: array-elements.c:14:3: note: 'forks[0]' acquired here
  meals++;
  pthread_mutex_unlock(&forks[0]);
  pthread_mutex_unlock(&forks[1]);
  pthread_mutex_lock(&bowls[0]);
  pthread_mutex_lock(&bowls[1]);
  soups++;
  pthread_mutex_unlock(&bowls[1]);
  pthread_mutex_unlock(&bowls[0]);
  pthread_mutex_lock(&bowls[k % 2]);
  sips++;
  pthread_mutex_unlock(&bowls[k % 2]);
  return 0;
}

int main(void) {
  pthread_t a, b;
  for (int i = 0; i < 2; i++) {
    pthread_mutex_init(&forks[i], 0);
    pthread_mutex_init(&bowls[i], 0);
  }
  pthread_create(&a, 0, left, 0);
  pthread_create(&b, 0, right, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
