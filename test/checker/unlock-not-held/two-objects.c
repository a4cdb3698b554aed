// Two objects of one lock class, each released once: the class id is shared,
// but every release matches an acquisition of its own object.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>

struct node {
  pthread_mutex_t mu;
  int v;
};

void swap_values(struct node *a, struct node *b) {
  pthread_mutex_lock(&a->mu);
  pthread_mutex_lock(&b->mu);
  int t = a->v;
  a->v = b->v;
  b->v = t;
  pthread_mutex_unlock(&a->mu);
  pthread_mutex_unlock(&b->mu);
}

int main(void) {
  static struct node x = {PTHREAD_MUTEX_INITIALIZER, 1}, y = {PTHREAD_MUTEX_INITIALIZER, 2};
  swap_values(&x, &y);
  return x.v;
}
