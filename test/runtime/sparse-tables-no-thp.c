// The shim's big sparse tables (the lock table, the thread id table, the lock-region indexes,
// the record arena) are advised against transparent huge pages: where THP is "always", the
// first touch of each 2 MiB of them would otherwise make all of it resident (a one-lock C
// program's peak RSS went from 1.7 MB to 12 MB). Checked from the advice itself, whatever this
// machine's THP setting: every anonymous mapping of 2 MiB or more in this single-threaded
// program (which maps nothing itself, and whose malloc of a few bytes stays in the heap) is
// the shim's, and must carry VmFlags "nh" (MADV_NOHUGEPAGE), unless it is memory the shim
// advises as huge pages ("hg": record chunks past 16,384 locks, which this program never
// makes).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %run %t 2>&1 | FileCheck %s
// CHECK: big anonymous mappings: {{[1-9][0-9]*}}, without nh: 0
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  pthread_mutex_t *m = malloc(sizeof *m);
  pthread_mutex_init(m, 0);
  pthread_mutex_lock(m);
  pthread_mutex_unlock(m);
  FILE *f = fopen("/proc/self/smaps", "r");
  char line[512];
  unsigned long lo = 0, hi = 0;
  int anon = 0, big = 0, without = 0;
  while (f && fgets(line, sizeof line, f)) {
    unsigned long a, b;
    char perms[8] = "", path[256] = "";
    // A mapping's header: "start-end perms offset dev inode [path]".
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %255s", &a, &b, perms, path) >= 3 &&
        strlen(perms) == 4) {
      lo = a, hi = b;
      anon = path[0] == 0;  // no file, not [heap] or [stack]
      continue;
    }
    if (!strncmp(line, "VmFlags:", 8) && anon && hi - lo >= (2ul << 20)) {
      ++big;
      if (!strstr(line, " nh") && !strstr(line, " hg")) {
        ++without;
        fprintf(stderr, "%lx-%lx %s", lo, hi, line);
      }
    }
  }
  if (f) fclose(f);
  fprintf(stderr, "big anonymous mappings: %d, without nh: %d\n", big, without);
  return 0;
}
