// The exit summary walks every lock (print_stats=1 here; any report does too) through the pages
// of the lock table where a record was ever published, not through the whole 8 MiB table: a
// small program's peak RSS must not grow by the table's size at exit (before, a program with
// two locks and one report ended at 10.4 MB, 2.3 MB with the walk limited). The program runs
// itself as a child (the shim's LD_PRELOAD is inherited) and reads the child's peak RSS from
// wait4, which covers the child's exit summary. Skipped when THP is on for every mapping
// ("always": the table's first touch may then fault in a 2 MiB page).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: env PARCHECK_OPTIONS=print_stats=1 %run %t 2>&1 | FileCheck %s
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;

static int ThpAlways(void) {
  char buf[128] = {0};
  FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
  if (!f) return 0;
  size_t k = fread(buf, 1, sizeof(buf) - 1, f);
  fclose(f);
  buf[k] = 0;
  return strstr(buf, "[always]") != NULL;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "child")) {
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    return 0;
  }
  pid_t pid = fork();
  if (pid == 0) {
    execl("/proc/self/exe", argv[0], "child", (char *)NULL);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
    fprintf(stderr, "child failed\n");
    return 1;
  }
  long limitKb = 6 * 1024;  // the whole table alone is 8 MiB
  fprintf(stderr, "child peak RSS under 6 MiB: %s\n",
          ThpAlways() || ru.ru_maxrss < limitKb ? "yes" : "no");
  return 0;
}
// CHECK: child peak RSS under 6 MiB: yes
