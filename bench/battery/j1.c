/* OK */
#include <pthread.h>
long g;
static void *worker(void *p) { (void)p; __atomic_fetch_add(&g, 1, __ATOMIC_RELAXED); return 0; }
int main(void) {
  pthread_t t[2];
  pthread_create(&t[0], 0, worker, 0);
  pthread_create(&t[1], 0, worker, 0);
  pthread_join(t[0], 0);
  pthread_join(t[1], 0);
  return (int)g;
}
