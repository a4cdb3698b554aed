#include <pthread.h>
long part[4], total;
static void *w(void *p) { long id = (long)p; part[id] = id; if (id == 0) total = 1; return 0; }
int main(void) { pthread_t t[4]; for (long i = 0; i < 4; i++) pthread_create(&t[i], 0, w, (void *)i); for (int i = 0; i < 4; i++) pthread_join(t[i], 0); return (int)total; } /* OK */
