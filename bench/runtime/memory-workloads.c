// Workloads for memory.py: ./memory-workloads <threads|hold|heap> [scale (1; heap: 0 = 100000)]
//   threads: 20000 threads created over time, at most 100 alive, each taking two locks
//            nested (every thread makes the same edge) and one alone.
//   hold:    2000 locks held at once by one thread, released, twice.
//   heap:    1000000 distinct heap objects, each with a mutex: init, lock (nested under a
//            global registry lock), unlock, destroy, free; then the same again in freed
//            (reused) memory.
// Each prints a checksum, and its VmHWM/VmRSS from /proc/self/status on stderr.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t outer = PTHREAD_MUTEX_INITIALIZER, inner = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t solo = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg) {
  pthread_mutex_lock(&outer);
  pthread_mutex_lock(&inner);
  counter++;
  pthread_mutex_unlock(&inner);
  pthread_mutex_unlock(&outer);
  pthread_mutex_lock(&solo);
  counter++;
  pthread_mutex_unlock(&solo);
  return arg;
}

struct object {
  pthread_mutex_t mu;
  long value;
};

static void print_status(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmHWM:", 6) || !strncmp(line, "VmRSS:", 6)) fputs(line, stderr);
  if (f) fclose(f);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s <threads|hold|heap> [scale]\n", argv[0]);
    return 2;
  }
  long scale = argc > 2 ? atol(argv[2]) : 1;
  long sum = 0;
  if (!strcmp(argv[1], "threads")) {
    enum { kAlive = 100 };
    long total = 20000 * scale;
    pthread_t t[kAlive];
    for (long w = 0; w < total / kAlive; ++w) {
      for (int i = 0; i < kAlive; ++i) pthread_create(&t[i], 0, worker, 0);
      for (int i = 0; i < kAlive; ++i) pthread_join(t[i], 0);
    }
    sum = counter;
  } else if (!strcmp(argv[1], "hold")) {
    enum { kHeld = 2000 };
    static pthread_mutex_t locks[kHeld];
    for (int i = 0; i < kHeld; ++i) pthread_mutex_init(&locks[i], 0);
    for (long r = 0; r < 2 * scale; ++r) {
      for (int i = 0; i < kHeld; ++i) pthread_mutex_lock(&locks[i]);
      for (int i = kHeld - 1; i >= 0; --i) pthread_mutex_unlock(&locks[i]);
      sum += kHeld;
    }
  } else if (!strcmp(argv[1], "heap")) {
    long n = scale > 0 ? 1000000 * scale : 100000;  // scale 0: a tenth
    struct object **objs = malloc(n * sizeof *objs);
    for (int round = 0; round < 2; ++round) {
      for (long i = 0; i < n; ++i) {
        objs[i] = malloc(sizeof(struct object));
        pthread_mutex_init(&objs[i]->mu, 0);
        objs[i]->value = i;
      }
      for (long i = 0; i < n; ++i) {
        pthread_mutex_lock(&outer);
        pthread_mutex_lock(&objs[i]->mu);
        sum += objs[i]->value;
        pthread_mutex_unlock(&objs[i]->mu);
        pthread_mutex_unlock(&outer);
      }
      for (long i = 0; i < n; ++i) {
        pthread_mutex_destroy(&objs[i]->mu);
        free(objs[i]);
      }
    }
    free(objs);
  } else {
    fprintf(stderr, "unknown workload %s\n", argv[1]);
    return 2;
  }
  printf("%s checksum %ld\n", argv[1], sum);
  print_status();
  return 0;
}
