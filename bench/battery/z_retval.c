#include <pthread.h>
#include <stdlib.h>
static void *w(void *p) { (void)p; long *r = malloc(sizeof *r); *r = 7; return r; }
int main(void) { pthread_t a; void *r; pthread_create(&a, 0, w, 0); pthread_join(a, &r); long v = *(long *)r; free(r); return (int)v; } /* OK */
