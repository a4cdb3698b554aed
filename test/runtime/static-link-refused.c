// A -static program cannot run under the runtime (it needs the dynamic libc to find the real
// lock functions), so it is refused with a message that says why: by GNU ld when the archive
// is linked into a -static program (a link-time warning beside the undefined compat
// symbols), and by parcheck_instrument() at configure time, however -static is given. A
// dynamic target configures fine. (test/runtime/static-link.c: the dynamic link works.)
// RUN: not %clang -static %s -o %t -Wl,--whole-archive %parcheck_rt_static -Wl,--no-whole-archive -lpthread -ldl -lstdc++ 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: rm -rf %t.cm && mkdir -p %t.cm
// RUN: not cmake -S %S/Inputs/static-instrument -B %t.cm/after -DPARCHECK_SRC=%srcroot -DCMAKE_C_COMPILER=%clang -DMODE=option-after 2>&1 | FileCheck %s --check-prefix=CMAKE
// RUN: not cmake -S %S/Inputs/static-instrument -B %t.cm/libs -DPARCHECK_SRC=%srcroot -DCMAKE_C_COMPILER=%clang -DMODE=libraries 2>&1 | FileCheck %s --check-prefix=CMAKE
// RUN: not cmake -S %S/Inputs/static-instrument -B %t.cm/flags -DPARCHECK_SRC=%srcroot -DCMAKE_C_COMPILER=%clang -DCMAKE_EXE_LINKER_FLAGS=-static 2>&1 | FileCheck %s --check-prefix=CMAKE
// RUN: cmake -S %S/Inputs/static-instrument -B %t.cm/dynamic -DPARCHECK_SRC=%srcroot -DCMAKE_C_COMPILER=%clang 2>&1 | FileCheck %s --check-prefix=DYNAMIC
#include <pthread.h>
pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
int main(void) {
  pthread_mutex_lock(&mu);
  pthread_mutex_unlock(&mu);
  return 0;
}
// LINK: warning: parcheck: libparcheck_rt_static.a cannot be linked into a -static program
// CMAKE: CMake Error at {{.*}}ParcheckInstrument.cmake
// CMAKE-NEXT: parcheck_instrument(prog): prog is linked with -static, but the parcheck
// CMAKE-NEXT: runtime cannot work in a statically linked program
// DYNAMIC-NOT: CMake Error
// DYNAMIC: Generating done
