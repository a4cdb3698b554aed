//===- rt_symbolize.cpp - pcs to frames, addresses to globals --------------===//
#include "rt_symbolize.h"
#include "rt_elementnames.h"
#include "rt_flags.h"
#include "rt_memory.h"
#include "rt_symbolizer_proc.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>


namespace parcheck {

static SpinLock g_sym_mu;            // the caches below
static U64Map<FrameList *> *g_frames;
static U64Map<char *> *g_lock_names;  // lock and object names by address (rt_report.cpp)
static char g_symbolizer[512];
// An addr2line run timed out: it is not run again in this process (one time-out at most).
static bool g_addr2line_hung;
static bool g_symbolizer_is_addr2line;
static char g_exe[512];

static bool IsExecutable(const char *p) { return RtAccess(p, X_OK) == 0; }

static void FindSymbolizer() {
  if (!g_flags.symbolize) return;
  if (g_flags.symbolizer_path[0]) {
    CopyString(g_symbolizer, sizeof(g_symbolizer), g_flags.symbolizer_path);
  } else {
    const char *names[] = {"llvm-symbolizer-19", "llvm-symbolizer", "addr2line"};
    const char *path = RtGetenv("PATH");
    for (const char *nm : names) {
      if (g_symbolizer[0]) break;
      const char *p = path ? path : "/usr/bin:/bin";
      while (*p && !g_symbolizer[0]) {
        const char *e = strchr(p, ':');
        size_t len = e ? size_t(e - p) : strlen(p);
        char cand[512];
        size_t k = CopyString(cand, sizeof(cand), p, len);
        k += CopyString(cand + k, sizeof(cand) - k, "/");
        CopyString(cand + k, sizeof(cand) - k, nm);
        if (len && IsExecutable(cand)) CopyString(g_symbolizer, sizeof(g_symbolizer), cand);
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

// Parses symbolizer output for n addresses into lists[i]: each address's group starts with its
// "0xADDR" line (--print-address, addr2line -a), then pairs of lines: function, file:line[:col]
// (innermost inlined frame first). Empty lines (llvm-symbolizer's end of an answer) are skipped.
static void ParseFrames(const char *p, size_t n, FrameList **lists) {
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
    char line[1024];
    p = CopyLine(p, line, sizeof(line));
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
  if (pendingFunc) InternalFree(pendingFunc, strlen(pendingFunc) + 1);
  flush();
}

// addr2line has no end-of-answer mark, so it is not kept running: one run per module and
// batch. Fills lists[i] for addrs[i]; false on failure.
static bool RunAddr2line(const char *module, const uintptr_t *addrs, size_t n,
                         FrameList **lists) {
  Vec<char *> argv;
  argv.push_back(g_symbolizer);
  argv.push_back(const_cast<char *>("-a"));
  argv.push_back(const_cast<char *>("-f"));
  argv.push_back(const_cast<char *>("-C"));
  argv.push_back(const_cast<char *>("-i"));
  argv.push_back(const_cast<char *>("-e"));
  argv.push_back(const_cast<char *>(module));
  Vec<char *> addrStr;
  for (size_t i = 0; i < n; ++i) {
    char b[32];
    snprintf(b, sizeof(b), "0x%lx", (unsigned long)addrs[i]);
    addrStr.push_back(InternalStrdup(b));
    argv.push_back(addrStr.back());
  }
  argv.push_back(nullptr);
  Str out;
  bool hung = false;
  bool ok = SpawnCapture(argv.begin(), out, &hung);
  if (hung) __atomic_store_n(&g_addr2line_hung, true, __ATOMIC_RELAXED);
  if (ok) ParseFrames(out.c_str(), n, lists);
  for (char *s : addrStr) InternalFree(s, strlen(s) + 1);
  return ok;
}

// A request line names its module quoted (llvm-symbolizer reads up to the closing quote): a
// path with a quote or a newline cannot be carried.
static bool CanRequest(const char *module) {
  return module && !strchr(module, '"') && !strchr(module, '\n');
}

// One request to the persistent llvm-symbolizer for every address (all modules at once).
// Fills lists[i] for rels[i] in modules[i] (modules[i] null: not asked); false on failure.
static bool RunLlvmSymbolizer(const char *const *modules, const uintptr_t *rels, size_t n,
                              FrameList **lists) {
  Str req;
  Vec<size_t> asked;
  for (size_t i = 0; i < n; ++i) {
    if (!CanRequest(modules[i])) continue;
    req.addf("CODE \"%s\" 0x%lx\n", modules[i], (unsigned long)rels[i]);
    asked.push_back(i);
  }
  if (asked.empty()) return true;
  Str out;
  if (!SymbolizerProcRequest(g_symbolizer, req.c_str(), req.size(), asked.size(), out)) return false;
  Vec<FrameList *> got;
  got.resize(asked.size());
  ParseFrames(out.c_str(), asked.size(), got.begin());
  for (size_t k = 0; k < asked.size(); ++k) lists[asked[k]] = got[k];
  return true;
}

static const char *ModuleOf(const Dl_info &info) {
  if (info.dli_fname && info.dli_fname[0]) {
    // The main program may show up under its argv[0]; use /proc/self/exe for it.
    if (info.dli_fname[0] != '/') return g_exe;
    return info.dli_fname;
  }
  return g_exe;
}


// The global variable containing `addr` (llvm-symbolizer "DATA addr"): its name (internal
// memory, the caller frees it), addr's offset in it and its size. Null if none.
static char *DataSymbol(uintptr_t addr, uintptr_t *offset, uintptr_t *size) {
  if (!g_symbolizer[0] || g_symbolizer_is_addr2line) return nullptr;
  Dl_info info;
  if (!dladdr(reinterpret_cast<void *>(addr), &info) || !info.dli_fbase) return nullptr;
  const ElfW(Ehdr) *eh = static_cast<const ElfW(Ehdr) *>(info.dli_fbase);
  uintptr_t rel = eh->e_type == ET_DYN ? addr - uintptr_t(info.dli_fbase) : addr;
  const char *module = ModuleOf(info);
  if (!CanRequest(module)) return nullptr;
  Str req, out;
  req.addf("DATA \"%s\" 0x%lx\n", module, (unsigned long)rel);
  if (!SymbolizerProcRequest(g_symbolizer, req.c_str(), req.size(), 1, out)) return nullptr;
  // "0xADDR\nname\nstart size\n[file:line\n]\n"
  const char *p = strchr(out.c_str(), '\n');
  if (!p) return nullptr;
  ++p;
  const char *nl = strchr(p, '\n');
  if (!nl || nl == p) return nullptr;
  Str name;
  name.addn(p, size_t(nl - p));
  if (!strcmp(name.c_str(), "??")) return nullptr;
  unsigned long start = 0, sz = 0;
  if (sscanf(nl + 1, "%lu %lu", &start, &sz) != 2) return nullptr;
  if (rel < start || rel >= start + (sz ? sz : 1)) return nullptr;
  *offset = rel - start;
  *size = sz;
  return InternalStrdup(name.c_str());
}

// Symbolises pcs (return addresses) that are not cached yet.
void SymbolizePcs(const uintptr_t *pcs, size_t n) {
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
  if (g_symbolizer[0] && !g_symbolizer_is_addr2line) {
    Vec<const char *> modules;
    Vec<uintptr_t> rels;
    for (Want &w : want) {
      modules.push_back(w.module);
      rels.push_back(w.rel);
    }
    RunLlvmSymbolizer(modules.begin(), rels.begin(), want.size(), lists.begin());
  }
  for (size_t i = 0; g_symbolizer_is_addr2line && i < want.size(); ++i) {
    if (__atomic_load_n(&g_addr2line_hung, __ATOMIC_RELAXED)) break;
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
    if (RunAddr2line(want[i].module, addrs.begin(), addrs.size(), got.begin()))
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

FrameList *FramesOf(uintptr_t pc) {
  SpinGuard g(g_sym_mu);
  FrameList **p = g_frames->find(pc + 1);
  return p ? *p : nullptr;
}

bool IsSystemFile(const char *f) {
  return !strncmp(f, "/usr/", 5) || !strncmp(f, "/lib", 4) || !strcmp(f, "??");
}

void FormatFrame(Str &s, const Frame &f) {
  s.add(f.func);
  if (f.line) s.addf(" %s:%d", f.file, f.line);
  else s.addf(" (%s)", f.file);
  if (f.line && f.col) s.addf(":%d", f.col);
}

void AppendStackText(Str &s, const StackRef &st) {
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

void AppendJsonStack(Str &json, const StackRef &st, Vec<const char *> *names) {
  bool first = true;
  for (uint32_t i = 0; i < st.n; ++i) {
    FrameList *fl = FramesOf(st.pcs[i]);
    if (!fl) continue;
    for (uint32_t j = 0; j < fl->n; ++j) {
      Str fr;
      FormatFrame(fr, fl->f[j]);
      if (!first) json.add(",");
      first = false;
      json.addJson(fr.c_str());
      if (names) {
        names->push_back(fl->f[j].func);
        names->push_back(fl->f[j].file);
      }
    }
  }
}

// The innermost frame in user code (not in a system header or library).
const Frame *UserFrame(const StackRef &st) {
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

const char *Base(const char *f) {
  const char *b = strrchr(f, '/');
  return b ? b + 1 : f;
}

// The global variable holding address a, appended to s as "name" or "name+offset": the
// dynamic symbol table first, else the symbolizer's DATA query. False if a is in no global.
// A symbol that can hold two objects of objSize bytes is looked up as an array (element names,
// rt_elementnames.h).
static void AppendNameAt(Str &s, const char *module, const char *name, uintptr_t size,
                         uintptr_t off, size_t objSize) {
  if (objSize && size >= 2 * objSize && AppendElementName(s, module, name, size, off)) return;
  s.add(name);
  if (off) s.addf("+%lu", (unsigned long)off);
}

bool AppendGlobalName(Str &s, uintptr_t a, size_t objSize) {
  Dl_info info;
  const ElfW(Sym) *sym = nullptr;
  if (dladdr1(reinterpret_cast<void *>(a), &info, reinterpret_cast<void **>(const_cast<ElfW(Sym) **>(&sym)),
              RTLD_DL_SYMENT) &&
      info.dli_sname && sym && a >= uintptr_t(info.dli_saddr) &&
      a < uintptr_t(info.dli_saddr) + (sym->st_size ? sym->st_size : 1)) {
    char *dm = Demangle(info.dli_sname);
    AppendNameAt(s, ModuleOf(info), dm, sym->st_size, a - uintptr_t(info.dli_saddr), objSize);
    InternalFree(dm, strlen(dm) + 1);
    return true;
  }
  uintptr_t off = 0, size = 0;
  if (char *ds = DataSymbol(a, &off, &size)) {
    Dl_info di;
    AppendNameAt(s, dladdr(reinterpret_cast<void *>(a), &di) ? ModuleOf(di) : g_exe, ds, size,
                 off, objSize);
    InternalFree(ds, strlen(ds) + 1);
    return true;
  }
  return false;
}

const char *CachedName(uintptr_t a) {
  SpinGuard g(g_sym_mu);
  char **n = g_lock_names->find(a + 1);
  return n ? *n : nullptr;
}

const char *RememberName(uintptr_t a, char *name) {
  SpinGuard g(g_sym_mu);
  *g_lock_names->insert(a + 1) = name;
  return name;
}

const char *ExecutablePath() { return g_exe; }
const char *SymbolizerPath() { return g_symbolizer; }

void InitSymbolizer() {
  g_frames = new (InternalAlloc(sizeof(U64Map<FrameList *>))) U64Map<FrameList *>();
  g_lock_names = new (InternalAlloc(sizeof(U64Map<char *>))) U64Map<char *>();
  long n = RtReadlink("/proc/self/exe", g_exe, sizeof(g_exe) - 1);
  g_exe[n > 0 ? n : 0] = 0;
  FindSymbolizer();
}

void SymbolizerResetInChild() { SymbolizerProcResetInChild(); }
void SymbolizerLockForFork() { g_sym_mu.lock(); }
void SymbolizerUnlockForFork() { g_sym_mu.unlock(); }

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
