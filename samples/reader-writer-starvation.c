// reader-writer-starvation: glibc's default rwlock prefers readers. Three readers
// keep overlapping read locks, so the count of readers never drops to zero and a
// writer waits until they all stop: writer starvation. No data race (every
// access holds the rwlock the right way). The runtime shim reports the writer's
// long wait while readers kept acquiring; the fix is a writer-preferring lock
// (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP) or a fair design.
// RUNTIME-OPTIONS: starvation_ms=100
#include <pthread.h>
#include <stdio.h>
#include <time.h>

enum { READERS = 3 };

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t start;
static int config_version;
static long reads;
static pthread_mutex_t reads_mu = PTHREAD_MUTEX_INITIALIZER;

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

static void *reader(void *arg) {
  long id = (long)arg;
  pthread_barrier_wait(&start);
  sleep_ms((int)id); // staggered, so read sections overlap
  for (int i = 0; i < 100; i++) {
    pthread_rwlock_rdlock(&rw);
    int v = config_version;
    sleep_ms(3);
    pthread_rwlock_unlock(&rw);
    pthread_mutex_lock(&reads_mu);
    reads += v >= 0;
    pthread_mutex_unlock(&reads_mu);
  }
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  pthread_barrier_wait(&start);
  sleep_ms(10);
  pthread_rwlock_wrlock(&rw); // EXPECT: starvation
  config_version++;
  pthread_rwlock_unlock(&rw);
  return NULL;
}

int main(void) {
  pthread_t r[READERS], w;
  pthread_barrier_init(&start, NULL, READERS + 1);
  for (long i = 0; i < READERS; i++)
    pthread_create(&r[i], NULL, reader, (void *)i);
  pthread_create(&w, NULL, writer, NULL);
  for (int i = 0; i < READERS; i++)
    pthread_join(r[i], NULL);
  pthread_join(w, NULL);
  printf("%ld reads, config version %d\n", reads, config_version);
  return 0;
}
