// A library function given a byte buffer writes (or reads) what it points
// to, also when the buffer is a helper's parameter: fill() called on the
// global 'buf' writes it while main reads it. The writer's own stack buffer
// is private.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>
#include <string.h>

static char buf[16];

static void fill(char *dst, const char *src) { memcpy(dst, src, 8); }

static void *writer(void *arg) {
  (void)arg;
  char mine[16];
  fill(mine, "private");
  fill(buf, "shared!");
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, writer, 0);
  char c = buf[0];
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return c;
}
// CHECK: memcpy-into-param.c:11:55: warning: data race on 'buf': write in thread 'writer' conflicts with write in another instance of thread 'writer'
// CHECK: memcpy-into-param.c:25:12: note: also read in thread 'main'
