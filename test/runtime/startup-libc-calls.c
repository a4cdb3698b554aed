// The shim's start-up and a clean run make their system calls themselves and format without
// stdio (rt_common.h: RtOpen, RtRead, RtClose, RtReadlink, RtAccess, RtGetenv, RtGettid,
// RtGetpid, RtFutexWait and RtFutexWake, CopyString; x86-64, the runtime's one platform):
// every libc function the runtime alone calls maps the 64 KiB of libc's text around it, the
// kernel's fault-around, in a program that never calls it (issue 13, peak RSS). A spy library,
// preloaded before the shim, defines those functions, forwards each to libc, and logs the
// calls whose return address lies in the shim. It also logs the shim's sigaction calls (its
// fatal-signal handlers, installed at start-up), which shows that it sees the shim's calls.
// The run has parcheck-run's marker set (PARCHECK_RUN_MARKER, written at start and at exit)
// and searches PATH for the symbolizer, as by default.
// RUN: %clang -g -O0 -shared -fPIC -DSPY %s -o %t.spy.so -ldl
// RUN: %clang -g -O0 %s -o %t -lpthread
// RUN: rm -f %t.calls %t.marker
// RUN: env LD_PRELOAD=%t.spy.so:%parcheck_rt PARCHECK_RUN_MARKER=%t.marker SPY_OUT=%t.calls %t 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=SEEN < %t.calls
// RUN: FileCheck %s --check-prefix=NONE < %t.calls
// RUN: FileCheck %s --check-prefix=MARKER < %t.marker
// RUN: rm -f %t.calls
// RUN: env LD_PRELOAD=%t.spy.so:%parcheck_rt SPY_OUT=%t.calls %t 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: FileCheck %s --check-prefix=SEEN < %t.calls
// RUN: FileCheck %s --check-prefix=NONE < %t.calls
// OUT-NOT: parcheck
// OUT: counter 200000
// OUT-NOT: parcheck
// SEEN: shim calls sigaction
// NONE-NOT: shim calls {{getenv|open|open64|read|close|readlink|access|snprintf|vsnprintf|sprintf|sscanf|syscall|gettid|getpid}}{{$}}
// MARKER: {{^}}init {{[1-9][0-9]*$}}
// MARKER-NEXT: {{^}}fini {{[1-9][0-9]*$}}
#ifdef SPY
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

// The spy's own system calls, made without libc (it must not call what it spies on).
static long raw3(long nr, long a, long b, long c) {
  long r;
  __asm__ __volatile__("syscall" : "=a"(r) : "0"(nr), "D"(a), "S"(b), "d"(c)
                       : "rcx", "r11", "memory");
  return r;
}

// Appends "shim calls <name>" to $SPY_OUT if the caller is the shim.
static void note(const char *name, void *ret) {
  Dl_info info;
  if (!dladdr(ret, &info) || !info.dli_fname || !strstr(info.dli_fname, "libparcheck_rt"))
    return;
  static const char *out;
  if (!out) {
    extern char **environ;
    for (char **e = environ; e && *e && !out; ++e)
      if (!strncmp(*e, "SPY_OUT=", 8)) out = *e + 8;
    if (!out) return;
  }
  char line[64] = "shim calls ";
  strncat(line, name, sizeof(line) - strlen(line) - 2);
  strcat(line, "\n");
  int fd = (int)raw3(SYS_open, (long)out, O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) return;
  raw3(SYS_write, fd, (long)line, (long)strlen(line));
  raw3(SYS_close, fd, 0, 0);
}
#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))
#define NOTE(name) note(#name, __builtin_return_address(0))

char *getenv(const char *n) { NOTE(getenv); return REAL(getenv)(n); }
ssize_t read(int fd, void *b, size_t n) { NOTE(read); return REAL(read)(fd, b, n); }
int close(int fd) { NOTE(close); return REAL(close)(fd); }
ssize_t readlink(const char *p, char *b, size_t n) { NOTE(readlink); return REAL(readlink)(p, b, n); }
int access(const char *p, int m) { NOTE(access); return REAL(access)(p, m); }
pid_t gettid(void) { NOTE(gettid); return REAL(gettid)(); }
pid_t getpid(void) { NOTE(getpid); return REAL(getpid)(); }
long syscall(long nr, ...) {
  NOTE(syscall);
  va_list ap;
  va_start(ap, nr);
  long a[6];
  for (int i = 0; i < 6; ++i) a[i] = va_arg(ap, long);
  va_end(ap);
  return REAL(syscall)(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}
int sigaction(int s, const struct sigaction *a, struct sigaction *o) {
  NOTE(sigaction);
  return REAL(sigaction)(s, a, o);
}
// open and open64: the mode is there only with O_CREAT.
#define SPY_OPEN(name)                                                                      \
  int name(const char *p, int f, ...) {                                                     \
    NOTE(name);                                                                             \
    va_list ap;                                                                             \
    va_start(ap, f);                                                                        \
    int mode = (f & O_CREAT) ? va_arg(ap, int) : 0;                                         \
    va_end(ap);                                                                             \
    return REAL(name)(p, f, mode);                                                          \
  }
SPY_OPEN(open)
SPY_OPEN(open64)
int vsnprintf(char *s, size_t n, const char *f, va_list ap) {
  NOTE(vsnprintf);
  return REAL(vsnprintf)(s, n, f, ap);
}
// The variadic ones forward to their va_list forms.
#define SPY_VA(name, vname, params, args)                                                   \
  int name params {                                                                         \
    NOTE(name);                                                                             \
    va_list ap;                                                                             \
    va_start(ap, f);                                                                        \
    int r = REAL(vname) args;                                                               \
    va_end(ap);                                                                             \
    return r;                                                                               \
  }
SPY_VA(snprintf, vsnprintf, (char *s, size_t n, const char *f, ...), (s, n, f, ap))
SPY_VA(sprintf, vsprintf, (char *s, const char *f, ...), (s, f, ap))
SPY_VA(sscanf, vsscanf, (const char *s, const char *f, ...), (s, f, ap))
#else
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *work(void *arg) {
  (void)arg;
  for (int i = 0; i < 100000; ++i) {
    pthread_mutex_lock(&mu);
    ++counter;
    pthread_mutex_unlock(&mu);
  }
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; ++i) pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < 2; ++i) pthread_join(t[i], NULL);
  printf("counter %ld\n", counter);
  return 0;
}
#endif
