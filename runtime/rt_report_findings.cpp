//===- rt_report_findings.cpp - the text of each kind of finding ----------===//
//
// One writer per report record of rt_report.h: lock-order cycles, deadlocks, lock-wait
// timing, misuse. Each runs as a job of the reporter (rt_reporter.h), builds its finding and
// publishes it (rt_finding.h).
//===----------------------------------------------------------------------===//
#include "rt_finding.h"
#include "rt_report.h"
#include "rt_reporter.h"
#include "rt_symbolize.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

namespace parcheck {

static const char *OnDeadlockAction() { return g_flags.on_deadlock; }

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
  Str t, cyc, scyc;  // scyc: the SUMMARY line's, with short names
  Header(t, "lock-order-inversion (potential deadlock)");
  t.add("  Cycle in lock order graph: ");
  for (size_t i = 0; i < r->n; ++i) {
    CycleEdge &e = r->edges[i];
    t.addf("M%llu ('%s') => ", (unsigned long long)e.from, LockName(e.fromLock));
    cyc.addf("'%s' => ", LockName(e.fromLock));
    scyc.add("'");
    AppendShortLockName(scyc, e.fromLock, e.from);
    scyc.add("' => ");
    fb.addLock(LockName(e.fromLock));
  }
  t.addf("M%llu\n\n", (unsigned long long)r->edges[0].from);
  cyc.addf("'%s'", LockName(r->edges[0].fromLock));
  scyc.add("'");
  AppendShortLockName(scyc, r->edges[0].fromLock, r->edges[0].from);
  scyc.add("'");
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
    fb.addLocation("held", e.tid, e.heldStack, LockName(e.fromLock));
    fb.addLocation("acquire", e.tid, e.acqStack, LockName(e.fromLock));
    fb.addThread(e.tid);
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
  sum.addf("lock-order-inversion (potential deadlock) %s", scyc.c_str());
  Footer(t, sum.c_str(), fb);
  Publish(fb, t);
  FreeCycleReport(r);
}

void EmitCycleReport(CycleReport *r) {
  SubmitReport([](void *a) { PrintCycleReport(static_cast<CycleReport *>(a)); }, r);
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
  Str t, chain, schain;  // schain: the SUMMARY line's, with short lock names
  Header(t, cycle ? "deadlock (threads blocked in a wait-for cycle)"
                  : "deadlock (all threads are blocked: none is left running to wake the others)");
  size_t chainMark = 0;  // chain[0, chainMark) is in schain already
  for (const DeadlockThread &d : ths) {
    fb.addThread(d.tid);
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
        fb.addLocation("held", d.holder, hs, LockName(d.lock));
        ReleaseStack(hs);
      }
      fb.addLock(LockName(d.lock));
      size_t from = chain.size();
      if (cycle)
        chain.addf("T%u -> '%s' -> ", d.tid, LockName(d.lock));
      else
        chain.addf("'%s'", LockName(d.lock));
      schain.addn(chain.c_str() + chainMark, from - chainMark);
      if (cycle) schain.addf("T%u -> ", d.tid);
      QuoteShortLock(schain, d.lock);
      if (cycle) schain.add(" -> ");
      chainMark = chain.size();
    }
    if (!d.stack.n) ReleaseStack(w);
  }
  schain.add(chain.c_str() + chainMark);
  if (cycle) {
    schain.addf("T%u", ths[0].tid);
    chain.addf("T%u", ths[0].tid);
    fb.message.addf("deadlock: %s", chain.c_str());
  } else {
    fb.message.addf("deadlock: all threads are blocked: %s", chain.c_str());
  }
  Str sum;
  sum.addf(cycle ? "deadlock %s" : "deadlock (all threads blocked) %s", schain.c_str());
  Footer(t, sum.c_str(), fb);
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
  fb.addThread(tid);
  for (uint32_t i = 0; i < nh; ++i) fb.addThread(holders[i]);
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
  sum.addf("%s on ", what.c_str());
  QuoteShortLock(sum, l);
  Footer(t, sum.c_str(), fb);
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
  fb.addThread(tid);
  fb.message.addf(forCondWait ? "condition wait with '%s' not held" : "unlock of '%s' not held",
                  name);
  Str sum;
  sum.addf("%s ", fb.kind);
  QuoteShortLock(sum, l);
  Footer(t, sum.c_str(), fb);
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
  fb.addLocation("acquire", tid, s, name);
  ReleaseStack(s);
  t.add("  while holding it since here:\n");
  StackRef h = StackFromPc(heldPc);
  AppendStackText(t, h);
  fb.addLocation("held", tid, h, name);
  ReleaseStack(h);
  fb.addLock(name);
  fb.addThread(tid);
  fb.message.addf("'%s' locked again by the thread that holds it", name);
  Str sum;
  sum.add("double-lock ");
  QuoteShortLock(sum, l);
  Footer(t, sum.c_str(), fb);
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

} // namespace parcheck
