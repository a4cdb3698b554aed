// A test suite runs transfer(a, b) and then transfer(b, a) in one thread; production runs them
// in two. That inversion is reported by default, with a note that one thread made every edge,
// in the text and in the JSON message. The thread that makes it is joined by main before main
// takes the locks again: a join orders threads, never a thread against itself, so
// ignore_joined_cycles (on by default) does not hide it. With a gate lock held around both
// transfers nothing can deadlock: not reported. ignore_single_thread_cycles=1: not reported.
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.json
// RUN: %env_parcheck_opts=json_path=%t.json %run %t > %t.out 2>&1 || echo "exit=$?" >> %t.out
// RUN: FileCheck %s --check-prefix=REPORT < %t.out
// RUN: FileCheck %s --check-prefixes=CHECK,OUT < %t.out
// The reporter thread writes the report, so it may land before or after the program's own
// lines: those are checked from the same output with the OUT prefix, before the exit summary.
// RUN: %python -c "import json,sys; [print('message:', f['message']) for f in json.load(open(sys.argv[1]))['findings']]" %t.json | FileCheck %s --check-prefix=JSON
// RUN: %clang -g -O0 -DGATE %s -o %t.gate -lpthread
// RUN: %run %t.gate 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=ignore_single_thread_cycles=1 %run %t 2>&1 | FileCheck %s --implicit-check-not="WARNING: parcheck"
#include <pthread.h>
#include <stdio.h>

struct account {
  pthread_mutex_t mu;
  long balance;
};
struct account acct_a = {PTHREAD_MUTEX_INITIALIZER, 100};
struct account acct_b = {PTHREAD_MUTEX_INITIALIZER, 100};
pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;

static void transfer(struct account *from, struct account *to, long amount) {
#ifdef GATE
  pthread_mutex_lock(&gate);
#endif
  pthread_mutex_lock(&from->mu);
  pthread_mutex_lock(&to->mu);
  from->balance -= amount;
  to->balance += amount;
  pthread_mutex_unlock(&to->mu);
  pthread_mutex_unlock(&from->mu);
#ifdef GATE
  pthread_mutex_unlock(&gate);
#endif
}

static void *test_case(void *arg) {
  transfer(&acct_a, &acct_b, 10);
  transfer(&acct_b, &acct_a, 10);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, test_case, 0);
  pthread_join(t, 0);
  transfer(&acct_a, &acct_b, 5);
  fprintf(stderr, "balances %ld %ld\n", acct_a.balance, acct_b.balance);
  return 0;
}
// REPORT: WARNING: parcheck: lock-order-inversion (potential deadlock)
// REPORT: Cycle in lock order graph: M{{[0-9]+}} ('acct_a') => M{{[0-9]+}} ('acct_b') => M{{[0-9]+}}
// REPORT: Mutex M{{[0-9]+}} ('acct_b') acquired here while holding mutex M{{[0-9]+}} ('acct_a') in thread T1:
// REPORT-NEXT: #0 transfer {{.*}}lock-order-single-thread-transfer.c:{{[0-9]+}}
// REPORT-NEXT: #1 test_case
// REPORT: Mutex M{{[0-9]+}} ('acct_a') acquired here while holding mutex M{{[0-9]+}} ('acct_b') in thread T1:
// REPORT: Threads involved: T1
// REPORT-NEXT: All edges were made by thread T1: if two threads run these paths at once, they can deadlock.
// REPORT-EMPTY:
// REPORT-NEXT: Thread T1 created by main thread at:
// REPORT-NEXT: #0 main {{.*}}lock-order-single-thread-transfer.c:52
// REPORT: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'acct_a' => 'acct_b' => 'acct_a' [parcheck-lock-order]
// REPORT: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (lock-order: 1)
// REPORT: exit=66
// CHECK: balances 95 105
// OUT: ==parcheck== pid={{[0-9]+}} ({{.*}}): 1 report(s) (lock-order: 1)
// OUT: exit=66
// JSON: message: lock order inversion: 'acct_a' => 'acct_b' => 'acct_a' (potential deadlock); all edges were made by thread T1: if two threads run these paths at once, they can deadlock
