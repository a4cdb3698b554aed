#include <pthread.h>
pthread_barrier_t bar; int a[2]; int sum;
static void *w(void *p) { long i = (long)p; a[i] = (int)i; pthread_barrier_wait(&bar); if (i == 0) sum = a[0] + a[1]; return 0; }
int main(void) { pthread_t t[2]; pthread_barrier_init(&bar, 0, 2);
  for (long i = 0; i < 2; i++) pthread_create(&t[i], 0, w, (void *)i);
  for (int i = 0; i < 2; i++) pthread_join(t[i], 0); return sum; } /* OK */
