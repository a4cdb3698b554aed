// Two threads take 'accounts' and 'audit' in opposite orders, one after the other (the
// second starts when the first has signalled through a pipe, and no join orders them), so the
// lock-order graph has a cycle but the program never deadlocks.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t audit = PTHREAD_MUTEX_INITIALIZER;
static int turn[2];

static void *post(void *arg) {
  pthread_mutex_lock(&accounts);
  pthread_mutex_lock(&audit);  // accounts => audit
  pthread_mutex_unlock(&audit);
  pthread_mutex_unlock(&accounts);
  char c = 1;
  (void)!write(turn[1], &c, 1);
  return 0;
}

static void *review(void *arg) {
  char c;
  (void)!read(turn[0], &c, 1);
  pthread_mutex_lock(&audit);
  pthread_mutex_lock(&accounts);  // audit => accounts
  pthread_mutex_unlock(&accounts);
  pthread_mutex_unlock(&audit);
  return 0;
}

int main(void) {
  pthread_t a, b;
  if (pipe(turn) != 0) return 1;
  pthread_create(&b, 0, review, 0);
  pthread_create(&a, 0, post, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  puts("consumer done");
  return 0;
}
