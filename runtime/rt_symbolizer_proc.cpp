//===- rt_symbolizer_proc.cpp - one persistent llvm-symbolizer per process ===//
#include "rt_symbolizer_proc.h"
#include "rt_flags.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

namespace parcheck {

namespace {
constexpr unsigned kMaxStarts = 4;  // a symbolizer that keeps dying is not restarted for ever

SpinLock g_mu;            // the state below; held for a whole request (callers serialise anyway)
int g_fd = -1;            // our end of the socket: requests out, answers in
pid_t g_sym_pid;          // the symbolizer (a grandchild), to kill it on a time-out
pid_t g_owner;            // the process that started it (getpid())
unsigned g_starts;        // symbolizers started by this process
bool g_hung;              // one timed out: do not start another
}

static uint64_t NowMs() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return uint64_t(t.tv_sec) * 1000 + uint64_t(t.tv_nsec) / 1000000;
}

static void Drop() {
  if (g_fd >= 0) close(g_fd);
  g_fd = -1;
  g_sym_pid = 0;
}

// Reads until `pred` holds on the text read so far, or nothing arrives for the time-out.
template <class Pred> static bool ReadUntil(Str &out, Pred pred) {
  int timeout = g_flags.symbolizer_timeout_ms;
  uint64_t deadline = NowMs() + uint64_t(timeout);
  char buf[4096];
  while (!pred()) {
    uint64_t now = NowMs();
    if (now >= deadline) return false;
    pollfd p = {g_fd, POLLIN, 0};
    int r = poll(&p, 1, int(deadline - now));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    ssize_t n = recv(g_fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) return false;  // the symbolizer closed its end: it died
    out.addn(buf, size_t(n));
    deadline = NowMs() + uint64_t(timeout);  // a slow symbolizer that answers is not hung
  }
  return true;
}

// Starts `sh -c '"$0" "$@" <&3 3<&- & echo $!' path args`: the launcher shell puts the
// symbolizer in the background (so it is not our child), prints its pid and exits at once.
// The symbolizer's stdin and stdout are the other end of a socket pair (a socket, not pipes:
// send(MSG_NOSIGNAL) to a symbolizer that died is an error, not a SIGPIPE for the program).
// Its environment has LD_PRELOAD and PARCHECK_OPTIONS removed.
static bool Start(const char *path) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return false;
  Vec<char *> env;
  for (char **e = environ; e && *e; ++e)
    if (strncmp(*e, "LD_PRELOAD=", 11) && strncmp(*e, "PARCHECK_OPTIONS=", 17))
      env.push_back(*e);
  env.push_back(nullptr);
  char *argv[] = {const_cast<char *>("/bin/sh"), const_cast<char *>("-c"),
                  const_cast<char *>("\"$0\" \"$@\" <&3 3<&- & echo $!"),
                  const_cast<char *>(path), const_cast<char *>("--print-address"),
                  const_cast<char *>("--demangle"), nullptr};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 3);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t sh;
  int rc = posix_spawn(&sh, "/bin/sh", &fa, nullptr, argv, env.begin());
  posix_spawn_file_actions_destroy(&fa);
  close(sv[1]);
  if (rc != 0) {
    close(sv[0]);
    return false;
  }
  ++g_starts;
  g_fd = sv[0];
  g_owner = getpid();
  Str line;
  bool ok = ReadUntil(line, [&] { return strchr(line.c_str(), '\n') != nullptr; });
  // The launcher has exited (or will at once); the program may have reaped it already.
  while (waitpid(sh, nullptr, 0) < 0 && errno == EINTR) {
  }
  g_sym_pid = ok ? pid_t(atoi(line.c_str())) : 0;
  if (!ok || g_sym_pid <= 0) {
    Drop();
    return false;
  }
  return true;
}

static bool SendAll(const char *s, size_t n) {
  uint64_t deadline = NowMs() + uint64_t(g_flags.symbolizer_timeout_ms);
  while (n) {
    ssize_t w = send(g_fd, s, n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w > 0) {
      s += w;
      n -= size_t(w);
      continue;
    }
    if (w < 0 && errno == EINTR) continue;
    if (w < 0 && errno != EAGAIN) return false;
    // The socket buffer is full: the symbolizer must read (a request is much smaller than
    // the buffer, so this is rare; its answers wait in its own buffer meanwhile).
    uint64_t now = NowMs();
    if (now >= deadline) return false;
    pollfd p = {g_fd, POLLOUT, 0};
    if (poll(&p, 1, int(deadline - now)) == 0) return false;
  }
  return true;
}

bool SymbolizerProcRequest(const char *path, const char *req, size_t n, size_t nAnswers,
                           Str &out) {
  ErrnoSave es;
  SpinGuard g(g_mu);
  if (g_fd >= 0 && g_owner != getpid()) Drop();  // a fork child that the fork hook missed
  if (g_fd < 0) {
    if (g_hung || g_starts >= kMaxStarts || !Start(path)) return false;
  }
  size_t base = out.size();
  size_t blocks = 0, scanned = base;
  // An answer block ends with an empty line: count "\n\n" as the text arrives.
  auto done = [&] {
    const char *s = out.size() ? out.c_str() : "";
    for (; scanned < out.size() && blocks < nAnswers; ++scanned)
      if (s[scanned] == '\n' && scanned > base && s[scanned - 1] == '\n') ++blocks;
    return blocks >= nAnswers;
  };
  if (SendAll(req, n) && ReadUntil(out, done)) return true;
  // Died (end of file, send error) or hung (time-out). A hung one is killed: it is not our
  // child, so nothing reaps it here (its new parent does).
  bool died = false;
  char c;
  if (g_fd >= 0) died = recv(g_fd, &c, 1, MSG_DONTWAIT | MSG_PEEK) == 0;
  if (!died) {
    g_hung = true;
    if (g_sym_pid > 0) kill(g_sym_pid, SIGKILL);
  }
  Drop();
  return false;
}

void SymbolizerProcResetInChild() {
  g_mu.reset();
  if (g_fd >= 0) close(g_fd);  // the parent's: closing our copy leaves it to the parent
  g_fd = -1;
  g_sym_pid = 0;
  g_starts = 0;
  g_hung = false;
}

bool SpawnCapture(char *const *argv, Str &out, bool *timedOut) {
  Vec<char *> env;
  for (char **e = environ; e && *e; ++e)
    if (strncmp(*e, "LD_PRELOAD=", 11) && strncmp(*e, "PARCHECK_OPTIONS=", 17))
      env.push_back(*e);
  env.push_back(nullptr);
  int pfd[2];
  if (pipe2(pfd, O_CLOEXEC) != 0) return false;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid;
  int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv, env.begin());
  posix_spawn_file_actions_destroy(&fa);
  close(pfd[1]);
  bool hung = false;
  if (rc == 0) {
    // As ReadUntil: the time-out is for silence, so a slow tool that writes is not killed.
    uint64_t timeout = uint64_t(g_flags.symbolizer_timeout_ms);
    uint64_t deadline = NowMs() + timeout;
    char buf[4096];
    for (;;) {
      uint64_t now = NowMs();
      if (now >= deadline) {
        hung = true;
        break;
      }
      pollfd p = {pfd[0], POLLIN, 0};
      int r = poll(&p, 1, int(deadline - now));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) break;
      if (r == 0) {
        hung = true;
        break;
      }
      ssize_t n = read(pfd[0], buf, sizeof(buf));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      out.addn(buf, size_t(n));
      deadline = NowMs() + timeout;
    }
    if (hung) kill(pid, SIGKILL);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  close(pfd[0]);
  if (hung && timedOut) *timedOut = true;
  return rc == 0 && !hung;
}

} // namespace parcheck
