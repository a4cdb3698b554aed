#include <pthread.h>
pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER; int x;
static int f(int k) { pthread_mutex_lock(&m); if (k) return -1; x++; pthread_mutex_unlock(&m); return 0; }
static void *w(void *p) { f((int)(long)p); return 0; }
int main(void) { pthread_t a; pthread_create(&a, 0, w, 0); pthread_join(a, 0); return 0; } /* RACE lock-leak */
