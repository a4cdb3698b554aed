#include <pthread.h>
#include <stdlib.h>
struct job { int n; };
static void *w(void *p) { struct job *j = p; j->n++; return 0; }
int main(void) { struct job *j = calloc(1, sizeof *j); pthread_t a; pthread_create(&a, 0, w, j); pthread_join(a, 0); free(j); return 0; } /* OK */
