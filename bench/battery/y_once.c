#include <pthread.h>
static pthread_once_t once = PTHREAD_ONCE_INIT; static int table[4];
static void init(void) { for (int i = 0; i < 4; i++) table[i] = i; }
static void *w(void *p) { (void)p; pthread_once(&once, init); return (void *)(long)table[2]; }
int main(void) { pthread_t a, b; pthread_create(&a, 0, w, 0); pthread_create(&b, 0, w, 0); pthread_join(a, 0); pthread_join(b, 0); return 0; } /* OK */
