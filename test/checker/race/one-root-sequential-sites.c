// One entry started twice, the first joined before the second starts: the two
// instances never overlap, and main's writes between them are ordered.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

int value;

void *set(void *arg) { (void)arg; value = 42; return 0; }

int main(void) {
  pthread_t a, b;
  value = 1;
  pthread_create(&a, 0, set, 0);
  pthread_join(a, 0);
  value = 2;
  pthread_create(&b, 0, set, 0);
  pthread_join(b, 0);
  value = 3;
  return value;
}
