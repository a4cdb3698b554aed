//===- rt_report.cpp - stacks, symbolisation, text/JSON/DOT reports -------===//
#include "rt_report.h"
#include "rt_memory.h"
#include "rt_runmarker.h"
#include "rt_reporter.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace parcheck {

//===-- Stacks -------------------------------------------------------------===//

StackRef StackFromPc(uintptr_t pc) {
  StackRef s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(sizeof(uintptr_t)));
  s.pcs[0] = pc;
  s.n = 1;
  return s;
}

StackRef CopyStack(const StackRef &o) {
  StackRef s;
  if (!o.n) return s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(o.n * sizeof(uintptr_t)));
  memcpy(s.pcs, o.pcs, o.n * sizeof(uintptr_t));
  s.n = o.n;
  return s;
}

void ReleaseStack(StackRef &s) {
  if (s.pcs) InternalFree(s.pcs, s.n * sizeof(uintptr_t));
  s.pcs = nullptr;
  s.n = 0;
}

StackRef CaptureStack(uintptr_t callerPc) {
  void *buf[80];
  int depth = g_flags.stack_depth;
  int n = backtrace(buf, depth + 8 < 80 ? depth + 8 : 80);
  // Drop the runtime's own frames: everything before the interceptor's caller.
  int start = 0;
  for (int i = 0; i < n; ++i)
    if (uintptr_t(buf[i]) == callerPc) {
      start = i;
      break;
    }
  if (start == 0 && (n == 0 || uintptr_t(buf[0]) != callerPc)) return StackFromPc(callerPc);
  int cnt = n - start;
  if (cnt > depth) cnt = depth;
  StackRef s;
  s.pcs = static_cast<uintptr_t *>(InternalAlloc(cnt * sizeof(uintptr_t)));
  for (int i = 0; i < cnt; ++i) s.pcs[i] = uintptr_t(buf[start + i]);
  s.n = uint32_t(cnt);
  return s;
}

uint32_t CaptureStackInto(uintptr_t callerPc, uintptr_t *out, uint32_t max) {
  void *buf[80];
  int depth = g_flags.stack_depth < int(max) ? g_flags.stack_depth : int(max);
  int n = backtrace(buf, depth + 8 < 80 ? depth + 8 : 80);
  int start = -1;
  for (int i = 0; i < n && start < 0; ++i)
    if (uintptr_t(buf[i]) == callerPc) start = i;
  if (start < 0) {  // the caller is not on the unwound stack (a tail call): its pc alone
    out[0] = callerPc;
    return 1;
  }
  int cnt = n - start < depth ? n - start : depth;
  for (int i = 0; i < cnt; ++i) out[i] = uintptr_t(buf[start + i]);
  return uint32_t(cnt);
}

//===-- Symbolisation ------------------------------------------------------===//

struct Frame {
  char *func, *file;
  int line, col;
};
struct FrameList {
  uint32_t n;
  Frame f[1];  // n entries, innermost (inlined) first
};

static SpinLock g_sym_mu;            // the caches below
static U64Map<FrameList *> *g_frames;
static U64Map<char *> *g_lock_names;  // by lock address
static char g_symbolizer[512];
static bool g_symbolizer_is_addr2line;
static char g_exe[512];

static bool IsExecutable(const char *p) { return access(p, X_OK) == 0; }

static void FindSymbolizer() {
  if (!g_flags.symbolize) return;
  if (g_flags.symbolizer_path[0]) {
    snprintf(g_symbolizer, sizeof(g_symbolizer), "%s", g_flags.symbolizer_path);
  } else {
    const char *names[] = {"llvm-symbolizer-19", "llvm-symbolizer", "addr2line"};
    const char *path = getenv("PATH");
    for (const char *nm : names) {
      if (g_symbolizer[0]) break;
      const char *p = path ? path : "/usr/bin:/bin";
      while (*p && !g_symbolizer[0]) {
        const char *e = strchr(p, ':');
        size_t len = e ? size_t(e - p) : strlen(p);
        char cand[512];
        snprintf(cand, sizeof(cand), "%.*s/%s", int(len), p, nm);
        if (len && IsExecutable(cand)) snprintf(g_symbolizer, sizeof(g_symbolizer), "%s", cand);
        p += len + (e ? 1 : 0);
        if (!e) break;
      }
    }
  }
  const char *base = strrchr(g_symbolizer, '/');
  base = base ? base + 1 : g_symbolizer;
  g_symbolizer_is_addr2line = strstr(base, "addr2line") != nullptr;
  if (g_symbolizer[0] && !IsExecutable(g_symbolizer)) {
    Str w;
    w.addf("==parcheck== WARNING: symbolizer_path '%s' is not an executable file: stacks and "
           "lock names are not symbolised\n",
           g_symbolizer);
    (void)!write(2, w.c_str(), w.size());
    g_symbolizer[0] = 0;
  }
}

// Only an Itanium-mangled name (_Z...) is demangled: __cxa_demangle also reads a bare name as a
// type encoding, so C globals 'm', 'i', 'a' would become 'unsigned long', 'int', 'signed char'.
static char *Demangle(const char *s) {
  if (!s) return nullptr;
  if (strncmp(s, "_Z", 2) != 0) return InternalStrdup(s);
  int st = 0;
  char *d = abi::__cxa_demangle(s, nullptr, nullptr, &st);
  if (d && st == 0) {
    char *r = InternalStrdup(d);
    free(d);
    return r;
  }
  free(d);
  return InternalStrdup(s);
}

static bool SpawnCapture(char *const *argv, Str &out);

// Runs the symbolizer on one module; fills lists[i] for addrs[i]. Returns false on failure.
static bool RunSymbolizer(const char *module, const uintptr_t *addrs, size_t n,
                          FrameList **lists) {
  if (!g_symbolizer[0]) return false;
  Vec<char *> argv;
  Str obj;
  argv.push_back(g_symbolizer);
  if (g_symbolizer_is_addr2line) {
    argv.push_back(const_cast<char *>("-a"));
    argv.push_back(const_cast<char *>("-f"));
    argv.push_back(const_cast<char *>("-C"));
    argv.push_back(const_cast<char *>("-i"));
    argv.push_back(const_cast<char *>("-e"));
    argv.push_back(const_cast<char *>(module));
  } else {
    obj.addf("--obj=%s", module);
    argv.push_back(const_cast<char *>("--print-address"));
    argv.push_back(const_cast<char *>("--demangle"));
    argv.push_back(const_cast<char *>(obj.c_str()));
  }
  Vec<char *> addrStr;
  for (size_t i = 0; i < n; ++i) {
    char b[32];
    snprintf(b, sizeof(b), "0x%lx", (unsigned long)addrs[i]);
    addrStr.push_back(InternalStrdup(b));
    argv.push_back(addrStr.back());
  }
  argv.push_back(nullptr);
  Str out;
  bool ok = false;
  if (SpawnCapture(argv.begin(), out)) {
    // Parse: "0xADDR" starts a group, then pairs of lines: function, file:line[:col].
    const char *p = out.c_str();
    long gi = -1;
    Vec<Frame> cur;
    auto flush = [&]() {
      if (gi >= 0 && size_t(gi) < n && cur.size()) {
        FrameList *fl = static_cast<FrameList *>(
            InternalAlloc(sizeof(FrameList) + cur.size() * sizeof(Frame)));
        fl->n = uint32_t(cur.size());
        memcpy(fl->f, cur.begin(), cur.size() * sizeof(Frame));
        lists[gi] = fl;
      }
      cur.clear();
    };
    char *pendingFunc = nullptr;
    while (*p) {
      const char *e = strchr(p, '\n');
      size_t len = e ? size_t(e - p) : strlen(p);
      char line[1024];
      snprintf(line, sizeof(line), "%.*s", int(len < 1023 ? len : 1023), p);
      p += len + (e ? 1 : 0);
      if (!line[0]) continue;
      if (line[0] == '0' && line[1] == 'x' && !pendingFunc) {
        flush();
        ++gi;
        continue;
      }
      if (!pendingFunc) {
        pendingFunc = InternalStrdup(line);
        continue;
      }
      Frame f;
      f.func = pendingFunc;
      pendingFunc = nullptr;
      f.line = f.col = 0;
      // file:line[:col] (addr2line may append " (discriminator N)")
      char *disc = strstr(line, " (discriminator");
      if (disc) *disc = 0;
      char *c1 = strrchr(line, ':');
      if (c1) {
        char *c0 = nullptr;
        *c1 = 0;
        c0 = strrchr(line, ':');
        if (c0 && atoi(c0 + 1) > 0) {
          *c0 = 0;
          f.line = atoi(c0 + 1);
          f.col = atoi(c1 + 1);
        } else {
          f.line = atoi(c1 + 1);
        }
      }
      f.file = InternalStrdup(line);
      cur.push_back(f);
    }
    flush();
    ok = true;
  }
  for (char *s : addrStr) InternalFree(s, strlen(s) + 1);
  return ok;
}

static const char *ModuleOf(const Dl_info &info) {
  if (info.dli_fname && info.dli_fname[0]) {
    // The main program may show up under its argv[0]; use /proc/self/exe for it.
    if (info.dli_fname[0] != '/') return g_exe;
    return info.dli_fname;
  }
  return g_exe;
}


// Runs argv (argv[0] is a path) with LD_PRELOAD and PARCHECK_OPTIONS removed from the
// environment; returns its stdout in `out`.
static bool SpawnCapture(char *const *argv, Str &out) {
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
  if (rc == 0) {
    char buf[4096];
    for (;;) {
      ssize_t r = read(pfd[0], buf, sizeof(buf));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) break;
      out.addn(buf, size_t(r));
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  close(pfd[0]);
  return rc == 0;
}

// The name of the global variable containing `addr` (llvm-symbolizer "DATA addr"), or null.
static char *DataSymbol(uintptr_t addr) {
  if (!g_symbolizer[0] || g_symbolizer_is_addr2line) return nullptr;
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(addr), &info) || !info.dli_fbase) return nullptr;
  const ElfW(Ehdr) *eh = static_cast<const ElfW(Ehdr) *>(info.dli_fbase);
  uintptr_t rel = eh->e_type == ET_DYN ? addr - uintptr_t(info.dli_fbase) : addr;
  Str obj, a;
  obj.addf("--obj=%s", ModuleOf(info));
  a.addf("DATA 0x%lx", (unsigned long)rel);
  char *argv[] = {g_symbolizer, const_cast<char *>("--demangle"),
                  const_cast<char *>(obj.c_str()), const_cast<char *>(a.c_str()), nullptr};
  Str out;
  if (!SpawnCapture(argv, out)) return nullptr;
  // "name\nstart size\n"
  const char *p = out.c_str();
  const char *nl = strchr(p, '\n');
  if (!nl || nl == p) return nullptr;
  Str name;
  name.addn(p, size_t(nl - p));
  if (!strcmp(name.c_str(), "??")) return nullptr;
  unsigned long start = 0, size = 0;
  if (sscanf(nl + 1, "%lu %lu", &start, &size) != 2) return nullptr;
  if (rel < start || rel >= start + (size ? size : 1)) return nullptr;
  if (rel != start) name.addf("+%lu", rel - start);
  return InternalStrdup(name.c_str());
}

// Symbolises pcs (return addresses) that are not cached yet.
static void SymbolizePcs(const uintptr_t *pcs, size_t n) {
  struct Want { uintptr_t pc, rel; const char *module; };
  Vec<Want> want;
  {
    SpinGuard g(g_sym_mu);
    for (size_t i = 0; i < n; ++i)
      if (!g_frames->find(pcs[i] + 1)) {
        bool dup = false;
        for (Want &w : want) dup |= w.pc == pcs[i];
        if (!dup) want.push_back(Want{pcs[i], 0, nullptr});
      }
  }
  if (want.empty()) return;
  Vec<FrameList *> lists;
  lists.resize(want.size());
  Vec<Dl_info> infos;
  infos.resize(want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    Dl_info &info = infos[i];
    uintptr_t q = want[i].pc ? want[i].pc - 1 : 0;
    if (!dladdr(reinterpret_cast<void *>(q), &info)) {
      memset(&info, 0, sizeof(info));
      continue;
    }
    const ElfW(Ehdr) *eh = static_cast<const ElfW(Ehdr) *>(info.dli_fbase);
    want[i].rel = eh && eh->e_type == ET_DYN ? q - uintptr_t(info.dli_fbase) : q;
    want[i].module = ModuleOf(info);
  }
  for (size_t i = 0; i < want.size(); ++i) {
    if (!want[i].module || lists[i]) continue;
    Vec<uintptr_t> addrs;
    Vec<size_t> idx;
    for (size_t j = i; j < want.size(); ++j)
      if (want[j].module && !lists[j] && !strcmp(want[j].module, want[i].module)) {
        addrs.push_back(want[j].rel);
        idx.push_back(j);
      }
    Vec<FrameList *> got;
    got.resize(addrs.size());
    if (RunSymbolizer(want[i].module, addrs.begin(), addrs.size(), got.begin()))
      for (size_t k = 0; k < idx.size(); ++k) lists[idx[k]] = got[k];
    // Mark the module as tried even if it failed.
    for (size_t k = 0; k < idx.size(); ++k)
      if (!lists[idx[k]]) want[idx[k]].module = nullptr;
  }
  SpinGuard g(g_sym_mu);
  for (size_t i = 0; i < want.size(); ++i) {
    FrameList *fl = lists[i];
    bool useless = !fl || !fl->f[0].func || !strcmp(fl->f[0].func, "??");
    if (useless) {
      // Fallback: dladdr's nearest symbol.
      Dl_info &info = infos[i];
      FrameList *d = static_cast<FrameList *>(InternalAlloc(sizeof(FrameList)));
      d->n = 1;
      Str s;
      if (info.dli_sname) {
        char *dm = Demangle(info.dli_sname);
        s.addf("%s+0x%lx", dm, (unsigned long)(want[i].pc - 1 - uintptr_t(info.dli_saddr)));
        InternalFree(dm, strlen(dm) + 1);
      } else {
        s.addf("0x%lx", (unsigned long)want[i].pc);
      }
      d->f[0].func = InternalStrdup(s.c_str());
      d->f[0].file = InternalStrdup(info.dli_fname ? info.dli_fname : "??");
      d->f[0].line = d->f[0].col = 0;
      fl = d;
    }
    *g_frames->insert(want[i].pc + 1) = fl;
  }
}

static FrameList *FramesOf(uintptr_t pc) {
  SpinGuard g(g_sym_mu);
  FrameList **p = g_frames->find(pc + 1);
  return p ? *p : nullptr;
}

static bool IsSystemFile(const char *f) {
  return !strncmp(f, "/usr/", 5) || !strncmp(f, "/lib", 4) || !strcmp(f, "??");
}

static void FormatFrame(Str &s, const Frame &f) {
  s.add(f.func);
  if (f.line) s.addf(" %s:%d", f.file, f.line);
  else s.addf(" (%s)", f.file);
  if (f.line && f.col) s.addf(":%d", f.col);
}

static void AppendStackText(Str &s, const StackRef &st) {
  SymbolizePcs(st.pcs, st.n);
  int k = 0;
  for (uint32_t i = 0; i < st.n; ++i) {
    FrameList *fl = FramesOf(st.pcs[i]);
    if (!fl) continue;
    for (uint32_t j = 0; j < fl->n; ++j) {
      s.addf("    #%d ", k++);
      FormatFrame(s, fl->f[j]);
      s.add("\n");
    }
  }
}

// The innermost frame in user code (not in a system header or library).
static const Frame *UserFrame(const StackRef &st) {
  const Frame *first = nullptr;
  for (uint32_t i = 0; i < st.n; ++i) {
    FrameList *fl = FramesOf(st.pcs[i]);
    if (!fl) continue;
    for (uint32_t j = 0; j < fl->n; ++j) {
      if (!first) first = &fl->f[j];
      if (!IsSystemFile(fl->f[j].file) && fl->f[j].line) return &fl->f[j];
    }
  }
  return first;
}

static const char *KindName(LockKind k) {
  switch (k) {
  case kRwLock: return "rwlock";
  case kSpin: return "spinlock";
  case kMtx: return "mtx";
  default: return "mutex";
  }
}

static const char *Base(const char *f) {
  const char *b = strrchr(f, '/');
  return b ? b + 1 : f;
}

// The global variable holding address a, appended to s as "name" or "name+offset": the
// dynamic symbol table first, else the symbolizer's DATA query. False if a is in no global.
static bool AppendGlobalName(Str &s, uintptr_t a) {
  Dl_info info;
  const ElfW(Sym) *sym = nullptr;
  if (dladdr1(reinterpret_cast<void *>(a), &info, reinterpret_cast<void **>(const_cast<ElfW(Sym) **>(&sym)),
              RTLD_DL_SYMENT) &&
      info.dli_sname && sym && a >= uintptr_t(info.dli_saddr) &&
      a < uintptr_t(info.dli_saddr) + (sym->st_size ? sym->st_size : 1)) {
    char *dm = Demangle(info.dli_sname);
    s.add(dm);
    InternalFree(dm, strlen(dm) + 1);
    if (a != uintptr_t(info.dli_saddr)) s.addf("+%lu", (unsigned long)(a - uintptr_t(info.dli_saddr)));
    return true;
  }
  if (char *ds = DataSymbol(a)) {
    s.add(ds);
    InternalFree(ds, strlen(ds) + 1);
    return true;
  }
  return false;
}

// A global's symbol, else "<kind> first taken in <func> at <file>:<line>", else (a lock never
// taken) "<kind> at <address>".
static const char *LockName(LockRec *l) {
  if (!l) return "?";
  uintptr_t a = LockAddr(l);
  {
    SpinGuard g(g_sym_mu);
    if (char **n = g_lock_names->find(a + 1)) return *n;
  }
  Str s;
  if (AppendGlobalName(s, a)) {
    // named by its global
  } else if (!LockFirstPc(l)) {  // never taken (only unlocked, or waited on)
    s.addf("%s at %#lx", KindName(LockKindOf(l)), (unsigned long)a);
  } else {
    uintptr_t pc = LockFirstPc(l);
    SymbolizePcs(&pc, 1);
    FrameList *fl = FramesOf(pc);
    s.addf("%s first taken", KindName(LockKindOf(l)));
    if (fl) {
      const Frame *f = &fl->f[0];
      for (uint32_t j = 0; j < fl->n; ++j)
        if (!IsSystemFile(fl->f[j].file)) {
          f = &fl->f[j];
          break;
        }
      s.addf(" in %s", f->func);
      if (f->line) s.addf(" at %s:%d", Base(f->file), f->line);
    }
  }
  char *r = InternalStrdup(s.c_str());
  SpinGuard g(g_sym_mu);
  *g_lock_names->insert(a + 1) = r;
  return r;
}

//===-- Output, findings, suppressions ------------------------------------===//

static SpinLock g_report_mu;  // output and the findings list
static int g_log_fd = -1;
static Vec<char *> *g_findings;  // JSON objects
static std::atomic<uint64_t> g_num_reports{0};
static uint64_t g_kind_counts[10];
static const char *g_kinds[10] = {"lock-order", "deadlock", "starvation", "long-wait", "long-hold",
                                  "double-lock", "unlock-not-held", "cond-wait", nullptr, nullptr};
struct Supp { char *kind, *pattern; };
static Vec<Supp> *g_supps;
static std::atomic<uint64_t> g_num_suppressed{0};

static void ExpandPid(const char *pat, char *out, size_t n) {
  size_t o = 0;
  for (const char *p = pat; *p && o + 12 < n; ++p) {
    if (p[0] == '%' && p[1] == 'p') {
      o += snprintf(out + o, n - o, "%d", int(getpid()));
      ++p;
    } else {
      out[o++] = *p;
    }
  }
  out[o] = 0;
}

static void WriteAll(int fd, const char *s, size_t n);

static void WarnLogPath(const char *path, int err) {
  // strerrorname_np: no translation catalogue (which may malloc) inside a report.
  const char *e = strerrorname_np(err);
  Str s;
  s.addf("==parcheck== WARNING: cannot write log_path '%s' (%s): reports go to stderr\n", path,
         e ? e : "error");
  WriteAll(2, s.c_str(), s.size());
}

// The log is opened at the first line written to it (a clean run creates no file); a log that
// cannot be opened is warned about once, and stderr is used instead.
static int LogFd() {
  if (g_log_fd >= 0) return g_log_fd;
  if (!strcmp(g_flags.log_path, "stderr") || !g_flags.log_path[0]) return g_log_fd = 2;
  char path[1024];
  ExpandPid(g_flags.log_path, path, sizeof(path));
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) WarnLogPath(path, errno);
  return g_log_fd = fd >= 0 ? fd : 2;
}

// At start-up, without creating the file: the log (or, if it does not exist yet, its directory)
// must be writable. Otherwise warn now, not at the first report.
static void CheckLogPath() {
  if (!strcmp(g_flags.log_path, "stderr") || !g_flags.log_path[0]) return;
  char path[1024], dir[1024];
  ExpandPid(g_flags.log_path, path, sizeof(path));
  int err = 0;
  if (access(path, F_OK) == 0) {
    if (access(path, W_OK) != 0) err = errno;
  } else if (errno != ENOENT) {
    err = errno;
  } else {
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir) dir[1] = 0;
    else if (slash) *slash = 0;
    else snprintf(dir, sizeof(dir), ".");
    if (access(dir, W_OK | X_OK) != 0) err = errno;
  }
  if (!err) return;
  WarnLogPath(path, err);
  g_log_fd = 2;
}

static void WriteAll(int fd, const char *s, size_t n) {
  while (n) {
    ssize_t w = write(fd, s, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return;
    s += w;
    n -= size_t(w);
  }
}

void WriteLog(const char *s, size_t n) { WriteAll(LogFd(), s, n); }

static bool GlobMatch(const char *pat, const char *s) {
  if (!*pat) return !*s;
  if (*pat == '*') return GlobMatch(pat + 1, s) || (*s && GlobMatch(pat, s + 1));
  return *s == *pat && GlobMatch(pat + 1, s + 1);
}

static bool MatchesAny(const char *pat, const char *s) {
  // A pattern matches anywhere in the name, like TSan's suppressions.
  Str p;
  if (pat[0] != '*') p.add("*");
  p.add(pat);
  if (pat[strlen(pat) - 1] != '*') p.add("*");
  return GlobMatch(p.c_str(), s);
}

static void LoadSuppressions() {
  if (!g_flags.suppressions[0]) return;
  int fd = open(g_flags.suppressions, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Str s;
    s.addf("==parcheck== WARNING: cannot open suppressions file '%s'\n", g_flags.suppressions);
    WriteAll(2, s.c_str(), s.size());
    return;
  }
  Str text;
  char buf[4096];
  ssize_t r;
  while ((r = read(fd, buf, sizeof(buf))) > 0) text.addn(buf, size_t(r));
  close(fd);
  const char *p = text.c_str();
  while (*p) {
    const char *e = strchr(p, '\n');
    size_t len = e ? size_t(e - p) : strlen(p);
    char line[512];
    snprintf(line, sizeof(line), "%.*s", int(len < 511 ? len : 511), p);
    p += len + (e ? 1 : 0);
    char *l = line;
    while (*l == ' ' || *l == '\t') ++l;
    size_t ll = strlen(l);
    while (ll && (l[ll - 1] == ' ' || l[ll - 1] == '\r')) l[--ll] = 0;
    if (!*l || *l == '#') continue;
    char *colon = strchr(l, ':');
    if (!colon) continue;
    *colon = 0;
    Supp s{InternalStrdup(l), InternalStrdup(colon + 1)};
    g_supps->push_back(s);
  }
}

// Collects the names a suppression can match: lock names and function names of stacks.
struct FindingBuilder {
  const char *kind;
  const char *severity;
  Str message;
  Str locations;  // JSON array body
  int nloc = 0;
  Vec<const char *> locks, threads;
  Vec<const char *> matchNames;
  Str fpInput;

  void addLock(const char *n) {
    for (const char *x : locks)
      if (!strcmp(x, n)) return;
    locks.push_back(n);
    matchNames.push_back(n);
  }
  void addThread(const char *n) {
    for (const char *x : threads)
      if (!strcmp(x, n)) return;
    threads.push_back(InternalStrdup(n));
  }
  void addLocation(const char *role, uint32_t tid, const StackRef &st) {
    SymbolizePcs(st.pcs, st.n);
    const Frame *uf = UserFrame(st);
    if (nloc++) locations.add(",");
    locations.add("{");
    if (uf) {
      locations.add("\"file\":").addJson(uf->file);
      locations.addf(",\"line\":%d,\"column\":%d,", uf->line, uf->col);
    }
    locations.add("\"role\":").addJson(role);
    char tn[16];
    snprintf(tn, sizeof(tn), "T%u", tid);
    locations.add(",\"thread\":").addJson(tn);
    if (uf) locations.add(",\"function\":").addJson(uf->func);
    locations.add(",\"stack\":[");
    bool first = true;
    for (uint32_t i = 0; i < st.n; ++i) {
      FrameList *fl = FramesOf(st.pcs[i]);
      if (!fl) continue;
      for (uint32_t j = 0; j < fl->n; ++j) {
        Str fr;
        FormatFrame(fr, fl->f[j]);
        if (!first) locations.add(",");
        first = false;
        locations.addJson(fr.c_str());
        matchNames.push_back(fl->f[j].func);
        matchNames.push_back(fl->f[j].file);
      }
    }
    locations.add("]}");
    if (uf) {
      fpInput.add(uf->func);
      fpInput.add("\x1f");
    }
  }
  bool suppressed() {
    for (Supp &s : *g_supps) {
      if (strcmp(s.kind, "*") && strcmp(s.kind, kind) &&
          !(strcmp(s.kind, "deadlock") == 0 && strcmp(kind, "lock-order") == 0))
        continue;
      for (const char *n : matchNames)
        if (MatchesAny(s.pattern, n)) return true;
    }
    return false;
  }
};

static void SortNames(Vec<const char *> &v) {
  for (size_t i = 1; i < v.size(); ++i)
    for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; --j) {
      const char *t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
}

static void MaybeHalt();

static std::atomic<bool> g_finished{false};

// The one place a report is printed and counted (the exit-line count, the JSON findings, the
// exit status, halt_on_error), always under the publication lock (rt_reporter.h). Once the
// exit summary has begun (g_finished) a report is dropped, not printed: what is printed is
// counted. Returns false if suppressed or dropped.
static bool Publish(FindingBuilder &fb, Str &text) {
  if (g_finished.load()) return false;
  if (fb.suppressed()) {
    g_num_suppressed.fetch_add(1);
    return false;
  }
  SortNames(fb.locks);
  SortNames(fb.threads);
  Str fp;
  fp.add(fb.kind);
  for (const char *l : fb.locks) fp.add("\x1f").add(l);
  fp.add("\x1f").add(fb.fpInput.c_str());
  uint64_t h = Fnv1a64(fp.c_str(), fp.size());
  Str j;
  j.add("{\"kind\":").addJson(fb.kind);
  char check[64];
  snprintf(check, sizeof(check), "parcheck-%s", fb.kind);
  j.add(",\"check\":").addJson(check);
  j.add(",\"severity\":").addJson(fb.severity);
  j.add(",\"message\":").addJson(fb.message.c_str());
  j.add(",\"locations\":[").add(fb.locations.c_str()).add("]");
  j.add(",\"locks\":[");
  for (size_t i = 0; i < fb.locks.size(); ++i) (i ? j.add(",") : j).addJson(fb.locks[i]);
  j.add("],\"threads\":[");
  for (size_t i = 0; i < fb.threads.size(); ++i) (i ? j.add(",") : j).addJson(fb.threads[i]);
  j.addf("],\"source\":\"runtime\",\"fingerprint\":\"%016llx\"}",
         (unsigned long long)h);
  {
    SpinGuard g(g_report_mu);
    WriteAll(LogFd(), text.c_str(), text.size());
    g_findings->push_back(InternalStrdup(j.c_str()));
    for (int k = 0; g_kinds[k]; ++k)
      if (!strcmp(g_kinds[k], fb.kind)) g_kind_counts[k]++;
  }
  g_num_reports.fetch_add(1);
  MaybeHalt();
  return true;
}

static void Header(Str &t, const char *what) {
  t.add("==================\n");
  t.addf("WARNING: parcheck: %s (pid=%d)\n", what, int(getpid()));
}

static void Footer(Str &t, const char *summary, const char *kind) {
  t.addf("SUMMARY: parcheck: %s [parcheck-%s]\n==================\n", summary, kind);
}

static void QuoteLock(Str &s, LockRec *l) { s.addf("%s '%s'", KindName(LockKindOf(l)), LockName(l)); }

CycleReport *NewCycleReport(size_t n) {
  CycleReport *r = static_cast<CycleReport *>(InternalAlloc(sizeof(CycleReport)));
  r->n = n;
  r->edges = static_cast<CycleEdge *>(InternalAlloc(n * sizeof(CycleEdge)));
  return r;
}

static void PrintCycleReport(CycleReport *r) {
  // Start the cycle at the lock with the smallest name, so that output is stable.
  size_t start = 0;
  for (size_t i = 1; i < r->n; ++i)
    if (strcmp(LockName(r->edges[i].fromLock), LockName(r->edges[start].fromLock)) < 0) start = i;
  if (start) {
    CycleEdge *rot = static_cast<CycleEdge *>(InternalAlloc(r->n * sizeof(CycleEdge)));
    for (size_t i = 0; i < r->n; ++i) rot[i] = r->edges[(start + i) % r->n];
    memcpy(r->edges, rot, r->n * sizeof(CycleEdge));
    InternalFree(rot, r->n * sizeof(CycleEdge));
  }
  FindingBuilder fb;
  fb.kind = "lock-order";
  fb.severity = "warning";
  Str t, cyc;
  Header(t, "lock-order-inversion (potential deadlock)");
  t.add("  Cycle in lock order graph: ");
  for (size_t i = 0; i < r->n; ++i) {
    CycleEdge &e = r->edges[i];
    t.addf("M%llu ('%s') => ", (unsigned long long)e.from, LockName(e.fromLock));
    cyc.addf("'%s' => ", LockName(e.fromLock));
    fb.addLock(LockName(e.fromLock));
  }
  t.addf("M%llu\n\n", (unsigned long long)r->edges[0].from);
  cyc.addf("'%s'", LockName(r->edges[0].fromLock));
  for (size_t i = 0; i < r->n; ++i) {
    CycleEdge &e = r->edges[i];
    t.addf("  Mutex M%llu ('%s') acquired here while holding mutex M%llu ('%s') in thread T%u:\n",
           (unsigned long long)e.to, LockName(e.toLock), (unsigned long long)e.from,
           LockName(e.fromLock), e.tid);
    AppendStackText(t, e.acqStack);
    t.addf("\n  Mutex M%llu ('%s') previously acquired by the same thread here:\n",
           (unsigned long long)e.from, LockName(e.fromLock));
    AppendStackText(t, e.heldStack);
    t.add("\n");
    fb.addLocation("held", e.tid, e.heldStack);
    fb.addLocation("acquire", e.tid, e.acqStack);
    char tn[16];
    snprintf(tn, sizeof(tn), "T%u", e.tid);
    fb.addThread(tn);
  }
  t.add("  Threads involved:");
  for (const char *th : fb.threads) t.addf(" %s", th);
  t.add("\n");
  fb.message.addf("lock order inversion: %s (potential deadlock)", cyc.c_str());
  // One thread took the locks in both orders (a test running transfer(a, b), then
  // transfer(b, a)): it cannot block itself, but the code can deadlock.
  if (fb.threads.size() == 1) {
    const char *why = "if two threads run these paths at once, they can deadlock";
    t.addf("  All edges were made by thread %s: %s.\n", fb.threads[0], why);
    fb.message.addf("; all edges were made by thread %s: %s", fb.threads[0], why);
  }
  Str sum;
  sum.addf("lock-order-inversion (potential deadlock) %s", cyc.c_str());
  Footer(t, sum.c_str(), "lock-order");
  Publish(fb, t);
  FreeCycleReport(r);
}

void EmitCycleReport(CycleReport *r) {
  SubmitReport([](void *a) { PrintCycleReport(static_cast<CycleReport *>(a)); }, r);
}

void FreeCycleReport(CycleReport *r) {
  for (size_t i = 0; i < r->n; ++i) {
    ReleaseStack(r->edges[i].heldStack);
    ReleaseStack(r->edges[i].acqStack);
  }
  InternalFree(r->edges, r->n * sizeof(CycleEdge));
  InternalFree(r, sizeof(CycleReport));
}

static const char *OnDeadlockAction() { return g_flags.on_deadlock; }

// A condition variable, semaphore or barrier, named like a lock: the global's symbol, else
// "<what> at <address>".
static void AppendObjectName(Str &s, const char *what, uintptr_t a) {
  if (!AppendGlobalName(s, a)) s.addf("%s at %#lx", what, (unsigned long)a);
}

static const char *WaitObjectKind(WaitKind k) {
  switch (k) {
  case WaitKind::kCond: return "condition variable";
  case WaitKind::kSem: return "semaphore";
  default: return "barrier";
  }
}

bool ReportDeadlock(const Vec<DeadlockThread> &ths, DeadlockShape shape) {
  PublicationGuard pg;  // raised by the watchdog, written there, after what is queued
  static U64Map<char> *seen;
  uint64_t key = uint64_t(shape);
  for (const DeadlockThread &d : ths)
    key += U64Map<int>::hash(d.tid * 7919ULL +
                             (d.wait == WaitKind::kLock ? LockAddr(d.lock)
                              : d.wait == WaitKind::kJoin ? d.holder
                                                          : d.obj));
  {
    SpinGuard g(g_report_mu);
    if (!seen) seen = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
    bool isNew;
    seen->insert(key | 1, &isNew);
    if (!isNew) return false;
  }
  bool cycle = shape == DeadlockShape::kCycle;
  FindingBuilder fb;
  fb.kind = "deadlock";
  fb.severity = "error";
  Str t, chain;
  Header(t, cycle ? "deadlock (threads blocked in a wait-for cycle)"
                  : "deadlock (all threads are blocked: none is left running to wake the others)");
  for (const DeadlockThread &d : ths) {
    char tn[16];
    snprintf(tn, sizeof(tn), "T%u", d.tid);
    fb.addThread(tn);
    if (!cycle) chain.addf("%sT%u -> ", chain.size() ? ", " : "", d.tid);
    StackRef w = d.stack.n ? d.stack : StackFromPc(d.waitPc);
    if (d.wait == WaitKind::kJoin) {
      t.addf("  Thread T%u waits in pthread_join for thread T%u to finish:\n", d.tid, d.holder);
      AppendStackText(t, w);
      fb.addLocation("wait", d.tid, w);
      if (cycle)
        chain.addf("T%u -> join -> ", d.tid);
      else
        chain.addf("join T%u", d.holder);
    } else if (d.wait != WaitKind::kLock) {
      Str name;
      AppendObjectName(name, WaitObjectKind(d.wait), d.obj);
      if (d.wait == WaitKind::kCond) {
        t.addf("  Thread T%u waits on condition variable '%s' with ", d.tid, name.c_str());
        if (d.lock)
          QuoteLock(t, d.lock);
        else
          t.add("its mutex");
        t.add(":\n");
        chain.addf("cond '%s'", name.c_str());
      } else if (d.wait == WaitKind::kSem) {
        t.addf("  Thread T%u waits in sem_wait on semaphore '%s':\n", d.tid, name.c_str());
        chain.addf("sem '%s'", name.c_str());
      } else {
        t.addf("  Thread T%u waits in pthread_barrier_wait on barrier '%s':\n", d.tid,
               name.c_str());
        chain.addf("barrier '%s'", name.c_str());
      }
      AppendStackText(t, w);
      fb.addLocation("wait", d.tid, w);
      fb.addLock(InternalStrdup(name.c_str()));
    } else {
      t.addf("  Thread T%u waits for ", d.tid);
      QuoteLock(t, d.lock);
      if (d.holder != ~0u) t.addf(" held by thread T%u", d.holder);
      t.add(d.read ? " (read):\n" : ":\n");
      AppendStackText(t, w);
      fb.addLocation("wait", d.tid, w);
      if (d.heldPc) {
        t.addf("    '%s' was taken by T%u here:\n", LockName(d.lock), d.holder);
        StackRef hs = StackFromPc(d.heldPc);
        Str tmp;
        AppendStackText(tmp, hs);
        t.add(tmp.c_str());
        fb.addLocation("held", d.holder, hs);
        ReleaseStack(hs);
      }
      fb.addLock(LockName(d.lock));
      if (cycle)
        chain.addf("T%u -> '%s' -> ", d.tid, LockName(d.lock));
      else
        chain.addf("'%s'", LockName(d.lock));
    }
    if (!d.stack.n) ReleaseStack(w);
  }
  if (cycle) {
    chain.addf("T%u", ths[0].tid);
    fb.message.addf("deadlock: %s", chain.c_str());
  } else {
    fb.message.addf("deadlock: all threads are blocked: %s", chain.c_str());
  }
  Str sum;
  sum.addf(cycle ? "deadlock %s" : "deadlock (all threads blocked) %s", chain.c_str());
  Footer(t, sum.c_str(), "deadlock");
  if (!Publish(fb, t)) return false;
  const char *act = OnDeadlockAction();
  if (!strcmp(act, "hang")) return true;
  if (!strcmp(act, "continue")) return false;
  Str m;
  if (!strcmp(act, "abort")) {
    m.addf("==parcheck== pid=%d: real deadlock: aborting (on_deadlock=abort)\n", int(getpid()));
    WriteAll(LogFd(), m.c_str(), m.size());
    FinishReports(false, false);
    signal(SIGABRT, SIG_DFL);
    abort();
  }
  m.addf("==parcheck== pid=%d: real deadlock: exiting with code %d instead of hanging "
         "(on_deadlock=exit)\n",
         int(getpid()), g_flags.deadlock_exitcode);
  WriteAll(LogFd(), m.c_str(), m.size());
  FinishReports(false, false);
  _exit(g_flags.deadlock_exitcode);
}

static void PrintWait(WaitVerdict v, uint32_t tid, LockRec *l, uintptr_t waitPc, bool writer,
                      uint64_t waitedMs, uint64_t othersAcq, const uint32_t *holders,
                      uint32_t nh) {
  FindingBuilder fb;
  fb.kind = VerdictKind(v);
  fb.severity = "warning";
  Str t, what;
  const char *name = LockName(l);
  if (v == WaitVerdict::kStarvation)
    what.addf("%sstarvation", writer ? "writer " : "");
  else if (v == WaitVerdict::kLongHold)
    what.add("long hold");
  else
    what.add("long wait");
  Header(t, what.c_str());
  t.addf("  Thread T%u has waited %llu ms for ", tid, (unsigned long long)waitedMs);
  QuoteLock(t, l);
  if (v == WaitVerdict::kStarvation)
    t.addf(" while other threads took it %llu times", (unsigned long long)othersAcq);
  t.add(":\n");
  StackRef w = StackFromPc(waitPc);
  AppendStackText(t, w);
  fb.addLocation("wait", tid, w);
  ReleaseStack(w);
  t.add("  Held by:");
  for (uint32_t i = 0; i < nh; ++i) t.addf(" T%u", holders[i]);
  if (!nh) t.add(" (nobody at the moment)");
  t.add("\n");
  fb.addLock(name);
  char tn[16];
  snprintf(tn, sizeof(tn), "T%u", tid);
  fb.addThread(tn);
  for (uint32_t i = 0; i < nh; ++i) {
    snprintf(tn, sizeof(tn), "T%u", holders[i]);
    fb.addThread(tn);
  }
  if (v == WaitVerdict::kStarvation)
    fb.message.addf("%s: thread T%u waited %llu ms for '%s' while others took it %llu times",
                    what.c_str(), tid, (unsigned long long)waitedMs, name,
                    (unsigned long long)othersAcq);
  else if (v == WaitVerdict::kLongHold)
    fb.message.addf("long hold: '%s' held for over %llu ms while thread T%u waits", name,
                    (unsigned long long)waitedMs, tid);
  else
    fb.message.addf("long wait: thread T%u waited %llu ms for '%s'", tid,
                    (unsigned long long)waitedMs, name);
  Str sum;
  sum.addf("%s on '%s'", what.c_str(), name);
  Footer(t, sum.c_str(), fb.kind);
  Publish(fb, t);
}

struct PendingWait {
  WaitVerdict v;
  uint32_t tid;
  LockRec *l;
  uintptr_t waitPc;
  bool writer;
  uint64_t waitedMs, othersAcq;
  uint32_t nh;
  uint32_t holders[8];
};

void ReportWait(WaitVerdict v, uint32_t tid, LockRec *l, uintptr_t waitPc, bool writer,
                uint64_t waitedMs, uint64_t othersAcq, const uint32_t *holders, uint32_t nh) {
  PendingWait *p = static_cast<PendingWait *>(InternalAlloc(sizeof(PendingWait)));
  const uint32_t kMax = sizeof(p->holders) / sizeof(p->holders[0]);
  *p = PendingWait{v, tid, l, waitPc, writer, waitedMs, othersAcq, nh < kMax ? nh : kMax, {}};
  for (uint32_t i = 0; i < p->nh; ++i) p->holders[i] = holders[i];
  SubmitReport(
      [](void *a) {
        PendingWait *p = static_cast<PendingWait *>(a);
        PrintWait(p->v, p->tid, p->l, p->waitPc, p->writer, p->waitedMs, p->othersAcq,
                  p->holders, p->nh);
        InternalFree(p, sizeof(PendingWait));
      },
      p);
}

// Misuse is reported once per kind, call site and lock (as TSan reports a stack once): a bad
// unlock in a loop is one finding, not a million.
static SpinLock g_sites_mu;
static U64Map<char> *g_sites;  // under g_sites_mu
static bool FirstAtSite(const char *kind, uintptr_t pc, uintptr_t lockAddr) {
  uint64_t k = Fnv1a64(kind, strlen(kind));
  k = Fnv1a64(reinterpret_cast<const char *>(&pc), sizeof(pc), k);
  k = Fnv1a64(reinterpret_cast<const char *>(&lockAddr), sizeof(lockAddr), k) | 1;
  SpinGuard g(g_sites_mu);
  bool isNew;
  g_sites->insert(k, &isNew);
  return isNew;
}

static void PrintUnlockNotHeld(uint32_t tid, LockRec *l, StackRef s, bool forCondWait) {
  FindingBuilder fb;
  fb.kind = forCondWait ? "cond-wait" : "unlock-not-held";
  fb.severity = "warning";
  Str t;
  const char *name = LockName(l);
  Header(t, forCondWait ? "condition wait with a mutex the thread does not hold"
                        : "unlock of a lock the thread does not hold");
  t.addf("  Thread T%u %s ", tid, forCondWait ? "waits on a condition with" : "unlocks");
  QuoteLock(t, l);
  t.add(" that it does not hold:\n");
  AppendStackText(t, s);
  fb.addLocation(forCondWait ? "wait" : "unlock", tid, s);
  ReleaseStack(s);
  fb.addLock(name);
  char tn[16];
  snprintf(tn, sizeof(tn), "T%u", tid);
  fb.addThread(tn);
  fb.message.addf(forCondWait ? "condition wait with '%s' not held" : "unlock of '%s' not held",
                  name);
  Str sum;
  sum.addf("%s '%s'", fb.kind, name);
  Footer(t, sum.c_str(), fb.kind);
  Publish(fb, t);
}

// What a misuse report needs from the hook: the stack is captured on the thread that hit it.
struct PendingMisuse {
  uint32_t tid;
  LockRec *l;
  StackRef s;
  bool forCondWait;
  uintptr_t heldPc;
};

void ReportUnlockNotHeld(uint32_t tid, LockRec *l, uintptr_t pc, bool forCondWait) {
  if (!FirstAtSite(forCondWait ? "cond-wait" : "unlock-not-held", pc, LockAddr(l))) return;
  PendingMisuse *p = static_cast<PendingMisuse *>(InternalAlloc(sizeof(PendingMisuse)));
  *p = PendingMisuse{tid, l, CaptureStack(pc), forCondWait, 0};
  SubmitReport(
      [](void *a) {
        PendingMisuse *p = static_cast<PendingMisuse *>(a);
        PrintUnlockNotHeld(p->tid, p->l, p->s, p->forCondWait);
        InternalFree(p, sizeof(PendingMisuse));
      },
      p);
}

static void PrintDoubleLock(uint32_t tid, LockRec *l, StackRef s, uintptr_t heldPc) {
  FindingBuilder fb;
  fb.kind = "double-lock";
  fb.severity = "error";
  Str t;
  const char *name = LockName(l);
  Header(t, "double lock of a non-recursive lock (self-deadlock)");
  t.addf("  Thread T%u locks ", tid);
  QuoteLock(t, l);
  t.add(" again here:\n");
  AppendStackText(t, s);
  fb.addLocation("acquire", tid, s);
  ReleaseStack(s);
  t.add("  while holding it since here:\n");
  StackRef h = StackFromPc(heldPc);
  AppendStackText(t, h);
  fb.addLocation("held", tid, h);
  ReleaseStack(h);
  fb.addLock(name);
  char tn[16];
  snprintf(tn, sizeof(tn), "T%u", tid);
  fb.addThread(tn);
  fb.message.addf("'%s' locked again by the thread that holds it", name);
  Str sum;
  sum.addf("double-lock '%s'", name);
  Footer(t, sum.c_str(), "double-lock");
  if (!Publish(fb, t)) return;
  // The thread would block forever: handle it like a real deadlock.
  const char *act = OnDeadlockAction();
  if (!strcmp(act, "hang") || !strcmp(act, "continue")) return;
  if (!strcmp(act, "abort")) {
    FinishReports(false, false);
    signal(SIGABRT, SIG_DFL);
    abort();
  }
  Str m;
  m.addf("==parcheck== pid=%d: self-deadlock: exiting with code %d instead of hanging "
         "(on_deadlock=exit)\n",
         int(getpid()), g_flags.deadlock_exitcode);
  WriteAll(LogFd(), m.c_str(), m.size());
  FinishReports(false, false);
  _exit(g_flags.deadlock_exitcode);
}

void ReportDoubleLock(uint32_t tid, LockRec *l, uintptr_t pc, uintptr_t heldPc) {
  if (!FirstAtSite("double-lock", pc, LockAddr(l))) return;
  PendingMisuse m{tid, l, CaptureStack(pc), false, heldPc};
  const char *act = OnDeadlockAction();
  if (strcmp(act, "hang") && strcmp(act, "continue")) {
    // on_deadlock=exit/abort: the process ends here, after this report and all queued ones.
    PublicationGuard pg;
    PrintDoubleLock(m.tid, m.l, m.s, m.heldPc);
    return;
  }
  PendingMisuse *p = static_cast<PendingMisuse *>(InternalAlloc(sizeof(PendingMisuse)));
  *p = m;
  SubmitReport(
      [](void *a) {
        PendingMisuse *p = static_cast<PendingMisuse *>(a);
        PrintDoubleLock(p->tid, p->l, p->s, p->heldPc);
        InternalFree(p, sizeof(PendingMisuse));
      },
      p);
}

static void MaybeHalt() {
  if (!g_flags.halt_on_error) return;
  FinishReports(false, false);
  _exit(g_flags.exitcode ? g_flags.exitcode : 1);
}

//===-- Exit summary, JSON, DOT -------------------------------------------===//

static void SortRows(Vec<LockStatRow> &rows) {
  // Insertion sort would be quadratic for a million locks: use a simple heap sort.
  auto less = [](const LockStatRow &a, const LockStatRow &b) {
    if (a.contended != b.contended) return a.contended > b.contended;
    return a.acq > b.acq;
  };
  size_t n = rows.size();
  auto sift = [&](size_t i, size_t m) {
    for (;;) {
      size_t c = 2 * i + 1;
      if (c >= m) return;
      if (c + 1 < m && less(rows[c], rows[c + 1])) ++c;
      if (!less(rows[i], rows[c])) return;
      LockStatRow t = rows[i];
      rows[i] = rows[c];
      rows[c] = t;
      i = c;
    }
  };
  for (size_t i = n / 2; i-- > 0;) sift(i, n);
  for (size_t m = n; m-- > 1;) {
    LockStatRow t = rows[0];
    rows[0] = rows[m];
    rows[m] = t;
    sift(0, m);
  }
}

static void HistJson(Str &j, const Histogram *h) {
  if (!h) {
    j.add("{\"count\":0,\"total\":0,\"max\":0,\"p50\":0,\"p90\":0,\"p99\":0,\"buckets\":[]}");
    return;
  }
  j.addf("{\"count\":%llu,\"total\":%llu,\"max\":%llu,\"p50\":%llu,\"p90\":%llu,\"p99\":%llu,"
         "\"buckets\":[",
         (unsigned long long)h->count(), (unsigned long long)h->total(),
         (unsigned long long)h->max(), (unsigned long long)h->percentile(0.5),
         (unsigned long long)h->percentile(0.9), (unsigned long long)h->percentile(0.99));
  bool first = true;
  for (int i = 0; i < Histogram::kBuckets; ++i)
    if (h->bucket(i)) {
      j.addf("%s{\"le_ns\":%llu,\"count\":%llu}", first ? "" : ",",
             (unsigned long long)Histogram::upperBound(i), (unsigned long long)h->bucket(i));
      first = false;
    }
  j.add("]}");
}

static void Us(Str &s, uint64_t ns) { s.addf("%10.1f", double(ns) / 1000.0); }

static char g_program[512];

struct DotCtx {
  Vec<uint64_t> from, to;
  Vec<char> cyc;
};

static void WriteFile(const char *pattern, Str &content) {
  char path[1024];
  ExpandPid(pattern, path, sizeof(path));
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    Str s;
    s.addf("==parcheck== WARNING: cannot write '%s'\n", path);
    WriteAll(2, s.c_str(), s.size());
    return;
  }
  WriteAll(fd, content.c_str(), content.size());
  close(fd);
}

// Every report submitted before is written first (the queue is drained under the publication
// lock, which is held to the end), and g_finished then makes Publish drop later ones: the count
// below, the JSON and the exit status cover exactly the reports printed.
void FinishReports(bool fromSignal, bool mayExit) {
  // Before the count: a thread still waiting now is reported (and counted) too. (A report it
  // makes may halt, halt_on_error: that nested FinishReports writes the summary.)
  if (!fromSignal) ReportWaitsInProgress();
  // Then the publication lock (the waits' reports above are queued or written by now).
  PublicationGuard pg(fromSignal);
  if (g_finished.exchange(true)) return;
  NoteRunEnd();
  uint64_t nrep = g_num_reports.load();
  Vec<LockStatRow> rows;
  bool needStats = nrep || g_flags.print_stats || g_flags.json_path[0];
  if (needStats) {
    FlushAllAcquisitionCounts();
    CollectLockStats(&rows);
    SortRows(rows);
  }
  if (nrep || g_flags.print_stats || g_flags.verbosity >= 1) {
    Str t;
    t.addf("==parcheck== pid=%d (%s): %llu report(s)", int(getpid()), g_program,
           (unsigned long long)nrep);
    bool any = false;
    for (int k = 0; g_kinds[k]; ++k)
      if (g_kind_counts[k]) {
        t.addf("%s%s: %llu", any ? ", " : " (", g_kinds[k], (unsigned long long)g_kind_counts[k]);
        any = true;
      }
    if (any) t.add(")");
    if (g_num_suppressed.load()) t.addf(", %llu suppressed", (unsigned long long)g_num_suppressed.load());
    if (uint64_t d = NumDuplicateCycles())
      t.addf(", %llu more lock-order cycle(s) at the same stacks", (unsigned long long)d);
    t.addf("; %llu locks, %llu threads, %llu lock-order edges\n",
           (unsigned long long)NumLocksSeen(), (unsigned long long)NumThreadsSeen(),
           (unsigned long long)NumEdges());
    size_t top = rows.size() < size_t(g_flags.stats_top) ? rows.size() : size_t(g_flags.stats_top);
    if (top && (rows[0].contended || g_flags.print_stats)) {
      t.add("==parcheck== top contended locks (times in us):\n");
      t.add("  acquisitions  contended  wait-total   wait-max   wait-p99   hold-max  lock\n");
      for (size_t i = 0; i < top; ++i) {
        LockStatRow &r = rows[i];
        t.addf("  %12llu %10llu", (unsigned long long)r.acq, (unsigned long long)r.contended);
        Us(t, r.stats ? r.stats->wait.total() : 0);
        t.add(" ");
        Us(t, r.stats ? r.stats->wait.max() : 0);
        t.add(" ");
        Us(t, r.stats ? r.stats->wait.percentile(0.99) : 0);
        t.add(" ");
        Us(t, r.stats ? r.stats->hold.max() : 0);
        t.addf("  %s '%s'\n", KindName(r.kind), fromSignal ? "?" : LockName(r.lock));
      }
    }
    SpinGuard g(g_report_mu);
    WriteAll(LogFd(), t.c_str(), t.size());
  }
  if (g_flags.json_path[0]) {
    Str j;
    j.addf("{\"tool\":\"parcheck\",\"version\":\"0.1.0\",\"source\":\"runtime\",\"pid\":%d,"
           "\"program\":",
           int(getpid()));
    j.addJson(g_program);
    j.add(",\"findings\":[");
    {
      SpinGuard g(g_report_mu);
      for (size_t i = 0; i < g_findings->size(); ++i) {
        if (i) j.add(",");
        j.add((*g_findings)[i]);
      }
    }
    j.addf("],\"stats\":{\"reports\":%llu,\"suppressed\":%llu,\"locks_total\":%llu,"
           "\"threads_total\":%llu,\"edges\":%llu,\"hold_times\":%s,",
           (unsigned long long)nrep, (unsigned long long)g_num_suppressed.load(),
           (unsigned long long)NumLocksSeen(), (unsigned long long)NumThreadsSeen(),
           (unsigned long long)NumEdges(), g_flags.hold_times ? "true" : "false");
    size_t listed = rows.size() < 1000 ? rows.size() : 1000;
    j.addf("\"locks_listed\":%llu,\"locks\":[", (unsigned long long)listed);
    for (size_t i = 0; i < listed; ++i) {
      LockStatRow &r = rows[i];
      if (i) j.add(",");
      j.add("{\"name\":").addJson(LockName(r.lock));
      j.addf(",\"kind\":\"%s\",\"address\":\"0x%lx\",\"acquisitions\":%llu,\"contended\":%llu,"
             "\"trylock_failures\":%llu,\"wait_ns\":",
             KindName(r.kind), (unsigned long)LockAddr(r.lock), (unsigned long long)r.acq,
             (unsigned long long)r.contended, (unsigned long long)r.tryFail);
      HistJson(j, r.stats ? &r.stats->wait : nullptr);
      j.add(",\"hold_ns\":");
      HistJson(j, r.stats ? &r.stats->hold : nullptr);
      j.add("}");
    }
    j.add("]}}\n");
    WriteFile(g_flags.json_path, j);
  }
  if (g_flags.dot_path[0]) {
    DotCtx ctx;
    ForEachGraphEdge(
        [](void *c, uint64_t f, uint64_t t, bool inCycle) {
          DotCtx *d = static_cast<DotCtx *>(c);
          d->from.push_back(f);
          d->to.push_back(t);
          d->cyc.push_back(inCycle);
        },
        &ctx);
    Str d;
    d.addf("// parcheck lock-order graph, pid %d (%s)\ndigraph parcheck_lock_order {\n",
           int(getpid()), g_program);
    d.add("  node [shape=box];\n");
    Vec<uint64_t> nodes;
    for (size_t i = 0; i < ctx.from.size(); ++i)
      for (uint64_t n : {ctx.from[i], ctx.to[i]}) {
        bool seen = false;
        for (uint64_t m : nodes) seen |= m == n;
        if (!seen) nodes.push_back(n);
      }
    for (uint64_t n : nodes) {
      LockRec *l = LockById(n);
      bool inCyc = false;
      for (size_t i = 0; i < ctx.from.size(); ++i)
        inCyc |= ctx.cyc[i] && (ctx.from[i] == n || ctx.to[i] == n);
      d.addf("  M%llu [label=", (unsigned long long)n);
      d.addJson(l ? LockName(l) : "?");
      d.add(inCyc ? ", color=red];\n" : "];\n");
    }
    for (size_t i = 0; i < ctx.from.size(); ++i)
      d.addf("  M%llu -> M%llu%s;\n", (unsigned long long)ctx.from[i],
             (unsigned long long)ctx.to[i], ctx.cyc[i] ? " [color=red, penwidth=2]" : "");
    d.add("}\n");
    WriteFile(g_flags.dot_path, d);
  }
  if (mayExit && nrep && g_flags.exitcode) {
    fflush(nullptr);
    _exit(g_flags.exitcode);
  }
}

//===-- Signals, fork, init -------------------------------------------------===//

// Reports queued or being written when the program dies are written first: the reporter
// thread finishes them while this handler waits (they are symbolised there, not in the
// handler), then the summary counts them. Only from a program thread that was not inside the
// runtime (t_in_rt): a thread stopped inside the runtime may hold a lock the reporter needs
// (the summary is then best effort, as it is after kFatalDrainMs). The signal is re-raised
// with its default action: the exit status is the program's own.
static constexpr int kFatalDrainMs = 30000;

static void FatalSignal(int sig) {
  if (!t_in_rt && !IsRuntimeThread()) {
    int e = errno;
    WaitForReportsInSignal(kFatalDrainMs);
    errno = e;
  }
  FinishReports(true, false);
  signal(sig, SIG_DFL);
  raise(sig);
}

bool IsRuntimeSignalHandler(uintptr_t handler) { return handler == uintptr_t(FatalSignal); }

void ReportLockForFork() {
  ReporterLockForFork();
  g_report_mu.lock();
  g_sym_mu.lock();
  g_sites_mu.lock();
}
void ReportUnlockForFork() {
  g_sites_mu.unlock();
  g_sym_mu.unlock();
  g_report_mu.unlock();
  ReporterUnlockForFork();
}
void ReportResetInChild() {
  ReporterResetInChild();
  g_sites->release();  // the child reports its own findings from scratch
  g_findings->clear();
  g_num_reports.store(0);
  g_num_suppressed.store(0);
  memset(g_kind_counts, 0, sizeof(g_kind_counts));
  g_finished.store(false);
  if (g_log_fd != 2) g_log_fd = -1;  // a new pid may mean a new log file
}

void InitReports() {
  g_frames = new (InternalAlloc(sizeof(U64Map<FrameList *>))) U64Map<FrameList *>();
  g_lock_names = new (InternalAlloc(sizeof(U64Map<char *>))) U64Map<char *>();
  g_findings = new (InternalAlloc(sizeof(Vec<char *>))) Vec<char *>();
  g_supps = new (InternalAlloc(sizeof(Vec<Supp>))) Vec<Supp>();
  g_sites = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
  ssize_t n = readlink("/proc/self/exe", g_exe, sizeof(g_exe) - 1);
  g_exe[n > 0 ? n : 0] = 0;
  snprintf(g_program, sizeof(g_program), "%s", g_exe);
  FindSymbolizer();
  LoadSuppressions();
  // backtrace() loads libgcc_s on first use (dlopen + malloc): do it now, not in a hook.
  void *warm[4];
  backtrace(warm, 4);
  if (g_flags.handle_signals) {
    int sigs[] = {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTERM};
    for (int s : sigs) {
      struct sigaction old;
      if (sigaction(s, nullptr, &old) == 0 && old.sa_handler == SIG_DFL) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = FatalSignal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(s, &sa, nullptr);
      }
    }
  }
  CheckLogPath();
  InitRunMarker();
  if (g_flags.verbosity >= 1) {
    Str s;
    s.addf("==parcheck== pid=%d: runtime initialised (%s), symbolizer: %s\n", int(getpid()),
           g_program, g_symbolizer[0] ? g_symbolizer : "none");
    WriteAll(LogFd(), s.c_str(), s.size());
  }
}

} // namespace parcheck

namespace parcheck {
// An unloaded object's addresses may be reused by another: its cached frames (by pc) and
// lock names (by address) must not be shown for the new one. The values are not freed: a
// report being printed may still point at them (a few bytes per unloaded frame).
void ForgetSymbolsInRange(uintptr_t lo, uintptr_t hi) {
  if (!g_frames || hi <= lo) return;
  SpinGuard g(g_sym_mu);
  Vec<uint64_t> keys;
  g_frames->forEach([&](uint64_t k, FrameList *&) {
    if (k - 1 >= lo && k - 1 < hi) keys.push_back(k);
  });
  for (uint64_t k : keys) g_frames->erase(k);
  keys.clear();
  g_lock_names->forEach([&](uint64_t k, char *&) {
    if (k - 1 >= lo && k - 1 < hi) keys.push_back(k);
  });
  for (uint64_t k : keys) g_lock_names->erase(k);
}
} // namespace parcheck
