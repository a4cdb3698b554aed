#include <pthread.h>
#include <unistd.h>
int x;
static void *w(void *p) { (void)p; x = 1; return 0; }
int main(void) { pthread_t a; pthread_create(&a, 0, w, 0); pthread_detach(a); sleep(1); return x; } /* RACE */
