// dot_path writes the lock-order graph; edges on a reported cycle are red. Nodes are labelled
// with the M<n> ids the text reports use, edges with the thread that made them and where it
// took the second lock (issue 12).
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: %env_parcheck_opts=dot_path=%t.dot not %run %t
// RUN: FileCheck %s < %t.dot
// RUN: %clang -g -O0 -I%S/Inputs -DCLEAN %s -o %t.clean -lpthread
// RUN: %env_parcheck_opts=dot_path=%t.clean.dot %run %t.clean
// RUN: FileCheck %s --check-prefix=CLEAN < %t.clean.dot
#include "abba.h"
pthread_mutex_t third_mu = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
#ifndef CLEAN
  run_abba();
#endif
  pthread_mutex_lock(&first_mu);
  pthread_mutex_lock(&third_mu);
  pthread_mutex_unlock(&third_mu);
  pthread_mutex_unlock(&first_mu);
  return 0;
}
// CHECK: digraph parcheck_lock_order {
// CHECK-DAG: M[[A:[0-9]+]] [label="M[[A]] 'first_mu'", color=red];
// CHECK-DAG: M[[B:[0-9]+]] [label="M[[B]] 'second_mu'", color=red];
// CHECK-DAG: M[[C:[0-9]+]] [label="M[[C]] 'third_mu'"];
// CHECK-DAG: M[[A]] -> M[[B]] [label="T{{[12]}} take_first_then_second abba.h:10", color=red, penwidth=2];
// CHECK-DAG: M[[B]] -> M[[A]] [label="T{{[12]}} take_second_then_first abba.h:18", color=red, penwidth=2];
// CHECK-DAG: M[[A]] -> M[[C]] [label="T0 main options-dot.c:17"];
// CHECK: }
// CLEAN: digraph parcheck_lock_order {
// CLEAN-NOT: red
// CLEAN: M{{[0-9]+}} -> M{{[0-9]+}} [label="T0 main options-dot.c:17"];
