#include <pthread.h>
int q;
void *w(void *a) { (void)a; q++; return 0; }
int main(void) { pthread_t t[2]; for (int i = 0; i < 2; i++) pthread_create(&t[i], 0, w, 0); return 0; }
