// After fork the child starts with a clean detector state (its own reports, its own pid);
// the parent's reports are its own too. Each report says which process wrote it.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: not %run %t > %t.log 2>&1
// RUN: FileCheck %s < %t.log
// RUN: FileCheck %s --check-prefix=OUT < %t.log
// Reports are written by each process's reporter thread, so a report may land before or after
// the lines its process prints: those are checked with the OUT prefix. Both tie the pid to the
// process's exit summary.
#include <sys/wait.h>
#include <unistd.h>
#include "abba.h"

int main(void) {
  pthread_mutex_lock(&first_mu);  // held across fork: the child still holds it
  pid_t child = fork();
  if (child == 0) {
    pthread_mutex_unlock(&first_mu);
    run_abba();
    fprintf(stderr, "child pid=%d\n", (int)getpid());
    return 0;
  }
  pthread_mutex_unlock(&first_mu);
  int status;
  waitpid(child, &status, 0);
  fprintf(stderr, "child exit=%d\n", WEXITSTATUS(status));
  run_abba();
  fprintf(stderr, "parent pid=%d\n", (int)getpid());
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock) (pid=[[CHILD:[0-9]+]])
// CHECK: ==parcheck== pid=[[CHILD]] ({{.*}}): 1 report(s)
// CHECK: child exit=66
// CHECK: WARNING: parcheck: lock-order-inversion (potential deadlock) (pid=[[PARENT:[0-9]+]])
// CHECK: ==parcheck== pid=[[PARENT]] ({{.*}}): 1 report(s)
// OUT: child pid=[[CHILD:[0-9]+]]
// OUT: ==parcheck== pid=[[CHILD]] ({{.*}}): 1 report(s)
// OUT: child exit=66
// OUT: parent pid=[[PARENT:[0-9]+]]
// OUT: ==parcheck== pid=[[PARENT]] ({{.*}}): 1 report(s)
