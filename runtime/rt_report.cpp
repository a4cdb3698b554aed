//===- rt_report.cpp - publication, suppressions, exit summary, JSON, DOT -===//
#include "rt_report.h"
#include "rt_finding.h"
#include "rt_memory.h"
#include "rt_runmarker.h"
#include "rt_reporter.h"
#include "rt_stackdepot.h"
#include "rt_symbolize.h"
#include "rt_threadnames.h"
#include "rt_threads.h"
#include "rt_waits.h"

#include "parcheck/Fingerprint.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace parcheck {

const char *KindName(LockKind k) {
  switch (k) {
  case kRwLock: return "rwlock";
  case kSpin: return "spinlock";
  case kMtx: return "mtx";
  default: return "mutex";
  }
}

// The size of a lock object of kind k (the element size of an array of such locks).
static size_t LockObjectSize(LockKind k) {
  switch (k) {
  case kRwLock: return sizeof(pthread_rwlock_t);
  case kSpin: return sizeof(pthread_spinlock_t);
  default: return sizeof(pthread_mutex_t);  // mtx_t shares the layout
  }
}

const Frame *FirstTakeFrame(LockRec *l) {
  // The first take's stack (its first frame is the first pc), or the pc alone while the
  // taking thread has not stored the stack yet.
  uintptr_t pc = LockFirstPc(l);
  if (!pc) return nullptr;
  StackRef st;
  st.pcs = &pc;
  st.n = 1;
  uint32_t n = 0;
  if (const uintptr_t *pcs = StackDepotGet(LockFirstStack(l), &n); n) {
    st.pcs = const_cast<uintptr_t *>(pcs);
    st.n = n;
  }
  SymbolizePcs(st.pcs, st.n);
  return UserFrame(st);
}

// A global's symbol, else "<kind> first taken in <func> at <file>:<line>", else (a lock never
// taken) "<kind> at <address>".
const char *LockName(LockRec *l) {
  if (!l) return "?";
  uintptr_t a = LockAddr(l);
  if (const char *n = CachedName(a)) return n;
  Str s;
  if (AppendGlobalName(s, a, LockObjectSize(LockKindOf(l)))) {
    // named by its global (or an element of a global array)
  } else if (!LockFirstPc(l)) {  // never taken (only unlocked, or waited on)
    s.addf("%s at %#lx", KindName(LockKindOf(l)), (unsigned long)a);
  } else {
    s.addf("%s first taken", KindName(LockKindOf(l)));
    if (const Frame *f = FirstTakeFrame(l)) {
      s.addf(" in %s", f->func);
      if (f->line) s.addf(" at %s:%d", Base(f->file), f->line);
    }
  }
  return RememberName(a, InternalStrdup(s.c_str()));
}

//===-- Output, findings, suppressions ------------------------------------===//

SpinLock g_report_mu;  // output and the findings list
static int g_log_fd = -1;
static Vec<char *> *g_findings;  // JSON objects
static std::atomic<uint64_t> g_num_reports{0};
// The kinds the runtime reports, in common/parcheck/Kinds.def's order (the summary's).
static const char *const g_kinds[] = {
#define PARCHECK_KIND(Stem, Static, Runtime, SarifName, Short, Full) Runtime ? Stem : nullptr,
#include "parcheck/Kinds.def"
};
constexpr size_t kNumKinds = sizeof(g_kinds) / sizeof(g_kinds[0]);
static uint64_t g_kind_counts[kNumKinds];
struct Supp { char *kind, *pattern; };
static Vec<Supp> *g_supps;
static std::atomic<uint64_t> g_num_suppressed{0};

static void ExpandPid(const char *pat, char *out, size_t n) {
  size_t o = 0;
  for (const char *p = pat; *p && o + 12 < n; ++p) {
    if (p[0] == '%' && p[1] == 'p') {
      o += FormatDecimal(out + o, uint64_t(RtGetpid()));  // (a pid has at most 10 digits)
      ++p;
    } else {
      out[o++] = *p;
    }
  }
  out[o] = 0;
}

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
int LogFd() {
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

void WriteAll(int fd, const char *s, size_t n) {
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
    char line[512];
    p = CopyLine(p, line, sizeof(line));
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

void FindingBuilder::addLocation(const char *role, uint32_t tid, const StackRef &st,
                                 const char *heldLock) {
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
  if (heldLock) locations.add(",\"held\":[").addJson(heldLock).add("]");
  locations.add(",\"stack\":[");
  AppendJsonStack(locations, st, &matchNames);
  locations.add("]}");
  if (uf) fpFunctions.push_back(uf->func);
}
bool FindingBuilder::suppressed() {
  for (Supp &s : *g_supps) {
    if (strcmp(s.kind, "*") && strcmp(s.kind, kind) &&
        !(strcmp(s.kind, "deadlock") == 0 && strcmp(kind, "lock-order") == 0))
      continue;
    for (const char *n : matchNames)
      if (MatchesAny(s.pattern, n)) return true;
  }
  return false;
}

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
bool Publish(FindingBuilder &fb, Str &text) {
  if (g_finished.load()) return false;
  if (fb.suppressed()) {
    g_num_suppressed.fetch_add(1);
    return false;
  }
  SortNames(fb.locks);
  SortNames(fb.threads);
  Fingerprint fp(kFingerprintBasisFnv);  // kind, locks, user functions (Fingerprint.h)
  fp.add(fb.kind);
  for (const char *l : fb.locks) fp.add(l);
  for (const char *f : fb.fpFunctions) fp.add(f);
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
  j.add("]");
  if (fb.threadDetails.size())
    j.add(",\"thread_details\":[").add(fb.threadDetails.c_str()).add("]");
  char hex[17];
  fp.hex(hex);
  j.addf(",\"source\":\"runtime\",\"fingerprint\":\"%s\"}", hex);
  {
    SpinGuard g(g_report_mu);
    WriteAll(LogFd(), text.c_str(), text.size());
    g_findings->push_back(InternalStrdup(j.c_str()));
    for (size_t k = 0; k < kNumKinds; ++k)
      if (g_kinds[k] && !strcmp(g_kinds[k], fb.kind)) g_kind_counts[k]++;
  }
  g_num_reports.fetch_add(1);
  MaybeHalt();
  return true;
}

void Header(Str &t, const char *what) {
  t.add("==================\n");
  t.addf("WARNING: parcheck: %s (pid=%d)\n", what, int(getpid()));
}

void Footer(Str &t, const char *summary, const char *kind) {
  t.addf("SUMMARY: parcheck: %s [parcheck-%s]\n==================\n", summary, kind);
}

void Footer(Str &t, const char *summary, FindingBuilder &fb) {
  if (fb.tids.size()) {
    if (t.size() < 2 || strcmp(t.c_str() + t.size() - 2, "\n\n")) t.add("\n");
    AppendThreadCreations(t, fb.threadDetails, &fb.tids[0], fb.tids.size());
  }
  Footer(t, summary, fb.kind);
}

void QuoteLock(Str &s, LockRec *l) { s.addf("%s '%s'", KindName(LockKindOf(l)), LockName(l)); }

// A condition variable, semaphore or barrier, named like a lock: the global's symbol, else
// "<what> at <address>".
void AppendObjectName(Str &s, const char *what, uintptr_t a) {
  if (!AppendGlobalName(s, a)) s.addf("%s at %#lx", what, (unsigned long)a);
}

// Misuse is reported once per kind, call site and lock (as TSan reports a stack once): a bad
// unlock in a loop is one finding, not a million.
static SpinLock g_sites_mu;
static U64Map<char> *g_sites;  // under g_sites_mu
bool FirstAtSite(const char *kind, uintptr_t pc, uintptr_t lockAddr) {
  uint64_t k = Fnv1a64(kind, strlen(kind));
  k = Fnv1a64(reinterpret_cast<const char *>(&pc), sizeof(pc), k);
  k = Fnv1a64(reinterpret_cast<const char *>(&lockAddr), sizeof(lockAddr), k) | 1;
  SpinGuard g(g_sites_mu);
  bool isNew;
  g_sites->insert(k, &isNew);
  return isNew;
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
  Vec<uint32_t> tid, site;  // who made the edge first, and where (depot id, 0: unknown)
};

// An edge's label: "T<n> func file:line" (the innermost user frame where the thread took the
// edge's second lock), or "T<n>" when that stack is unknown.
static void EdgeLabel(Str &d, uint32_t tid, uint32_t site) {
  Str l;
  l.addf("T%u", tid);
  if (site) {
    StackRef st;
    st.pcs = const_cast<uintptr_t *>(StackDepotGet(site, &st.n));
    SymbolizePcs(st.pcs, st.n);
    if (const Frame *f = UserFrame(st)) {
      l.addf(" %s", f->func);
      if (f->line) l.addf(" %s:%d", Base(f->file), f->line);
    }
  }
  d.add("label=").addJson(l.c_str());
}

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
    if (!g_flags.lean_look) NoteLockCalls(/*look=*/false);
    FlushAllAcquisitionCounts();
    CollectLockStats(&rows);
    SortRows(rows);
  }
  if (nrep || g_flags.print_stats || g_flags.verbosity >= 1) {
    Str t;
    t.addf("==parcheck== pid=%d (%s): %llu report(s)", int(getpid()), g_program,
           (unsigned long long)nrep);
    bool any = false;
    for (size_t k = 0; k < kNumKinds; ++k)
      if (g_kind_counts[k]) {
        t.addf("%s%s: %llu", any ? ", " : " (", g_kinds[k], (unsigned long long)g_kind_counts[k]);
        any = true;
      }
    if (any) t.add(")");
    if (g_num_suppressed.load()) t.addf(", %llu suppressed", (unsigned long long)g_num_suppressed.load());
    if (uint64_t d = g_lock_order->numDuplicateCycles())
      t.addf(", %llu more lock-order cycle(s) at the same stacks", (unsigned long long)d);
    t.addf("; %llu locks, %llu threads, %llu lock-order edges\n",
           (unsigned long long)NumLocksSeen(), (unsigned long long)NumThreadsSeen(),
           (unsigned long long)g_lock_order->numEdges());
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
           (unsigned long long)g_lock_order->numEdges(), g_flags.hold_times ? "true" : "false");
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
    g_lock_order->forEachEdgeSite(
        [](void *c, uint64_t f, uint64_t t, bool inCycle, uint32_t tid, uint32_t site) {
          DotCtx *d = static_cast<DotCtx *>(c);
          d->from.push_back(f);
          d->to.push_back(t);
          d->cyc.push_back(inCycle);
          d->tid.push_back(tid);
          d->site.push_back(site);
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
      LockRec *l = g_lock_order->lockById(n);
      bool inCyc = false;
      for (size_t i = 0; i < ctx.from.size(); ++i)
        inCyc |= ctx.cyc[i] && (ctx.from[i] == n || ctx.to[i] == n);
      // The label carries the id the text reports use ("M3 'mu'").
      Str label;
      label.addf("M%llu '%s'", (unsigned long long)n, l ? LockName(l) : "?");
      d.addf("  M%llu [label=", (unsigned long long)n);
      d.addJson(label.c_str());
      d.add(inCyc ? ", color=red];\n" : "];\n");
    }
    for (size_t i = 0; i < ctx.from.size(); ++i) {
      d.addf("  M%llu -> M%llu [", (unsigned long long)ctx.from[i],
             (unsigned long long)ctx.to[i]);
      EdgeLabel(d, ctx.tid[i], ctx.site[i]);
      d.add(ctx.cyc[i] ? ", color=red, penwidth=2];\n" : "];\n");
    }
    d.add("}\n");
    WriteFile(g_flags.dot_path, d);
  }
  if (mayExit && nrep && g_flags.exitcode) {
    fflush(nullptr);
    _exit(g_flags.exitcode);
  }
}

//===-- Fork, init ---------------------------------------------------------===//

void ReportLockForFork() {
  ReporterLockForFork();
  g_report_mu.lock();
  SymbolizerLockForFork();
  g_sites_mu.lock();
}
void ReportUnlockForFork() {
  g_sites_mu.unlock();
  SymbolizerUnlockForFork();
  g_report_mu.unlock();
  ReporterUnlockForFork();
}
void ReportResetInChild() {
  ReporterResetInChild();
  SymbolizerResetInChild();
  g_sites->release();  // the child reports its own findings from scratch
  g_findings->clear();
  g_num_reports.store(0);
  g_num_suppressed.store(0);
  memset(g_kind_counts, 0, sizeof(g_kind_counts));
  g_finished.store(false);
  if (g_log_fd != 2) g_log_fd = -1;  // a new pid may mean a new log file
}

void InitReports() {
  g_findings = new (InternalAlloc(sizeof(Vec<char *>))) Vec<char *>();
  g_supps = new (InternalAlloc(sizeof(Vec<Supp>))) Vec<Supp>();
  g_sites = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
  InitSymbolizer();
  CopyString(g_program, sizeof(g_program), ExecutablePath());
  LoadSuppressions();
  InitUnwindTables();  // before the first walk: the objects loaded at start-up
  // The unwinder's first use sets up its own state (libgcc's register-size table, under a
  // pthread_once): do it now, not in a hook.
  void *warm[4];
  Backtrace(warm, 4);
  CheckLogPath();
  InitRunMarker();
  if (g_flags.verbosity >= 1) {
    Str s;
    s.addf("==parcheck== pid=%d: runtime initialised (%s), symbolizer: %s\n", int(getpid()),
           g_program, SymbolizerPath()[0] ? SymbolizerPath() : "none");
    WriteAll(LogFd(), s.c_str(), s.size());
  }
}

} // namespace parcheck
