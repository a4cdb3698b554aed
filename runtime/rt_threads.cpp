//===- rt_threads.cpp - the thread registry and the join-order tree -------===//
#include "rt_threads.h"
#include "rt_reporter.h"
#include "rt_runtime.h"
#include "rt_stackcache.h"
#include "rt_threadnames.h"

#include <limits.h>
#include <sys/mman.h>
#include <unistd.h>

namespace parcheck {

__thread ThreadState *t_state __attribute__((tls_model("initial-exec")));

SpinLock g_threads_mu;
// Under g_threads_mu. Zeroed static storage, not a global object: a global with a destructor
// would be destroyed by exit() before the runtime's own exit handler runs.
alignas(Vec<ThreadState *>) static char g_threads_storage[sizeof(Vec<ThreadState *>)];
Vec<ThreadState *> &g_threads = *reinterpret_cast<Vec<ThreadState *> *>(g_threads_storage);
static std::atomic<uint32_t> g_next_tid{0};
static pthread_key_t g_thread_key;
static std::atomic<uint64_t> g_total_threads{0};

// Kernel tid -> runtime tid + 1 of the last thread with that kernel tid: lock-free, and kept
// after the thread exits, so that a wait report made after the holder released the lock and
// ended still names it. A direct table over every possible tid (PID_MAX_LIMIT), mapped
// without reserve: only the pages of tids in use are touched.
static constexpr size_t kMaxOsTid = size_t(1) << 22;
static std::atomic<uint32_t> *g_tid_by_os;

static void NoteOsTid(ThreadState *ts) {
  if (size_t(ts->osTid) < kMaxOsTid) g_tid_by_os[ts->osTid].store(ts->tid + 1);
}

static void ThreadFinish(void *p);
static void TreeFinished(uint32_t tid);

// `tid` is assigned by the creating thread (in pthread_create order, so T<n> numbering is
// deterministic), or ~0u for a thread the runtime did not see being created.
ThreadState *NewThreadState(uint32_t parent, uintptr_t createPc, uint32_t tid) {
  // Default-initialised: InternalAlloc's memory is zero, so only the members with an
  // initialiser are written now, and the pages of the parts a thread never uses (the 16 KiB
  // lock-order edge cache of a thread that never nests locks) are never touched.
  ThreadState *ts = new (InternalAlloc(sizeof(ThreadState))) ThreadState;
  ts->tid = tid != ~0u ? tid : g_next_tid.fetch_add(1);
  ts->lo.tid = ts->tid;
  ts->osTid = RtGettid();
  NoteOsTid(ts);
  ts->parent = parent;
  ts->createPc = createPc;
  if (ts->osTid == RtGetpid()) NoteMainThread(ts->tid);
  {
    SpinGuard g(g_threads_mu);
    ts->regIndex = g_threads.size();
    g_threads.push_back(ts);
  }
  g_total_threads.fetch_add(1, std::memory_order_relaxed);
  t_state = ts;
  pthread_setspecific(g_thread_key, ts);
  return ts;
}

void MoveAcqSlot(ThreadState *ts, ThreadState::AcqEnt &a, LockRec *l) {
  MoveAcqSlotInline(ts, a, l);
}

void FlushEventCounts(ThreadState::AcqEnt &a, LockRec *l, bool exchange) {
  uint64_t e;
  if (exchange) {
    e = a.events.exchange(0);
  } else {
    e = a.events.load(std::memory_order_relaxed);
    a.events.store(0, std::memory_order_relaxed);
  }
  if (!e) return;
  LockSide *side = SideOf(l);
  if (uint32_t c = uint32_t(e)) side->contended.fetch_add(c, std::memory_order_relaxed);
  if (uint32_t t = uint32_t(e >> 32)) side->tryFail.fetch_add(t, std::memory_order_relaxed);
}

void CountLockEvent(ThreadState *ts, LockRec *l, LockEvent e) {
  ThreadState::AcqEnt &a = AcqBatch(ts, l);
  uint64_t v = a.events.load(std::memory_order_relaxed) + uint64_t(e);
  a.events.store(v, std::memory_order_relaxed);
  constexpr uint64_t kHalfFull = (uint64_t(1) << 31) | (uint64_t(1) << 63);
  if (__builtin_expect((v & kHalfFull) != 0, 0)) FlushEventCounts(a, l, false);
}

static Histogram &TimesOf(LockRec *l, bool hold) {
  LockStats *s = StatsOf(l);
  return hold ? s->hold : s->wait;
}

static void FlushTimes(ThreadState::TimeEnt &e, bool hold, bool self) {
  LockRec *l = e.lock.load(std::memory_order_relaxed);
  if (l && e.times.count()) e.times.moveInto(TimesOf(l, hold), self);
}

void AddLockTime(ThreadState *ts, LockRec *l, uint64_t ns, bool hold) {
  ThreadState::TimeEnt &e = (hold ? ts->holdTimes : ts->waitTimes)[TimeSlot(l)];
  if (e.lock.load(std::memory_order_relaxed) != l) {
    FlushTimes(e, hold, true);
    e.lock.store(l, std::memory_order_relaxed);
    ts->timesUsed.store(true, std::memory_order_release);
  }
  e.times.add(ns);
  if (e.times.count() >= kTimeBatchMax) FlushTimes(e, hold, true);
}

// `self`: ts is the calling thread's own state (its lock-owner counts may be added plainly).
static void FlushAcq(ThreadState *ts, bool self) {
  for (auto &a : ts->acq)
    if (LockRec *l = a.lock.load(std::memory_order_relaxed)) {
      uint64_t n = a.n.exchange(0);
      if (n) AddAcquisitions(l, n, self ? ts->tid : ~0u);
      FlushEventCounts(a, l, true);
    }
  if (ts->timesUsed.load(std::memory_order_acquire))
    for (size_t i = 0; i < kTimeSlots; ++i) {
      FlushTimes(ts->waitTimes[i], false, self);
      FlushTimes(ts->holdTimes[i], true, self);
    }
}

void FlushAllAcquisitionCounts() {
  SpinGuard g(g_threads_mu);
  for (ThreadState *t : g_threads) FlushAcq(t, t == t_state);
}

// The runtime's pthread_key destructor. Other keys' destructors may run after it, in this
// round or later ones (glibc runs up to PTHREAD_DESTRUCTOR_ITERATIONS rounds while destructors
// set values), and may take locks: they belong to this thread. So the key is re-armed until
// the last round, and the record is finished only then. After that the thread forwards
// every call untouched (t_in_rt stays raised): a destructor of a later key in the last round
// must not make a phantom new thread. A thread that exits without running destructors (the
// main thread returning from main) is never finished: its record lives until the end.
static void ThreadFinish(void *p) {
  ThreadState *ts = static_cast<ThreadState *>(p);
  if (!ts) return;
  t_in_rt++;
  if (++ts->keyRounds < PTHREAD_DESTRUCTOR_ITERATIONS) {
    pthread_setspecific(g_thread_key, ts);
    t_in_rt--;
    return;
  }
  FinishDeferred(ts);  // its last wait and hold time go to its batches, flushed now
  FlushAcq(ts, true);
  for (Held &h : ts->held) {  // a spin lock kept by an exiting thread has no live owner
    uint32_t me = ts->tid + 1, cur = me;
    if (LockSide *side = SideIfAny(h.lock)) side->owner.compare_exchange_strong(cur, 0);
  }
  ReturnRecordRun();
  StackCacheThreadExit();
  bool last = false;
  {
    SpinGuard g(g_threads_mu);
    size_t i = ts->regIndex;
    if (i < g_threads.size() && g_threads[i] == ts) {
      g_threads[i] = g_threads.back();
      g_threads[i]->regIndex = i;
      g_threads.pop_back();
      AddLocksMade(ts->locksMade.load(std::memory_order_relaxed));
      last = g_threads.size() == 0;
    }
  }
  if (last) RuntimeThreadsLeave();  // the program's last known thread: see rt_reporter.h
  TreeFinished(ts->tid);
  if (t_state == ts) t_state = nullptr;
  // Keep the memory mapped (the watchdog may still read a stale pointer it copied): recycle
  // only the held stack. ThreadState itself goes back to the internal allocator.
  ts->held.release();
  ts->~ThreadState();
  InternalFree(ts, sizeof(ThreadState));
  // t_in_rt is not lowered: see above.
}

ThreadState *HookEnterSlow() { return NewThreadState(0, 0); }

struct Tramp {
  void *(*fn)(void *);
  void *arg;
  uint32_t parent, tid;
  uintptr_t pc;
};

// Creations, joins and lock-order edges are stamped from one sequence, so that "thread A was
// joined before thread B made this edge" can be decided (rt_hb.h).
static std::atomic<uint64_t> g_seq{1};
static SpinLock g_tree_mu;  // a leaf: taken last, after g_graph_mu
static ThreadTree *g_tree;  // under g_tree_mu

void *ThreadTrampolineArg(void *(*fn)(void *), void *arg, uintptr_t pc, uint32_t *tid) {
  Tramp *t = static_cast<Tramp *>(InternalAlloc(sizeof(Tramp)));
  t->fn = fn;
  t->arg = arg;
  t->parent = t_state ? t_state->tid : 0;
  t->tid = g_next_tid.fetch_add(1);
  t->pc = pc;
  *tid = t->tid;
  NoteThreadCreated(t->tid, t->parent, pc);  // before the thread exists: no report misses it
  SpinGuard g(g_tree_mu);
  g_tree->created(t->tid, t->parent, g_seq.fetch_add(1));
  return t;
}

static void TreeFinished(uint32_t tid) {
  SpinGuard g(g_tree_mu);
  g_tree->finished(tid);
}

void OnThreadCreated(uint32_t tid, pthread_t th) {
  SpinGuard g(g_tree_mu);
  g_tree->setHandle(tid, uint64_t(th));
}

void OnThreadJoined(ThreadState *ts, pthread_t th) {
  SpinGuard g(g_tree_mu);
  g_tree->joined(uint64_t(th), ts->tid, g_seq.fetch_add(1));
}

bool LockedTree::endsBefore(uint32_t t1, uint32_t t2, uint64_t seq2) {
  SpinGuard g(g_tree_mu);
  return g_tree->endsBefore(t1, t2, seq2);
}

uint64_t NextSeq() { return g_seq.fetch_add(1); }

void TreeMadeEdge(uint32_t tid) {
  SpinGuard g(g_tree_mu);
  g_tree->madeEdge(tid);
}

uint32_t TidOfHandle(pthread_t th) {
  SpinGuard g(g_tree_mu);
  return g_tree->tidOf(uint64_t(th));
}

size_t TreeSize() {
  SpinGuard g(g_tree_mu);
  return g_tree->size();
}

void FreeTrampolineArg(void *p) { InternalFree(p, sizeof(Tramp)); }

void *ThreadTrampoline(void *p) {
  Tramp t = *static_cast<Tramp *>(p);
  InternalFree(p, sizeof(Tramp));
  if (g_inited) {
    t_in_rt++;
    NewThreadState(t.parent, t.pc, t.tid);
    t_in_rt--;
  }
  return CallEntry(reinterpret_cast<void *>(t.fn), t.arg, nullptr, nullptr);  // a tail call
}

ThreadState *FindThread(uint32_t tid) {  // under g_threads_mu
  for (ThreadState *t : g_threads)
    if (t->tid == tid) return t;
  return nullptr;
}

// The holders of l as runtime thread ids. Mutexes (and mtx_t) keep their owner's kernel tid
// in __data.__owner, rwlocks their writer's in __data.__cur_writer; readers and spin-lock
// holders are recorded by the runtime. Called by the watchdog for locks someone waits for
// (`peek`: the wait may have ended and the lock been freed since the look that saw it), and
// at the start of a contended wait (the waiter's own call keeps the lock alive).
uint32_t HoldersOf(LockRec *l, uint32_t *out, bool includeReaders, bool peek) {
  uint32_t n = 0;
  pid_t os = 0;
  // A peek copies the lock once (one read of its memory, not one per word) and reads the copy.
  pthread_mutex_t mcopy;
  pthread_rwlock_t rcopy;
  if (l->kind == kMutex || l->kind == kMtx) {
    auto *m = reinterpret_cast<const volatile pthread_mutex_t *>(l->addr);
    if (peek)
      m = RtReadMemory(const_cast<const pthread_mutex_t *>(m), &mcopy, sizeof(mcopy)) ? &mcopy
                                                                                       : nullptr;
    if (!m) {
      os = kOwnerUnknown;
    } else {
      os = m->__data.__owner;
      // A robust or priority-inheritance mutex keeps its owner in the futex word, which the
      // kernel clears (FUTEX_OWNER_DIED) when the owner dies: __owner still names the dead
      // thread, whose kernel tid a new thread may have by now.
      if (m->__data.__kind & (kMutexRobust | kMutexPrioInherit))
        os = m->__data.__lock & 0x3fffffff;  // FUTEX_TID_MASK
    }
  } else if (l->kind == kRwLock) {
    auto *rw = reinterpret_cast<const volatile pthread_rwlock_t *>(l->addr);
    if (peek)
      rw = RtReadMemory(const_cast<const pthread_rwlock_t *>(rw), &rcopy, sizeof(rcopy)) ? &rcopy
                                                                                         : nullptr;
    os = rw ? rw->__data.__cur_writer : kOwnerUnknown;
  }
  if (os > 0 && size_t(os) < kMaxOsTid) {
    if (uint32_t t = g_tid_by_os[os].load()) {
      out[n++] = t - 1;
      os = 0;
    }
  }
  if (os) {
    SpinGuard g(g_threads_mu);
    for (ThreadState *t : g_threads)
      if (t->osTid == os) {
        out[n++] = t->tid;
        break;
      }
  }
  LockSide *side = SideIfAny(l);
  if (!side) return n;
  uint32_t o = side->owner.load(std::memory_order_relaxed);
  if (o) out[n++] = o - 1;
  if (includeReaders)
    for (auto &r : side->readers) {
      uint32_t v = r.load(std::memory_order_relaxed);
      if (v) out[n++] = v - 1;
    }
  return n;
}


uint64_t NumThreadsSeen() { return g_total_threads.load(); }

void InitThreads() {
  void *t = MapSparse(kMaxOsTid * sizeof(uint32_t), "cannot map the thread id table");
  g_tid_by_os = static_cast<std::atomic<uint32_t> *>(t);
  g_tree = new (InternalAlloc(sizeof(ThreadTree))) ThreadTree();
  pthread_key_create(&g_thread_key, ThreadFinish);
}

void ThreadsLockForFork() {
  g_threads_mu.lock();
  g_tree_mu.lock();
}
void ThreadsUnlockForFork() {
  g_tree_mu.unlock();
  g_threads_mu.unlock();
}
// Only the forking thread exists in the child: forget the others and their waits.
void ThreadsResetInChild() {
  ThreadState *me = t_state;
  for (ThreadState *t : g_threads)  // the parent's other threads: their records stay
    if (t != me) AddLocksMade(t->locksMade.load(std::memory_order_relaxed));
  g_threads.clear();
  if (me) {
    me->regIndex = 0;
    g_threads.push_back(me);
    me->waitLock.store(nullptr);
    me->waitJoin.store(0);
    me->waitObj.store(0);
    me->osTid = pid_t(gettid());
    NoteOsTid(me);
    NoteMainThread(me->tid);  // the child's main thread is the one that forked
  }
}

} // namespace parcheck
