// Not stuck: while every other thread is in a wait the runtime counts (a join, a condition
// wait), one thread is somewhere only the outside world or time can end: read() on a pipe,
// accept() on a socket, poll(), a sleep, busy work, a timed condition or semaphore wait, a
// thread the runtime does not know, or a semaphore a signal handler posts. The watchdog looks
// every 5 ms for as long as that lasts and must report nothing; each run ends by itself (data
// from a child process, a connection from it, a timeout, a signal) and exits 0. symbolize=0
// makes a (false) report quick to print, so that it could not be lost when the program exits.
// Each mode was seen to fail (report, exit 67) with the checks of rt_waitfor.h disabled.
// RUN: %clang -g -O0 %s -o %t -lpthread -ldl
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t read 2>&1 | FileCheck %s --check-prefix=READ --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t accept 2>&1 | FileCheck %s --check-prefix=ACCEPT --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t poll 2>&1 | FileCheck %s --check-prefix=POLL --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t sleep 2>&1 | FileCheck %s --check-prefix=SLEEP --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t busy 2>&1 | FileCheck %s --check-prefix=BUSY --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t cond-timed 2>&1 | FileCheck %s --check-prefix=CONDTIMED --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t sem-timed 2>&1 | FileCheck %s --check-prefix=SEMTIMED --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t unknown-thread 2>&1 | FileCheck %s --check-prefix=UNKNOWN --implicit-check-not="WARNING: parcheck"
// RUN: %env_parcheck_opts=watchdog_interval_ms=5:symbolize=0 %run %t signal 2>&1 | FileCheck %s --check-prefix=SIGNAL --implicit-check-not="WARNING: parcheck"
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *mode;
static int fds[2], lsock;
static struct sockaddr_in addr;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done_cv = PTHREAD_COND_INITIALIZER;
static int done;
static sem_t never, posted;
static const long kMs = 500;  // how long the blocker blocks: ~100 watchdog looks

static void deadline(struct timespec *t, clockid_t c) {
  clock_gettime(c, t);
  t->tv_nsec += kMs * 1000000L;
  t->tv_sec += t->tv_nsec / 1000000000L;
  t->tv_nsec %= 1000000000L;
}

// A child process that, after kMs, writes to the pipe or connects to the socket.
static pid_t spawn_child(int connect_to_socket) {
  pid_t p = fork();
  if (p == 0) {
    struct timespec d = {kMs / 1000, (kMs % 1000) * 1000000L};
    nanosleep(&d, 0);
    if (connect_to_socket) {
      int s = socket(AF_INET, SOCK_STREAM, 0);
      connect(s, (struct sockaddr *)&addr, sizeof(addr));
      close(s);
    } else {
      (void)!write(fds[1], "x", 1);
    }
    _exit(0);
  }
  return p;
}

static void block(void) {
  char c;
  struct timespec d = {kMs / 1000, (kMs % 1000) * 1000000L}, t;
  if (!strcmp(mode, "read")) {
    (void)!read(fds[0], &c, 1);
  } else if (!strcmp(mode, "accept")) {
    close(accept(lsock, 0, 0));
  } else if (!strcmp(mode, "poll")) {
    struct pollfd p = {fds[0], POLLIN, 0};
    poll(&p, 1, -1);
  } else if (!strcmp(mode, "sleep")) {
    nanosleep(&d, 0);
  } else if (!strcmp(mode, "busy")) {
    struct timespec now;
    deadline(&t, CLOCK_MONOTONIC);
    volatile unsigned long x = 0;
    do {
      for (int i = 0; i < 100000; ++i) x += i;
      clock_gettime(CLOCK_MONOTONIC, &now);
    } while (now.tv_sec < t.tv_sec || (now.tv_sec == t.tv_sec && now.tv_nsec < t.tv_nsec));
  } else if (!strcmp(mode, "cond-timed")) {
    pthread_cond_t never_cv = PTHREAD_COND_INITIALIZER;
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    deadline(&t, CLOCK_REALTIME);
    pthread_mutex_lock(&mu);
    while (pthread_cond_timedwait(&never_cv, &mu, &t) != ETIMEDOUT) {
    }
    pthread_mutex_unlock(&mu);
  } else if (!strcmp(mode, "sem-timed")) {
    deadline(&t, CLOCK_REALTIME);
    while (sem_timedwait(&never, &t) != -1 || errno != ETIMEDOUT) {
    }
  }
}

static void *blocker(void *arg) {
  block();
  pthread_mutex_lock(&m);
  done = 1;
  pthread_cond_signal(&done_cv);
  pthread_mutex_unlock(&m);
  return 0;
}

static void *waiter(void *arg) {  // a counted wait, for as long as the blocker blocks
  pthread_mutex_lock(&m);
  while (!done)
    pthread_cond_wait(&done_cv, &m);
  pthread_mutex_unlock(&m);
  return 0;
}

// Made by libc's own pthread_create (looked up in libc itself, past the interceptor) and
// joined by libc's pthread_join: the runtime never sees this thread (it calls no intercepted
// function), only the kernel does.
static void *unknown(void *arg) {
  struct timespec d = {kMs / 1000, (kMs % 1000) * 1000000L};
  nanosleep(&d, 0);
  sem_post(&posted);
  return 0;
}

static void on_alarm(int sig) { sem_post(&posted); }

int main(int argc, char **argv) {
  mode = argc > 1 ? argv[1] : "";
  sem_init(&never, 0, 0);
  sem_init(&posted, 0, 0);
  if (!strcmp(mode, "unknown-thread")) {
    void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
    int (*libc_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) =
        libc ? dlsym(libc, "pthread_create") : 0;
    int (*libc_join)(pthread_t, void **) = libc ? dlsym(libc, "pthread_join") : 0;
    pthread_t t;
    if (!libc_create || !libc_join || libc_create(&t, 0, unknown, 0)) return 1;
    sem_wait(&posted);  // the only thread the runtime knows, in a counted wait
    libc_join(t, 0);
    fprintf(stderr, "done %s\n", mode);
    return 0;
  }
  if (!strcmp(mode, "signal")) {
    signal(SIGALRM, on_alarm);
    alarm(1);
    while (sem_wait(&posted) != 0) {  // EINTR
    }
    fprintf(stderr, "done %s\n", mode);
    return 0;
  }
  pid_t child = -1;
  if (pipe(fds)) return 1;
  if (!strcmp(mode, "accept")) {
    lsock = socket(AF_INET, SOCK_STREAM, 0);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (bind(lsock, (struct sockaddr *)&addr, len) || listen(lsock, 1) ||
        getsockname(lsock, (struct sockaddr *)&addr, &len))
      return 1;
    child = spawn_child(1);
  } else if (!strcmp(mode, "read") || !strcmp(mode, "poll")) {
    child = spawn_child(0);
  }
  pthread_t b, w;
  pthread_create(&w, 0, waiter, 0);
  pthread_create(&b, 0, blocker, 0);
  pthread_join(w, 0);
  pthread_join(b, 0);
  if (child > 0) waitpid(child, 0, 0);
  fprintf(stderr, "done %s\n", mode);
  return 0;
}
// READ: done read
// ACCEPT: done accept
// POLL: done poll
// SLEEP: done sleep
// BUSY: done busy
// CONDTIMED: done cond-timed
// SEMTIMED: done sem-timed
// UNKNOWN: done unknown-thread
// SIGNAL: done signal
