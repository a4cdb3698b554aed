#include <pthread.h>
#include <semaphore.h>
sem_t s; int data;
static void *w(void *p) { (void)p; data = 5; sem_post(&s); return 0; }
int main(void) { pthread_t a; sem_init(&s, 0, 0); pthread_create(&a, 0, w, 0); sem_wait(&s); int v = data; pthread_join(a, 0); return v; } /* OK */
