// Linking libparcheck_rt_static.a with --whole-archive (what parcheck_instrument() does)
// works without LD_PRELOAD.
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -Wl,--whole-archive %parcheck_rt_static -Wl,--no-whole-archive -rdynamic -lpthread -ldl -lstdc++
// RUN: env -u LD_PRELOAD not timeout 60 %t 2>&1 | FileCheck %s
#include "abba.h"
int main(void) {
  run_abba();
  return 0;
}
// CHECK: WARNING: parcheck: lock-order-inversion
// CHECK: SUMMARY: parcheck: lock-order-inversion (potential deadlock) 'first_mu' => 'second_mu' => 'first_mu'
