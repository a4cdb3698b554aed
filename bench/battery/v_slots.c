#include <pthread.h>
long out[4];
static void *w(void *p) { long i = (long)p; out[i] = i * i; return 0; }
int main(void) { pthread_t t[4]; for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, w, (void *)i); for (int i = 0; i < 4; i++) pthread_join(t[i], 0); return (int)out[3]; } /* OK */
