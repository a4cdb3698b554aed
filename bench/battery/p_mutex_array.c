#include <pthread.h>
pthread_mutex_t m[4]; long c[4];
static void *w(void *p) { long i = (long)p; pthread_mutex_lock(&m[i % 4]); c[i % 4]++; pthread_mutex_unlock(&m[i % 4]); return 0; }
int main(void) { pthread_t t[8]; for (int i = 0; i < 4; i++) pthread_mutex_init(&m[i], 0);
  for (long i = 0; i < 8; i++) pthread_create(&t[i], 0, w, (void *)i); for (int i = 0; i < 8; i++) pthread_join(t[i], 0); return 0; } /* OK */
