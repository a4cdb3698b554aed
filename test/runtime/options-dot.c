// dot_path writes the lock-order graph; edges on a reported cycle are red.
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
// CHECK-DAG: M[[A:[0-9]+]] [label="first_mu", color=red];
// CHECK-DAG: M[[B:[0-9]+]] [label="second_mu", color=red];
// CHECK-DAG: M[[C:[0-9]+]] [label="third_mu"];
// CHECK-DAG: M[[A]] -> M[[B]] [color=red, penwidth=2];
// CHECK-DAG: M[[B]] -> M[[A]] [color=red, penwidth=2];
// CHECK-DAG: M[[A]] -> M[[C]];
// CHECK: }
// CLEAN: digraph parcheck_lock_order {
// CLEAN-NOT: red
// CLEAN: M{{[0-9]+}} -> M{{[0-9]+}};
