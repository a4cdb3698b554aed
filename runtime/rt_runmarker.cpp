//===- rt_runmarker.cpp - tell parcheck-run which processes ran with the shim -===//
#include "rt_runmarker.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace parcheck {

static char g_marker[512];  // set once at start-up, before any thread

static void Note(const char *what) {
  if (!g_marker[0]) return;
  int fd = open(g_marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  char line[48];
  int n = snprintf(line, sizeof(line), "%s %d\n", what, int(getpid()));
  (void)!write(fd, line, size_t(n));
  close(fd);
}

void InitRunMarker() {
  const char *m = getenv("PARCHECK_RUN_MARKER");
  if (!m || snprintf(g_marker, sizeof(g_marker), "%s", m) >= int(sizeof(g_marker)))
    g_marker[0] = 0;
  Note("init");
}

void NoteRunEnd() { Note("fini"); }

} // namespace parcheck

// _exit and _Exit end the process without atexit handlers, so without the exit report: note
// the end here. The process ends exactly as libc's _exit ends it (exit_group), with the same
// status. Weak: the dynamic linker still binds the program to these (it does not rank weak
// below strong), and a static link where libc.a's _exit is pulled in keeps libc's, not a
// duplicate-symbol error.
extern "C" __attribute__((visibility("default"), weak, noreturn)) void _exit(int status) {
  parcheck::NoteRunEnd();
  syscall(SYS_exit_group, status);
  __builtin_unreachable();
}

extern "C" __attribute__((visibility("default"), weak, noreturn)) void _Exit(int status) {
  parcheck::NoteRunEnd();
  syscall(SYS_exit_group, status);
  __builtin_unreachable();
}
