// parcheck-run: --help and --version; the program's exit status passed through (an exit code,
// and death by a signal as the shell reports it, 128+n); stdin, stdout and stderr kept;
// SIGTERM sent to the wrapper forwarded to the program; a static binary refused (exit 2, not
// run); a warning when the shim did not stay in the process (LD_PRELOAD cleared and the
// program re-executed, `env -u LD_PRELOAD`, a library that cannot be loaded).
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: %parcheck-run --help | FileCheck %s --check-prefix=HELP
// RUN: %parcheck-run --version | FileCheck %s --check-prefix=VERSION
// RUN: %run %t exit3 > %t.exit 2>&1 || echo "status=$?" >> %t.exit
// RUN: FileCheck %s --check-prefix=EXIT3 --implicit-check-not="parcheck-run:" < %t.exit
// RUN: %run %t usr1 > %t.sig 2>&1 || echo "status=$?" >> %t.sig
// RUN: FileCheck %s --check-prefix=SIG --implicit-check-not="parcheck-run:" < %t.sig
// RUN: echo hello | %run %t cat 2>&1 | FileCheck %s --check-prefix=STDIN --implicit-check-not="parcheck-run:"
// Found through PATH, as exec finds it:
// RUN: rm -rf %t.bin && mkdir -p %t.bin && cp %t %t.bin/pcr-prog
// RUN: env PATH=%t.bin:$PATH %run pcr-prog exit3 > %t.path 2>&1 || echo "status=$?" >> %t.path
// RUN: FileCheck %s --check-prefix=EXIT3 --implicit-check-not="parcheck-run:" < %t.path
// SIGTERM to the wrapper reaches the program (which waits for it, at most 60 s):
// RUN: rm -f %t.ready
// RUN: %parcheck-run %t wait-term %t.ready > %t.fwd 2>&1 & pid=$!; while [ ! -e %t.ready ]; do sleep 0.05; done; kill -TERM $pid; wait $pid; echo "status=$?" >> %t.fwd
// RUN: FileCheck %s --check-prefix=FWD --implicit-check-not="parcheck-run:" < %t.fwd
// A static binary cannot load the shim: not run, exit 2.
// RUN: %clang -static -O0 %s -o %t.static
// RUN: %parcheck-run %t.static exit3 > %t.st 2>&1 || echo "status=$?" >> %t.st
// RUN: FileCheck %s --check-prefix=STATIC --implicit-check-not="main ran" < %t.st
// The program clears LD_PRELOAD and re-executes itself; a script runs env -u LD_PRELOAD:
// RUN: %run %t reexec > %t.re 2>&1 || echo "status=$?" >> %t.re
// RUN: FileCheck %s --check-prefix=REEXEC < %t.re
// RUN: %run sh -c "env -u LD_PRELOAD %t inverted" > %t.env 2>&1 || echo "status=$?" >> %t.env
// RUN: FileCheck %s --check-prefix=ENVU < %t.env
// No process loads the shim (here: the library cannot be loaded):
// RUN: rm -f %t.empty.so && touch %t.empty.so
// RUN: env PARCHECK_RT=%t.empty.so %run %t inverted > %t.none 2>&1 || echo "status=$?" >> %t.none
// RUN: FileCheck %s --check-prefix=NONE < %t.none
// With the shim, the same inversion is reported and no warning is printed:
// RUN: %run %t inverted > %t.inv 2>&1 || echo "status=$?" >> %t.inv
// RUN: FileCheck %s --check-prefix=INVERTED --implicit-check-not="parcheck-run:" < %t.inv
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t got_term;
static void on_term(int sig) { got_term = 1; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  fprintf(stderr, "main ran: %s\n", mode);
  if (!strcmp(mode, "exit3")) return 3;
  if (!strcmp(mode, "usr1")) raise(SIGUSR1);
  if (!strcmp(mode, "cat")) {
    char line[64];
    if (fgets(line, sizeof(line), stdin)) printf("stdin: %s", line);
    return 0;
  }
  if (!strcmp(mode, "wait-term")) {
    alarm(60);  // never hang the suite
    signal(SIGTERM, on_term);
    fclose(fopen(argv[2], "w"));  // ready: the handler is installed
    while (!got_term) pause();
    fprintf(stderr, "got SIGTERM\n");
    return 5;
  }
  if (!strcmp(mode, "reexec")) {
    unsetenv("LD_PRELOAD");
    execl("/proc/self/exe", argv[0], "inverted", (char *)0);
    return 99;
  }
  if (!strcmp(mode, "inverted")) {  // reported (exit 66) when the shim is in the process
    pthread_mutex_lock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_unlock(&b);
    pthread_mutex_unlock(&a);
    pthread_mutex_lock(&b);
    pthread_mutex_lock(&a);
    pthread_mutex_unlock(&a);
    pthread_mutex_unlock(&b);
    return 0;
  }
  return 0;
}
// HELP: usage: parcheck-run [--] <program> [args...]
// HELP: parcheck-run --help | --version
// VERSION: parcheck-run (parcheck) {{[0-9]+\.[0-9]+\.[0-9]+}}
// EXIT3: main ran: exit3
// EXIT3-NEXT: status=3
// SIG: main ran: usr1
// SIG-NEXT: status=138
// STDIN: stdin: hello
// FWD: main ran: wait-term
// FWD-NEXT: got SIGTERM
// FWD-NEXT: status=5
// STATIC: parcheck-run: '{{.*}}parcheck-run.c.tmp.static' is statically linked: LD_PRELOAD cannot load libparcheck_rt into it, so it would run unchecked; not running it (link it dynamically)
// STATIC-NEXT: status=2
// REEXEC: main ran: reexec
// REEXEC-NEXT: main ran: inverted
// REEXEC-NEXT: parcheck-run: warning: process(es) {{[0-9]+}} of '{{.*}}parcheck-run.c.tmp' loaded libparcheck_rt but did not end with it: they executed a program without it (LD_PRELOAD cleared, as by env -u LD_PRELOAD or a re-exec) or were killed; what ran there was not checked
// REEXEC-NOT: status=
// ENVU: main ran: inverted
// ENVU-NEXT: parcheck-run: warning: process(es) {{[0-9]+}} of 'sh' loaded libparcheck_rt but did not end with it
// ENVU-NOT: status=
// NONE: main ran: inverted
// NONE: parcheck-run: warning: no process of '{{.*}}parcheck-run.c.tmp' loaded libparcheck_rt (LD_PRELOAD was cleared, ignored for a setuid program, or the library could not be loaded): nothing was checked
// NONE-NOT: status=
// INVERTED: main ran: inverted
// INVERTED: WARNING: parcheck: lock-order-inversion (potential deadlock)
// INVERTED: status=66
