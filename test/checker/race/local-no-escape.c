// A local whose address only goes to callees that do not keep it belongs to
// each call of its function: two threads running compute() have a 'len'
// each, and get_len writes the caller's own.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <pthread.h>
#include <string.h>

struct stat_buf {
  int size;
  int mode;
};

static void get_len(int *len) { *len = 5; }
static void fill(struct stat_buf *b) {
  memset(b, 0, sizeof *b);
  b->size = 1;
}
// Forwards the pointer to another helper that does not keep it either.
static void get_both(int *len, struct stat_buf *b) {
  get_len(len);
  fill(b);
}

static int compute(void) {
  int len;
  struct stat_buf b;
  get_len(&len);
  get_both(&len, &b);
  return len + b.size;
}

static void *worker(void *arg) {
  (void)arg;
  return (void *)(long)compute();
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
