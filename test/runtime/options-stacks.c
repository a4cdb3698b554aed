// Stack options. By default a held lock records only its acquisition site (one frame) and
// acquisition stacks have up to stack_depth frames; held_stacks=1 records full stacks for held
// locks; stack_depth=1 keeps one frame everywhere. symbolizer_path picks the symbolizer; one
// that does not exist is a warning, and frames stay addresses (module).
// RUN: %clang -g -O0 -I%S/Inputs %s -o %t -lpthread
// RUN: not %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: %env_parcheck_opts=held_stacks=1 not %run %t 2>&1 | FileCheck %s --check-prefix=HELD
// RUN: %env_parcheck_opts=stack_depth=1 not %run %t 2>&1 | FileCheck %s --check-prefix=DEPTH1
// RUN: %env_parcheck_opts=symbolizer_path=/usr/lib/llvm-19/bin/llvm-symbolizer not %run %t 2>&1 | FileCheck %s --check-prefix=DEFAULT
// RUN: %env_parcheck_opts=symbolizer_path=/nonexistent/llvm-symbolizer not %run %t 2>&1 | FileCheck %s --check-prefix=NOSYM
#include "abba.h"
int main(void) {
  run_abba();
  return 0;
}
// DEFAULT: Mutex M{{[0-9]+}} ('second_mu') acquired here while holding mutex M{{[0-9]+}} ('first_mu') in thread T1:
// DEFAULT-NEXT: #0 take_first_then_second {{.*}}abba.h:10
// DEFAULT-NEXT: #1 turn_main {{.*}}in-turn.h
// DEFAULT: previously acquired by the same thread here:
// DEFAULT-NEXT: #0 take_first_then_second {{.*}}abba.h:9
// DEFAULT-EMPTY:
// HELD: previously acquired by the same thread here:
// HELD-NEXT: #0 take_first_then_second {{.*}}abba.h:9
// HELD-NEXT: #1 turn_main {{.*}}in-turn.h
// DEPTH1: acquired here while holding mutex M{{[0-9]+}} ('first_mu') in thread T1:
// DEPTH1-NEXT: #0 take_first_then_second {{.*}}abba.h:10
// DEPTH1-EMPTY:
// NOSYM: ==parcheck== WARNING: symbolizer_path '/nonexistent/llvm-symbolizer' is not an executable file
// NOSYM: WARNING: parcheck: lock-order-inversion
// NOSYM: acquired here while holding
// NOSYM-NEXT: #0 0x{{[0-9a-f]+}} ({{.*}}options-stacks.c.tmp)
