// A fork child (LD_PRELOAD is inherited, and so is the runtime's state) never uses its
// parent's symbolizer process: requests from two processes on one connection would mix their
// answers. The parent forks while its symbolizer (Inputs/gated-symbolizer.sh, held at its
// start until the gate opens) is busy with the parent's report; the child reports an unlock
// of a lock it does not hold and exits, symbolising with a symbolizer of its own. Each report
// names its own lock and frame, and two symbolizers were started in all, one per process
// (before, one per module and per lock name).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.gate %t.gate.started %t.gate.starts
// RUN: env PARCHECK_TEST_GATE=%t.gate %env_parcheck_opts=symbolizer_path=%S/Inputs/gated-symbolizer.sh %run %t %t.gate > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s < %t.out
// RUN: grep -c "WARNING: parcheck" %t.out | FileCheck %s --check-prefix=COUNT
// RUN: wc -l < %t.gate.starts | FileCheck %s --check-prefix=STARTS
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

pthread_mutex_t parent_mu = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t child_mu = PTHREAD_MUTEX_INITIALIZER;

static void parent_work(void) { pthread_mutex_unlock(&parent_mu); }  // not held: reported
static void child_work(void) { pthread_mutex_unlock(&child_mu); }    // not held: reported

int main(int argc, char **argv) {
  char started[4096];
  snprintf(started, sizeof(started), "%s.started", argv[1]);
  parent_work();
  while (access(started, F_OK) != 0)  // the parent's symbolizer runs, and waits for the gate
    usleep(1000);
  fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    child_work();
    return 0;  // the child's report is written at its exit
  }
  FILE *gate = fopen(argv[1], "w");
  fclose(gate);
  int st = 0;
  waitpid(pid, &st, 0);
  fprintf(stderr, "child exit=%d\n", WEXITSTATUS(st));
  return 0;
}
// CHECK-DAG: Thread T0 unlocks mutex 'child_mu' that it does not hold:
// CHECK-DAG: #0 child_work {{.*}}symbolizer-fork.c:23
// CHECK-DAG: Thread T0 unlocks mutex 'parent_mu' that it does not hold:
// CHECK-DAG: #0 parent_work {{.*}}symbolizer-fork.c:22
// CHECK-DAG: child exit=66
// CHECK: exit=66
// COUNT: {{^2$}}
// STARTS: {{^ *2$}}
