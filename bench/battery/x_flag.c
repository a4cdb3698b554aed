#include <pthread.h>
volatile int stop;
static void *w(void *p) { (void)p; while (!stop) {} return 0; }
int main(void) { pthread_t t; pthread_create(&t, 0, w, 0); stop = 1; pthread_join(t, 0); return 0; } /* RACE */
