#include <pthread.h>
pthread_spinlock_t s; long n;
static void *w(void *p) { (void)p; pthread_spin_lock(&s); n++; pthread_spin_unlock(&s); return 0; }
int main(void) { pthread_t a, b; pthread_spin_init(&s, 0); pthread_create(&a, 0, w, 0); pthread_create(&b, 0, w, 0); pthread_join(a, 0); pthread_join(b, 0); return (int)n; } /* OK */
