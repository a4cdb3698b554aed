#include <pthread.h>
#include <stdlib.h>
struct arg { int id; long res; };
static void *w(void *p) { struct arg *a = p; a->res = a->id * 2; return 0; }
int main(void) { pthread_t t[4]; struct arg *as[4]; for (int i = 0; i < 4; i++) { as[i] = malloc(sizeof **as); as[i]->id = i; pthread_create(&t[i], 0, w, as[i]); }
  long s = 0; for (int i = 0; i < 4; i++) { pthread_join(t[i], 0); s += as[i]->res; free(as[i]); } return (int)s; } /* OK */
