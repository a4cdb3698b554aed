/* OK */
#include <pthread.h>
struct res { long n; };
static void *worker(void *p) { struct res *r = p; r->n++; return 0; }
int main(void) {
  struct res r1 = {0}, r2 = {0};
  pthread_t a, b;
  pthread_create(&a, 0, worker, &r1);
  pthread_create(&b, 0, worker, &r2);
  pthread_join(a, 0); pthread_join(b, 0);
  return (int)(r1.n + r2.n);
}
