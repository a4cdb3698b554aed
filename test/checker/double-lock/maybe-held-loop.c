// A mutex taken on one iteration of a loop and released after it: the only
// "earlier" acquisition is this very one on another iteration, which depends
// on the loop's condition. Not reported.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int count;

int main(void) {
  for (int i = 0; i < 3; i++) {
    if (i == 2)
      pthread_mutex_lock(&mu);
    count++;
  }
  pthread_mutex_unlock(&mu);
  return count;
}
