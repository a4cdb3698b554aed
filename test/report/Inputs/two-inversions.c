// Two independent lock-order inversions, each made by two threads in turn (never a real
// deadlock): accounts/audit (the one a baseline accepts in the tests) and cache/index_mu;
// audit => ledger is an edge on no cycle.
#include "../../runtime/Inputs/in-turn.h"

pthread_mutex_t accounts = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t audit = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t cache = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t index_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t ledger = PTHREAD_MUTEX_INITIALIZER;

static void *post(void *arg) {
  pthread_mutex_lock(&accounts);
  pthread_mutex_lock(&audit);  // accounts => audit
  pthread_mutex_lock(&ledger);  // audit => ledger
  pthread_mutex_unlock(&ledger);
  pthread_mutex_unlock(&audit);
  pthread_mutex_unlock(&accounts);
  return 0;
}

static void *review(void *arg) {
  pthread_mutex_lock(&audit);
  pthread_mutex_lock(&accounts);  // audit => accounts
  pthread_mutex_unlock(&accounts);
  pthread_mutex_unlock(&audit);
  return 0;
}

static void *fill(void *arg) {
  pthread_mutex_lock(&cache);
  pthread_mutex_lock(&index_mu);  // cache => index_mu
  pthread_mutex_unlock(&index_mu);
  pthread_mutex_unlock(&cache);
  return 0;
}

static void *evict(void *arg) {
  pthread_mutex_lock(&index_mu);
  pthread_mutex_lock(&cache);  // index_mu => cache
  pthread_mutex_unlock(&cache);
  pthread_mutex_unlock(&index_mu);
  return 0;
}

int main(void) {
  RUN_IN_TURN(post, review, fill, evict);
  return 0;
}
