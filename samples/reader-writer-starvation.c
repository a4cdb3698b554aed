// reader-writer-starvation: glibc's default rwlock prefers readers: while any
// reader holds it, new readers get in at once and a writer waits. A report
// thread reads the whole table under the read lock while request handlers keep
// doing lookups; the count of readers never drops to zero, and the writer that
// wants to publish a new config version waits while readers take the lock again
// and again: writer starvation. No data race (every access holds the rwlock the
// right way). The runtime shim reports the writer's wait and how many times
// readers took the lock meanwhile; the fix is a writer-preferring lock
// (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP: new readers queue behind the
// writer) or a fair design.
//
// How the order is forced, so that every run shows it, under every tool, on a
// busy machine: the report thread (main) holds the read lock from before the
// writer starts until every lookup is done, and the handlers start their lookups
// only once the writer is asleep in pthread_rwlock_wrlock (its state in
// /proc/self/task/<tid>/stat is 'S'). The writer then waits while the readers
// take the lock 3 x 100 times, at least 100 x 5 ms = 500 ms: ten times the
// starvation_ms below.
// RUNTIME-OPTIONS: starvation_ms=50
#define _GNU_SOURCE // gettid
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { HANDLERS = 3, LOOKUPS = 100 };

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static int config_version;
static atomic_int writer_tid;

static void sleep_ms(int ms) {
  struct timespec ts = {0, ms * 1000000L};
  nanosleep(&ts, NULL);
}

// Returns once thread `tid` is asleep (blocked in the kernel).
static void wait_until_asleep(int tid) {
  char path[64], stat[256];
  snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  for (;;) {
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(stat, 1, sizeof stat - 1, f) : 0;
    if (f)
      fclose(f);
    stat[n] = 0;
    char *state = strrchr(stat, ')'); // "<tid> (<name>) <state> ..."
    if (state && state[1] == ' ' && state[2] == 'S')
      return;
    sleep_ms(1);
  }
}

static void *handler(void *arg) {
  long *reads = arg;
  for (int i = 0; i < LOOKUPS; i++) {
    pthread_rwlock_rdlock(&rw); // in at once, although the writer waits
    int v = config_version;
    sleep_ms(5);
    pthread_rwlock_unlock(&rw);
    *reads += v >= 0;
  }
  return NULL;
}

static void *writer(void *arg) {
  (void)arg;
  atomic_store(&writer_tid, gettid());
  pthread_rwlock_wrlock(&rw); // EXPECT: starvation
  config_version++;
  pthread_rwlock_unlock(&rw);
  return NULL;
}

int main(void) {
  pthread_t h[HANDLERS], w;
  long reads[HANDLERS] = {0}, total = 0;
  pthread_rwlock_rdlock(&rw); // the report starts reading the table
  pthread_create(&w, NULL, writer, NULL);
  while (atomic_load(&writer_tid) == 0)
    sleep_ms(1);
  wait_until_asleep(atomic_load(&writer_tid)); // the writer now waits for the readers
  for (int i = 0; i < HANDLERS; i++)
    pthread_create(&h[i], NULL, handler, &reads[i]);
  for (int i = 0; i < HANDLERS; i++) {
    pthread_join(h[i], NULL);
    total += reads[i];
  }
  pthread_rwlock_unlock(&rw); // the report is done: only now can the writer get in
  pthread_join(w, NULL);
  printf("%ld reads, config version %d\n", total, config_version);
  return 0;
}
