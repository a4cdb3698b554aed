//===- rt_runmarker.cpp - tell parcheck-run which processes ran with the shim -===//
#include "rt_runmarker.h"
#include "rt_common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace parcheck {

static char g_marker[512];  // set once at start-up, before any thread

// One line, "<what> <pid>", appended in one write (start-up work: no stdio, rt_common.h).
static void Note(const char *what) {
  if (!g_marker[0]) return;
  int fd = RtOpen(g_marker, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  char line[48];
  size_t n = CopyString(line, sizeof(line) - 22, what);
  line[n++] = ' ';
  n += FormatDecimal(line + n, uint64_t(RtGetpid()));
  line[n++] = '\n';
  (void)!write(fd, line, n);
  RtClose(fd);
}

void InitRunMarker() {
  const char *m = RtGetenv("PARCHECK_RUN_MARKER");
  if (!m || strlen(m) >= sizeof(g_marker)) m = "";  // (a longer path is not cut: no marker)
  CopyString(g_marker, sizeof(g_marker), m);
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
