// Lock records past the first 16,384 come from memory advised as transparent huge pages
// (rt_locks.cpp: first touch of many locks costs a few huge-page faults, not one fault per 64
// records), and a program with few locks gets no such memory (its peak RSS must not grow by
// a huge page). The program itself advises nothing, so a mapping with THPeligible 1 in
// /proc/self/smaps is the shim's. Skipped when THP is off, or on for every mapping ("always":
// then every anonymous mapping is eligible and there is nothing to tell apart).
// Detection is unchanged past the threshold: an inversion between two locks whose records
// lie in that memory is still reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 100 2>&1 | FileCheck %s --check-prefix=FEW --implicit-check-not="WARNING: parcheck"
// RUN: not %run %t 40000 2>&1 | FileCheck %s --check-prefix=MANY
#include "Inputs/in-turn.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t *locks;
static int n;

static void *forward(void *arg) {
  pthread_mutex_lock(&locks[n - 2]);
  pthread_mutex_lock(&locks[n - 1]);
  pthread_mutex_unlock(&locks[n - 1]);
  pthread_mutex_unlock(&locks[n - 2]);
  return 0;
}

static void *backward(void *arg) {
  pthread_mutex_lock(&locks[n - 1]);
  pthread_mutex_lock(&locks[n - 2]);
  pthread_mutex_unlock(&locks[n - 2]);
  pthread_mutex_unlock(&locks[n - 1]);
  return 0;
}

// "madvise", "always" or "never": the bracketed word of the THP setting.
static const char *ThpMode(void) {
  static char buf[128];
  FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f) return "never";
  size_t k = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  buf[k] = 0;
  if (strstr(buf, "[madvise]")) return "madvise";
  if (strstr(buf, "[always]")) return "always";
  return "never";
}

static int HugeAdvisedMappings(void) {
  FILE *f = fopen("/proc/self/smaps", "r");
  char line[512];
  int count = 0;
  while (f && fgets(line, sizeof(line), f)) {
    int v;
    if (sscanf(line, "THPeligible: %d", &v) == 1 && v == 1) ++count;
  }
  if (f) fclose(f);
  return count;
}

int main(int argc, char **argv) {
  n = atoi(argv[1]);
  locks = malloc(sizeof(pthread_mutex_t) * n);
  for (int i = 0; i < n; ++i) pthread_mutex_init(&locks[i], 0);
  for (int i = 0; i < n; ++i) {
    pthread_mutex_lock(&locks[i]);
    pthread_mutex_unlock(&locks[i]);
  }
  if (strcmp(ThpMode(), "madvise"))
    fprintf(stderr, "huge-advised memory: %s\n", n > 20000 ? "yes" : "no");  // skipped
  else
    fprintf(stderr, "huge-advised memory: %s\n", HugeAdvisedMappings() ? "yes" : "no");
  if (n > 20000) RUN_IN_TURN(forward, backward);
  return 0;
}
// FEW: huge-advised memory: no
// MANY: huge-advised memory: yes
// MANY: WARNING: parcheck: lock-order-inversion
// MANY: #0 backward {{.*}}many-locks-huge-records.c:30
