// A callee that drops its caller's lock to sleep inside a loop, on some
// iterations only (memcached's item_crawl_hash: 'if (crawls_persleep <= 0)
// { unlock(&lru_crawler_lock); usleep(..); lock(&lru_crawler_lock); }'),
// releases first on the loop's first iteration, though every later
// iteration has it taken again: it is entered holding the lock and its
// retake is no second acquisition: it returns holding the lock again on
// every path. A loop that takes the lock without releasing it first
// (-DTAKES) leaves it released on some path out, so the lock was never the
// caller's: its take is a double lock, in the callee (held by an earlier
// iteration's retake) and at the call.
// RUN: %parcheck %s -- | FileCheck %s --allow-empty --implicit-check-not="warning:"
// RUN: not %parcheck %s -- -DTAKES | FileCheck %s --check-prefix=TAKES --implicit-check-not="warning:"
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t crawler_lock = PTHREAD_MUTEX_INITIALIZER;
static int sleep_us, per_sleep, seen;
int next_item(void **it);

static void crawl(void) {
  void *it = 0;
  int n = per_sleep;
  while (next_item(&it)) {
    if (it == 0) {
      if (n <= 0 && sleep_us) {
        pthread_mutex_unlock(&crawler_lock);
        usleep(sleep_us);
        pthread_mutex_lock(&crawler_lock);
        n = per_sleep;
      } else if (!sleep_us) {
        pthread_mutex_unlock(&crawler_lock);
        pthread_mutex_lock(&crawler_lock);
      }
      continue;
    }
#ifdef TAKES
    // TAKES: callee-release-retake-loop.c:[[@LINE+1]]:5: warning: 'crawler_lock' acquired while possibly already held
    pthread_mutex_lock(&crawler_lock);
    seen++;
    pthread_mutex_unlock(&crawler_lock);
#endif
    n--;
  }
}

static void *crawler(void *arg) {
  (void)arg;
  pthread_mutex_lock(&crawler_lock);
  // TAKES: callee-release-retake-loop.c:[[@LINE+1]]:3: warning: 'crawler_lock' acquired again by 'crawl' while already held
  crawl();
  pthread_mutex_unlock(&crawler_lock);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, crawler, 0);
  pthread_join(t, 0);
  return 0;
}
