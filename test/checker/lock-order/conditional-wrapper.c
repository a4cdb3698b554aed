// A function that returns 0 holding a lock and -1 having released it
// (memcached's extstore_write_request) takes the lock where its caller tests
// for 0, as a trylock does: what the caller does there is under the lock (no
// race on 'used' and 'offset', the latter in the function that must follow
// and releases it), and a lock taken there is ordered after it (a cycle with
// 'log_mu' then 'page_mu'). 'stray', written where the call failed, still
// races.
// RUN: not %parcheck %s -- | FileCheck %s --implicit-check-not="warning:"
#include <pthread.h>

pthread_mutex_t page_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
int full, used, offset, stray, logged;

int write_request(void) {
  pthread_mutex_lock(&page_mu);
  if (full) {
    pthread_mutex_unlock(&page_mu);
    return -1;
  }
  return 0;
}

void write_commit(void) {
  offset++;
  pthread_mutex_unlock(&page_mu);
}

void *writer(void *arg) {
  (void)arg;
  if (write_request() == 0) {
    used++;
    pthread_mutex_lock(&log_mu);
    logged++;
    pthread_mutex_unlock(&log_mu);
    write_commit();
  } else {
    stray++;
    // CHECK-DAG: conditional-wrapper.c:[[@LINE-1]]:5: warning: data race on 'stray'
  }
  return 0;
}

void *flusher(void *arg) {
  (void)arg;
  pthread_mutex_lock(&log_mu);
  pthread_mutex_lock(&page_mu);
  // CHECK-DAG: conditional-wrapper.c:[[@LINE-1]]:3: warning: lock order inversion: 'page_mu' acquired while holding 'log_mu' [parcheck-lock-order]
  logged++;
  pthread_mutex_unlock(&page_mu);
  pthread_mutex_unlock(&log_mu);
  return 0;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], 0, writer, 0);
  pthread_create(&t[1], 0, writer, 0);
  pthread_create(&t[2], 0, flusher, 0);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], 0);
  return 0;
}
