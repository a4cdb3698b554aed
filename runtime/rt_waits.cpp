//===- rt_waits.cpp - starvation, long waits, long holds ------------------===//
#include "rt_waits.h"
#include "rt_report.h"
#include "rt_runtime.h"
#include "rt_watchdog.h"

#include <time.h>

namespace parcheck {

struct WaitSnap {
  ThreadState *ts;
  uint32_t tid;
  LockRec *lock;     // the lock waited for, or null for a join
  uint32_t joinTid;  // the thread being joined, when lock is null
  // seq has kLockCallSeq set for a lean lock's unmarked call (LockCallOf): start and acq0 are
  // then the watchdog's first look at it.
  uint64_t seq, start, acq0, acqNow;
  uintptr_t pc;
  bool read, timed;
};

// Decided when a wait ends, by the waiting thread, from exact figures: when the wait began and
// ended, and how many times other threads took the lock meanwhile: a waiter reads the lock's
// acquisition count when its wait begins and when it ends (WaitCounters, rt_locks.h: a plain
// mutex counts every acquisition in its own words, any other lock only while it has waiters).
// The watchdog looks only at waits still going on (ClassifyWaitInProgress), and the exit
// summary takes a last look at them (ReportWaitsInProgress). Each wait is reported at most
// once.

static WaitThresholds g_wait_th;  // set once at initialisation
static bool g_classify_waits;     // any threshold enabled: count acquisitions during waits
static std::atomic<bool> g_waits_in_progress_reported{false};

// Wait reports claimed and not yet written, in the process and by this thread: the exit
// summary waits for the others' (a claimed report must not be lost because the program ended
// while it was being symbolised).
static std::atomic<int> g_wait_reports_in_flight{0};
static __thread int t_wait_reports_in_flight __attribute__((tls_model("initial-exec")));

// Claims the report of wait `seq` of thread t (false if it was already claimed); the caller
// then writes it and calls WaitReportDone. A marked wait's claim is in waitClaimed, an
// unmarked call's in callClaimed (each numbering only grows).
static bool ClaimWaitReport(ThreadState *t, uint64_t seq) {
  std::atomic<uint64_t> &claimed = seq & kLockCallSeq ? t->callClaimed : t->waitClaimed;
  uint64_t c = claimed.load();
  while (c < seq)
    if (claimed.compare_exchange_weak(c, seq)) {
      g_wait_reports_in_flight.fetch_add(1);
      t_wait_reports_in_flight++;
      return true;
    }
  return false;
}
static void WaitReportDone() {
  t_wait_reports_in_flight--;
  g_wait_reports_in_flight.fetch_sub(1);
}

void BeginWait(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool timed) {
  ErrnoSave es;  // may start the watchdog thread
  if (HasDeferred(ts)) FinishDeferred(ts);  // one deferred wait at a time
  CountLockEvent(ts, l, LockEvent::kContended);  // batched: no shared write per wait
  if (g_classify_waits) {
    // Counters that count only while somebody waits: first announce the waiter, then read the
    // counter: an acquisition that does not see the waiter has bumped nothing, one that does
    // bumps after (or at) this read. (An acquisition that sees no side block yet sees no
    // waiter: the block is published before the count.) A plain mutex's counters count every
    // acquisition: they are only read (WaitCounters).
    WaitCounters c = WaitCountersOf(l);
    if (!c.always) c.waiters->fetch_add(1);
    ts->waitAcq0.store(c.acq->load(), std::memory_order_relaxed);
    ts->waitNHolders = HoldersOf(l, ts->waitHolders, true);
  }
  MarkWaiting(ts, l, 0, read, pc, timed);
}

// In the critical section: the end time, the count of acquisitions by others, which must be
// read now to be exact (before this thread counts its own), and, for counters that count only
// while somebody waits, the waiter's removal from `waiters`, made on the line that read has
// just brought into this core's cache. (Left until after the unlock, the waiter would stay
// counted through its own acquisition and critical section, and every acquisition meanwhile,
// its own included, would bump acqWhileWaited: a locked write to a shared line in each
// critical section of a lock that is contended now and then.) The histogram is updated after
// the unlock (FinishWait).
void EndWait(ThreadState *ts, LockRec *l) {
  uint64_t end = NowNs();
  ts->waitLock.store(nullptr, std::memory_order_release);
  uint64_t start = ts->waitStart.load(std::memory_order_relaxed);
  uint64_t waited = NsBetween(start, end);
  ts->deferWaitLock = l;  // BeginWait finished any earlier one
  ts->deferred = true;
  ts->deferWaitNs = waited;
  if (!g_classify_waits) return;
  WaitCounters c = WaitCountersOf(l);
  uint64_t acq1 = c.acq->load();
  if (!c.always) c.waiters->fetch_sub(1);
  WaitSnapshot w{start, ts->waitAcq0.load(std::memory_order_relaxed), acq1, true};
  WaitVerdict v = ClassifyWait(w, end, g_wait_th);
  if (v == WaitVerdict::kNone) return;
  if (!ClaimWaitReport(ts, ts->waitSeq.load(std::memory_order_relaxed))) return;
  ErrnoSave es;
  bool read = ts->waitRead.load(std::memory_order_relaxed);
  ReportWait(v, ts->tid, l, ts->waitPc.load(std::memory_order_relaxed),
             !read && l->kind == kRwLock, waited / 1000000, acq1 - w.acqAtStart, ts->waitHolders,
             ts->waitNHolders);
  WaitReportDone();
}

void FinishWait(ThreadState *ts) {
  LockRec *l = ts->deferWaitLock;
  if (!l) return;
  ts->deferWaitLock = nullptr;
  AddLockTime(ts, l, ts->deferWaitNs, /*hold=*/false);
}

// The watchdog's look at the lean lock's unmarked calls (lean_look=0), before its other looks
// (`look`), and the exit summary's last one: a call not seen before is noted by the watchdog
// (when, and the mutex's acquisition count then); one seen before is a wait that has lasted at
// least since then (callLastNs). A call seen on two looks that has ended by now goes into its
// lock's statistics: one contended acquisition, and the time between those looks as its wait
// (a lower bound: its thread does not time it). Whoever clears callSeenSeq accounts it.
void NoteLockCalls(bool look) {
  uint64_t now = NowNs();
  SpinGuard g(g_threads_mu);
  for (ThreadState *t : g_threads) {
    uint64_t seq = 0;
    uintptr_t pc;
    LockRec *l = LockCallOf(t, &seq, &pc);
    pid_t owner = 0;
    if (l) {
      owner = LockCallOwner(l);
      if (owner == t->osTid) l = nullptr;  // acquired: the call is over but for its mark
    }
    uint64_t seen = t->callSeenSeq.load(std::memory_order_relaxed);
    if (seen && (!l || seq != seen) && t->callSeenSeq.compare_exchange_strong(seen, 0)) {
      LockRec *sl = t->callSeenLock.load(std::memory_order_relaxed);
      uint64_t first = t->callSeenNs.load(std::memory_order_relaxed);
      uint64_t last = t->callLastNs.load(std::memory_order_relaxed);
      if (last > first) {  // the call seen before has ended, after waiting
        SideOf(sl)->contended.fetch_add(1, std::memory_order_relaxed);
        StatsOf(sl)->wait.add(last - first);
      }
    }
    if (!l || !look) continue;
    if (t->callSeenSeq.load(std::memory_order_relaxed) == seq) {
      // Still in the call: waiting, unless the mutex is free this instant (being handed over,
      // to this thread or another: the call is not over, and its wait is not counted longer).
      if (owner) t->callLastNs.store(now, std::memory_order_relaxed);
      continue;
    }
    t->callSeenLock.store(l, std::memory_order_relaxed);
    t->callSeenNs.store(now, std::memory_order_relaxed);
    t->callLastNs.store(now, std::memory_order_relaxed);
    t->callSeenAcq.store(PeekAcqCount(l, 0), std::memory_order_relaxed);
    t->callSeenSeq.store(seq, std::memory_order_relaxed);
  }
}

// Thread t's unmarked call as a wait, if the watchdog has seen it on two looks (NoteLockCalls):
// it has waited at least since the first, and other threads took the lock at least as many
// times as the count has grown since.
static bool SnapLockCall(ThreadState *t, WaitSnap *s) {
  uint64_t seq;
  uintptr_t pc;
  LockRec *l = LockCallOf(t, &seq, &pc);
  if (!l || t->callSeenSeq.load(std::memory_order_relaxed) != seq ||
      !LockCallMayWait(LockCallOwner(l), t->osTid))
    return false;
  uint64_t first = t->callSeenNs.load(std::memory_order_relaxed);
  if (t->callLastNs.load(std::memory_order_relaxed) <= first) return false;
  s->ts = t;
  s->tid = t->tid;
  s->lock = l;
  s->joinTid = 0;
  s->seq = seq;
  s->start = first;
  s->acq0 = t->callSeenAcq.load(std::memory_order_relaxed);
  s->acqNow = PeekAcqCount(l, s->acq0);  // none counted while the mutex cannot be read
  s->pc = pc;
  s->read = false;
  s->timed = false;
  return true;
}

// Snapshots of every thread waiting now (under g_threads_mu); only lock waits with onlyLocks.
static void SnapWaits(Vec<WaitSnap> *snaps, bool onlyLocks) {
  for (ThreadState *t : g_threads) {
    LockRec *l = t->waitLock.load(std::memory_order_acquire);
    uint32_t j = t->waitJoin.load(std::memory_order_acquire);
    if (!l && !j) {
      WaitSnap s;
      if (SnapLockCall(t, &s)) snaps->push_back(s);
      continue;
    }
    if (!l && onlyLocks) continue;
    WaitSnap s;
    s.ts = t;
    s.tid = t->tid;
    s.lock = l;
    s.joinTid = j - 1;
    s.seq = t->waitSeq.load(std::memory_order_relaxed);
    s.start = t->waitStart.load(std::memory_order_relaxed);
    s.acq0 = t->waitAcq0.load(std::memory_order_relaxed);
    // (A side block was made before the wait was published.) The wait may have ended, and the
    // lock been freed, since it was read above: PeekAcqCount.
    s.acqNow = l ? PeekAcqCount(l, s.acq0) : 0;
    s.pc = t->waitPc.load(std::memory_order_relaxed);
    s.read = t->waitRead.load(std::memory_order_relaxed);
    s.timed = t->waitTimed.load(std::memory_order_relaxed);
    snaps->push_back(s);
  }
}

// Claims the report of a wait still going on: the thread is still registered (so its state is
// alive) and still in the same wait. Under g_threads_mu.
static bool ClaimWaitInProgress(const WaitSnap &s) {
  ThreadState *t = s.ts;
  if (t->regIndex >= g_threads.size() || g_threads[t->regIndex] != t || t->tid != s.tid)
    return false;
  if (s.seq & kLockCallSeq) {
    uint64_t seq;
    uintptr_t pc;
    if (LockCallOf(t, &seq, &pc) != s.lock || seq != s.seq) return false;
  } else if (t->waitSeq.load() != s.seq || t->waitLock.load() != s.lock) {
    return false;
  }
  return ClaimWaitReport(t, s.seq);
}

// Reports the lock waits still going on whose verdict `classify` gives now (claiming each),
// outside g_threads_mu.
template <typename F> static void ReportWaitsNow(Vec<WaitSnap> &snaps, F classify) {
  uint64_t now = NowNs();
  struct Due { WaitSnap s; WaitVerdict v; };
  Vec<Due> due;
  {
    SpinGuard g(g_threads_mu);
    for (WaitSnap &s : snaps) {
      if (!s.lock) continue;  // a join: no starvation there
      WaitSnapshot w{s.start, s.acq0, s.acqNow, true};
      // An unmarked call's wait has no end for its thread to decide at: the first verdict
      // that applies at one of the watchdog's looks is its report.
      WaitVerdict v = s.seq & kLockCallSeq ? ClassifyWait(w, now, g_wait_th) : classify(w, now);
      if (v != WaitVerdict::kNone && ClaimWaitInProgress(s)) due.push_back(Due{s, v});
    }
  }
  for (Due &d : due) {
    uint32_t holders[kMaxWaitHolders];
    uint32_t nh = HoldersOf(d.s.lock, holders, true, /*peek=*/true);
    ReportWait(d.v, d.s.tid, d.s.lock, d.s.pc, !d.s.read && d.s.lock->kind == kRwLock,
               NsBetween(d.s.start, now) / 1000000, d.s.acqNow - d.s.acq0,
               holders, nh);
    WaitReportDone();
  }
}

void ReportWaitsInProgress() {
  if (!g_classify_waits || g_waits_in_progress_reported.exchange(true)) return;
  t_in_rt++;
  Vec<WaitSnap> snaps;
  {
    SpinGuard g(g_threads_mu);
    SnapWaits(&snaps, /*onlyLocks=*/true);
  }
  // The last look: whatever the wait is by now, as if it ended here.
  ReportWaitsNow(snaps, [](const WaitSnapshot &w, uint64_t now) {
    return ClassifyWait(w, now, g_wait_th);
  });
  // Reports other threads claimed (the watchdog, a wait that just ended) are being written:
  // let them finish, so that they are printed and counted (10 s at most: a symboliser that
  // hangs must not hang the exit).
  for (int i = 0; i < 10000 && g_wait_reports_in_flight.load() > t_wait_reports_in_flight; ++i) {
    timespec ts = {0, 1000000};
    RtSleep(&ts);
  }
  t_in_rt--;
}

// The watchdog's look at the lock waits still going on: starvation, long holds and long
// waits decided now (the others are decided by the waiting thread when its wait ends).
void ReportWaitsOverdue() {
  if (!g_classify_waits) return;
  Vec<WaitSnap> snaps;
  {
    SpinGuard g(g_threads_mu);
    SnapWaits(&snaps, /*onlyLocks=*/false);
  }
  ReportWaitsNow(snaps, [](const WaitSnapshot &w, uint64_t now) {
    return ClassifyWaitInProgress(w, now, g_wait_th);
  });
}

void InitWaits() {
  if (!g_flags.detect_starvation) return;
  auto ms = [](int v) { return v > 0 ? uint64_t(v) * 1000000 : 0; };
  g_wait_th.starvationNs = ms(g_flags.starvation_ms);
  g_wait_th.starvationMinAcq = uint64_t(g_flags.starvation_min_acquisitions);
  g_wait_th.longWaitNs = ms(g_flags.long_wait_ms);
  g_wait_th.longHoldNs = ms(g_flags.long_hold_ms);
  g_classify_waits = g_wait_th.starvationNs || g_wait_th.longWaitNs || g_wait_th.longHoldNs;
}

void WaitsResetInChild() {
  g_waits_in_progress_reported.store(false);
  g_wait_reports_in_flight.store(0);  // the parent's threads write their own reports
}

} // namespace parcheck
