//===- rt_finding.h - one finding: built, suppressed or published ---------===//
//
// What the report writers (rt_report_findings.cpp) share with the publication core
// (rt_report.cpp): a finding is built (text, JSON locations, lock and thread names), then
// Publish prints and counts it unless a suppression matches or the exit summary has begun.
// Internal to the reports.
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_RT_FINDING_H
#define PARCHECK_RT_FINDING_H

#include "rt_locks.h"
#include "rt_stack.h"
#include "rt_waitfor.h"

#include <stdio.h>

namespace parcheck {

// Collects the names a suppression can match: lock names and function names of stacks.
struct FindingBuilder {
  const char *kind;
  const char *severity;
  Str message;
  Str locations;  // JSON array body
  int nloc = 0;
  Vec<const char *> locks, threads;
  Vec<const char *> matchNames;
  Vec<const char *> fpFunctions;  // the user function of each location, for the fingerprint

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
  // A runtime thread: its name "T<n>" in `threads`, and its id in `tids` (in order of mention)
  // for the creation lines the footer adds (rt_threadnames.h).
  Vec<uint32_t> tids;
  Str threadDetails;  // JSON array body: one object per thread of tids (made by the footer)
  void addThread(uint32_t tid) {
    char tn[16];
    snprintf(tn, sizeof(tn), "T%u", tid);
    addThread(tn);
    for (uint32_t x : tids)
      if (x == tid) return;
    tids.push_back(tid);
  }
  // Adds a stack: its innermost user frame as the location, every frame to the names.
  // heldLock: a lock the thread holds there that the finding is about (JSON "held", the
  // HTML report's sides; docs/finding-model.md), or null when that is not known.
  void addLocation(const char *role, uint32_t tid, const StackRef &st,
                   const char *heldLock = nullptr);
  bool suppressed();  // by a suppressions entry of this kind (or "*") matching a name
};

// The one place a report is printed and counted (see rt_report.cpp). Returns false if
// suppressed or dropped.
bool Publish(FindingBuilder &fb, Str &text);
void Header(Str &t, const char *what);  // "==================" and the WARNING line
void Footer(Str &t, const char *summary, const char *kind);  // the SUMMARY line
// The creation of each thread of fb.tids ("Thread T2 created by thread T1 at:" and its stack,
// fb.threadDetails), then the SUMMARY line for fb.kind.
void Footer(Str &t, const char *summary, FindingBuilder &fb);

const char *KindName(LockKind k);  // "mutex", "rwlock", ...
// A global's symbol, else "<kind> first taken in <func> at <file>:<line>", else (a lock never
// taken) "<kind> at <address>". Cached by address.
const char *LockName(LockRec *l);
void QuoteLock(Str &s, LockRec *l);  // <kind> '<name>'
struct Frame;
// The frame that names a lock taken at least once: the first frame of its first acquisition's
// stack (innermost, inline frames included) in user code, i.e. not in a system header or
// library (at -O0 a std::mutex's first pc is in libstdc++'s __gthread_mutex_lock), else that
// stack's innermost frame; null if the lock was never taken or nothing is symbolised.
// Symbolises that stack.
const Frame *FirstTakeFrame(LockRec *l);
// The lock's name for a SUMMARY line (rt_shortnames.cpp): a global's name as LockName gives
// it, else "<kind> M<id> (<function where first taken>)", `id` being the id the report shows
// (0: none; the part is left out, as is the function when unknown).
void AppendShortLockName(Str &s, LockRec *l, uint64_t id);
// The lock's current id, 0 if none (never assigns one: ids follow the program's order).
inline uint64_t ShownLockId(LockRec *l) { return l->id.load(std::memory_order_acquire); }
// "'<short name>'" (AppendShortLockName with the lock's current id).
inline void QuoteShortLock(Str &s, LockRec *l) {
  s.add("'");
  AppendShortLockName(s, l, ShownLockId(l));
  s.add("'");
}
// A condition variable, semaphore or barrier, named like a lock: the global's symbol, else
// "<what> at <address>".
void AppendObjectName(Str &s, const char *what, uintptr_t a);

// Misuse is reported once per kind, call site and lock: true the first time.
bool FirstAtSite(const char *kind, uintptr_t pc, uintptr_t lockAddr);

extern SpinLock g_report_mu;  // output and the findings list
int LogFd();  // where reports go: stderr or log_path
void WriteAll(int fd, const char *s, size_t n);

} // namespace parcheck
#endif
