// A local whose address goes to a call through a function value is as
// private as one given to a direct call when every function the value can
// be keeps the address (zstd's ZSTD_compressLiterals: 'HUF_repeat repeat;
// huf_compress = single ? HUF_compress1X_repeat : HUF_compress4X_repeat;
// huf_compress(.., &repeat, ..)' run by every pool thread). When one of the
// functions it can be stores the address where another thread finds it, the
// local is shared: its accesses are paired as any shared object's.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

typedef void (*len_fn)(int *);

static void len_one(int *p) { *p = 1; }
static void len_four(int *p) { *p = 4; }

static int *saved;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static void keep(int *p) {
  pthread_mutex_lock(&mu);
  saved = p;
  pthread_mutex_unlock(&mu);
  // CHECK: local-to-function-value.c:[[@LINE+1]]:3: warning: data race on 'len': write in thread 'worker' conflicts with write in another instance of thread 'worker'
  *p = 0;
}

static int private_len(int single) {
  int len;
  len_fn f = single ? len_one : len_four;
  f(&len);
  return len;
}

static len_fn keepers[1] = {keep};

static int shared_len(void) {
  int len;
  keepers[0](&len);
  // CHECK: local-to-function-value.c:[[@LINE+1]]:10: note: also read in thread 'worker'
  return len;
}

static void *worker(void *arg) {
  int n = private_len(arg != 0) + shared_len();
  pthread_mutex_lock(&mu);
  if (saved)
    *saved = n; // another thread's 'len', which it may be reading
  pthread_mutex_unlock(&mu);
  return 0;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, (void *)(long)i);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return 0;
}
