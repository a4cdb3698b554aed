//===- rt_runtime.cpp - lock table, threads, detectors, watchdog ----------===//
//
// Who touches what:
//  * LockRec: found through a lock-free hash table (records are never freed: a destroyed lock's
//    record is reused by the next lock at that address with a new id). Counters are relaxed
//    atomics written by the acquiring thread. `waiters` and `acqWhileWaited` are written only
//    around contended waits and by acquisitions of a lock somebody waits for.
//  * ThreadState: written only by its own thread; the watchdog reads the wait fields (atomics)
//    and, for threads it has seen blocked twice, their held-lock stacks.
//  * g_graph_mu protects g_graph and the reported-cycle set; it is taken only for an edge that
//    the thread's own edge cache does not know.
//  * g_threads_mu protects the thread registry. g_report_mu serialises report output.
// Reports are built under these locks but symbolised and printed after releasing them.
//===----------------------------------------------------------------------===//
#include "rt_runtime.h"
#include "rt_graph.h"
#include "rt_hb.h"
#include "rt_memory.h"
#include "rt_report.h"
#include "rt_reporter.h"
#include "rt_stackdepot.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

namespace parcheck {

Flags g_flags;
bool g_inited;

__thread int t_in_rt __attribute__((tls_model("initial-exec")));
__thread ThreadState *t_state __attribute__((tls_model("initial-exec")));

//===-- Lock table ---------------------------------------------------------===//

// The first cache line holds what every acquisition reads (and the acquisition count, which
// a thread adds its batch to only when the batch is evicted or flushed, so for a hot lock it
// stays clean); the second what the table walk, contended waits and the watchdog touch.
struct alignas(64) LockRec {
  uintptr_t addr;
  std::atomic<uint64_t> id;  // current generation; 0 until first use after create/destroy
  std::atomic<uintptr_t> firstPc;
  std::atomic<uint64_t> acq;       // flushed acquisition batches (see ThreadState::acq)
  // Bumped when the lock is (re)initialised or destroyed, or released by a thread that did not
  // hold it: every hold recorded under an older epoch is stale (its holder no longer has it).
  std::atomic<uint32_t> epoch;
  // Threads waiting for the lock now (counted only when waits are classified). The fast path
  // only reads it: while it is 0, acquisitions touch nothing shared.
  std::atomic<uint32_t> waiters;
  LockKind kind;
  std::atomic<bool> inGraph;
  alignas(64) std::atomic<LockRec *> next;
  std::atomic<LockStats *> stats;
  std::atomic<uint32_t> owner;  // spin locks only: tid+1 of the holder (mutexes and rwlocks
                                // record their owner's kernel tid themselves)
  std::atomic<uint32_t> readers[4];  // tid+1 of some shared holders
  std::atomic<uint64_t> contended, tryFail;
  // Acquisitions made while waiters > 0: a waiter reads it when its wait begins and ends, and
  // the difference is exactly how many times other threads took the lock meanwhile.
  std::atomic<uint64_t> acqWhileWaited;
};
static_assert(sizeof(LockRec) == 128, "two cache lines");

static constexpr size_t kLockBuckets = 1 << 20;
static std::atomic<LockRec *> *g_lock_buckets;  // mmap, lazily touched

// Neighbouring locks (an array of mutexes, a struct's members) get neighbouring buckets, so
// walking many locks walks the table instead of missing the cache at random; the address bits
// above the table's span are folded in so that locks at the same offset of different 8 MiB
// regions (thread stacks, per-object arenas) do not pile up in one chain.
static inline size_t BucketOf(uintptr_t a) {
  return size_t((a >> 3) ^ (a >> 23) ^ (a >> 43)) & (kLockBuckets - 1);
}
static std::atomic<uint64_t> g_next_lock_id{1};
static std::atomic<uint64_t> g_num_locks{0};

static LockStats *StatsOf(LockRec *l) {
  LockStats *s = l->stats.load(std::memory_order_acquire);
  if (s) return s;
  LockStats *n = new (InternalAlloc(sizeof(LockStats))) LockStats();
  if (l->stats.compare_exchange_strong(s, n)) return n;
  InternalFree(n, sizeof(LockStats));
  return s;
}

static uint64_t LockId(LockRec *l) {
  uint64_t id = l->id.load(std::memory_order_acquire);
  if (id) return id;
  uint64_t n = g_next_lock_id.fetch_add(1);
  if (l->id.compare_exchange_strong(id, n)) return n;
  return id;
}

LockRec *GetLock(const void *addr, LockKind kind) {
  uintptr_t a = uintptr_t(addr);
  std::atomic<LockRec *> &b = g_lock_buckets[BucketOf(a)];
  LockRec *head = b.load(std::memory_order_acquire);
  for (LockRec *l = head; l; l = l->next.load(std::memory_order_acquire))
    if (l->addr == a) return l;
  LockRec *n = static_cast<LockRec *>(InternalAlloc(sizeof(LockRec)));
  n->addr = a;
  n->kind = kind;
  for (;;) {
    n->next.store(head, std::memory_order_relaxed);
    if (b.compare_exchange_weak(head, n, std::memory_order_acq_rel)) break;
    for (LockRec *l = head; l; l = l->next.load(std::memory_order_acquire))
      if (l->addr == a) {
        InternalFree(n, sizeof(LockRec));
        return l;
      }
  }
  g_num_locks.fetch_add(1, std::memory_order_relaxed);
  NoteLockAddress(a);
  return n;
}

template <typename F> static void ForEachLock(F f) {
  for (size_t i = 0; i < kLockBuckets; ++i)
    for (LockRec *l = g_lock_buckets[i].load(std::memory_order_acquire); l;
         l = l->next.load(std::memory_order_acquire))
      f(l);
}

//===-- Threads ------------------------------------------------------------===//

struct Held {
  LockRec *lock;
  uint64_t id;
  uintptr_t pc;
  uint32_t epoch;  // the lock's epoch when taken; a different one now means a stale hold
  uint32_t count;  // recursion depth
  bool read;
  bool tried;      // no edges lead into it (a trylock, or a timed acquisition: NoEdgeInto)
  uint64_t since;  // acquisition time when hold times are measured
  StackRef stack;  // full stack when held_stacks=1
};

constexpr size_t kEdgeCacheSets = 256;   // per-thread cache of known edges: 256 sets of
constexpr size_t kEdgeCacheWays = 4;     // 4 (one cache line each), round-robin replacement
constexpr size_t kLookupSize = 64;       // per-thread direct-mapped cache: address -> LockRec
constexpr size_t kAcqSize = 256;         // per-thread batched acquisition counts

static inline size_t AcqSlot(const LockRec *l) {
  return size_t((uintptr_t(l) * 0x9e3779b97f4a7c15ULL) >> 56);  // top 8 bits: 256 slots
}

constexpr uint32_t kWaitStackMax = 64;  // stack_depth's upper bound

struct ThreadState {
  uint32_t tid;
  pid_t osTid;
  uint32_t parent;
  uintptr_t createPc;
  size_t regIndex;
  bool isMaker;  // recorded as a maker of some edge (ThreadTree::madeEdge done)
  Vec<Held> held;
  struct CacheEnt { uint64_t from, to; };
  struct alignas(64) CacheSet { CacheEnt way[kEdgeCacheWays]; } cache[kEdgeCacheSets];
  uint8_t cacheNext[kEdgeCacheSets];  // the way to replace next
  // Lock records are never freed and an address keeps its record for ever (a new lock at the
  // address gets a new id in the same record), so a cached entry never goes stale.
  struct LookupEnt { uintptr_t addr; LockRec *lock; } lookup[kLookupSize];
  // Acquisition counts (for the statistics) are batched per thread and flushed into the lock
  // on eviction, at thread exit and at the end, so the fast path neither writes nor reads
  // shared memory. A lock's batch can only be in the slot AcqSlot(lock). (Acquisitions during
  // a wait are counted exactly, in the lock: LockRec::acqWhileWaited.)
  struct AcqEnt { std::atomic<LockRec *> lock; std::atomic<uint64_t> n; } acq[kAcqSize];
  std::atomic<LockRec *> waitLock;
  std::atomic<uint32_t> waitJoin;  // tid+1 of the thread being joined (a blocking join)
  std::atomic<uint64_t> waitSeq, waitStart;
  std::atomic<uintptr_t> waitPc;
  std::atomic<bool> waitRead, waitTimed;
  uint32_t keyRounds;  // ThreadFinish calls so far (pthread_key destructor rounds)
  // A condition, semaphore or barrier wait (BeginObjectWait): waitObj is its object, 0 when
  // none. The stack of that wait or of a join is written before the wait is published and
  // read by the watchdog only for a wait it has seen unchanged on two looks.
  std::atomic<uintptr_t> waitObj, waitObjMutex;
  std::atomic<uint8_t> waitObjKind;
  std::atomic<bool> waitObjExternal;
  uint32_t waitStackN;
  uintptr_t waitStack[kWaitStackMax];
  // The lock's acqWhileWaited when the current lock wait began.
  std::atomic<uint64_t> waitAcq0;
  // The last wait (waitSeq) whose timing report was claimed (ClaimWaitReport): each wait is
  // reported at most once, by whoever decides first.
  std::atomic<uint64_t> waitClaimed;
  // Who held the lock when the current wait began (written and read by this thread only).
  uint32_t waitHolders[kMaxWaitHolders];
  uint32_t waitNHolders;
};

static SpinLock g_threads_mu;
// Under g_threads_mu. Zeroed static storage, not a global object: a global with a destructor
// would be destroyed by exit() before the runtime's own exit handler runs.
alignas(Vec<ThreadState *>) static char g_threads_storage[sizeof(Vec<ThreadState *>)];
static Vec<ThreadState *> &g_threads = *reinterpret_cast<Vec<ThreadState *> *>(g_threads_storage);
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
static ThreadState *NewThreadState(uint32_t parent, uintptr_t createPc, uint32_t tid = ~0u) {
  ThreadState *ts = new (InternalAlloc(sizeof(ThreadState))) ThreadState();
  ts->tid = tid != ~0u ? tid : g_next_tid.fetch_add(1);
  ts->osTid = pid_t(gettid());
  NoteOsTid(ts);
  ts->parent = parent;
  ts->createPc = createPc;
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

static void FlushAcq(ThreadState *ts) {
  for (auto &a : ts->acq)
    if (LockRec *l = a.lock.load(std::memory_order_relaxed)) {
      uint64_t n = a.n.exchange(0);
      if (n) l->acq.fetch_add(n, std::memory_order_relaxed);
    }
}

void FlushAllAcquisitionCounts() {
  SpinGuard g(g_threads_mu);
  for (ThreadState *t : g_threads) FlushAcq(t);
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
  FlushAcq(ts);
  for (Held &h : ts->held) {  // a spin lock kept by an exiting thread has no live owner
    uint32_t me = ts->tid + 1, cur = me;
    h.lock->owner.compare_exchange_strong(cur, 0);
  }
  {
    SpinGuard g(g_threads_mu);
    size_t i = ts->regIndex;
    if (i < g_threads.size() && g_threads[i] == ts) {
      g_threads[i] = g_threads.back();
      g_threads[i]->regIndex = i;
      g_threads.pop_back();
    }
  }
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

static inline LockRec *LookupLock(ThreadState *ts, const void *addr, LockKind kind) {
  uintptr_t a = uintptr_t(addr);
  ThreadState::LookupEnt &e = ts->lookup[((a >> 3) ^ (a >> 11)) & (kLookupSize - 1)];
  if (e.addr == a) return e.lock;
  LockRec *l = GetLock(addr, kind);
  e.addr = a;
  e.lock = l;
  return l;
}

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

namespace {
// The graph asks under g_graph_mu; the tree is read under its own (leaf) lock.
struct LockedTree final : HappensBefore {
  bool endsBefore(uint32_t t1, uint32_t t2, uint64_t seq2) override {
    SpinGuard g(g_tree_mu);
    return g_tree->endsBefore(t1, t2, seq2);
  }
};
} // namespace

void FreeTrampolineArg(void *p) { InternalFree(p, sizeof(Tramp)); }

void *ThreadTrampoline(void *p) {
  Tramp t = *static_cast<Tramp *>(p);
  InternalFree(p, sizeof(Tramp));
  if (g_inited) {
    t_in_rt++;
    NewThreadState(t.parent, t.pc, t.tid);
    t_in_rt--;
  }
  return t.fn(t.arg);
}

static ThreadState *FindThread(uint32_t tid) {  // under g_threads_mu
  for (ThreadState *t : g_threads)
    if (t->tid == tid) return t;
  return nullptr;
}

//===-- Lock-order graph ---------------------------------------------------===//

static SpinLock g_graph_mu;
static LockGraph *g_graph;
static U64Map<char> *g_reported_cycles;  // fingerprints of reported cycles, under g_graph_mu
static U64Map<char> *g_reported_sites;   // ... of their stacks, under g_graph_mu
static std::atomic<uint64_t> g_duplicate_cycles{0};  // cycles not reported: same stacks

static uint64_t StackHash(const StackRef &s, uint64_t h) {
  return Fnv1a64(reinterpret_cast<const char *>(s.pcs), s.n * sizeof(uintptr_t), h);
}

// The fingerprint of a set of values (order does not matter): sorted, then hashed; never 0.
static uint64_t SetKey(Vec<uint64_t> &v) {
  SortSmall(v.begin(), v.size());
  return Fnv1a64(reinterpret_cast<const char *>(v.begin()), v.size() * sizeof(uint64_t)) | 1;
}

static uint64_t CycleSitesKey(const CycleReport *r) {
  Vec<uint64_t> keys;
  for (size_t k = 0; k < r->n; ++k)
    keys.push_back(StackHash(r->edges[k].acqStack, StackHash(r->edges[k].heldStack, 1)));
  return SetKey(keys);
}
static std::atomic<uint64_t> g_num_edges{0};

// An edge's payload: the depot ids (rt_stackdepot.h) of where its first lock was taken (call
// site, or full with held_stacks) and where its second lock was taken, packed in the
// pointer-sized field (nothing to free: edges made at one site share their stacks).
static void *EdgePayloadOf(uint32_t heldId, uint32_t acqId) {
  return reinterpret_cast<void *>((uintptr_t(heldId) << 32) | acqId);
}
static uint32_t HeldStackIdOf(void *p) { return uint32_t(reinterpret_cast<uintptr_t>(p) >> 32); }
static uint32_t AcqStackIdOf(void *p) { return uint32_t(reinterpret_cast<uintptr_t>(p)); }
static StackRef StackOfId(uint32_t id) {  // an owned copy
  StackRef r;
  r.pcs = const_cast<uintptr_t *>(StackDepotGet(id, &r.n));
  return CopyStack(r);
}
static uint32_t CaptureStackId(uintptr_t pc) {
  uintptr_t buf[64];
  return StackDepotPut(buf, CaptureStackInto(pc, buf, 64));
}
static uint32_t HeldStackId(const Held &h) {
  return h.stack.n ? StackDepotPut(h.stack.pcs, h.stack.n) : StackDepotPut(&h.pc, 1);
}

static U64Map<char> *g_cycle_edges;      // edges on reported cycles, under g_graph_mu
static void InCycleMark(uint64_t from, uint64_t to);

// Which held locks get a direct edge into a new acquisition. Every pair would make n(n-1)/2
// edges for n locks held at once (2000 held: 840 MB); the cycle check needs far fewer.
// Direct edges come from the held locks from the kEdgeWindow-th most recent one taken by a
// blocking acquisition onwards (the trylocked ones among them included), and from those at
// distance 2^k below the top of the held stack (so a path through this thread's own edges
// is O(log n) edges long, not n/kEdgeWindow). With at most kEdgeWindow locks held this is
// every pair, as before.
//
// Why nothing the cycle check needs is lost. Let h[0..n-1] be the held stack (in
// acquisition order) when N is taken, c the cut, h[c] taken by a blocking acquisition.
// Claim: every h[j], j < c, has a path h[j] ->* h[c] in the graph. By induction on the
// acquisition of h[c]: h[j] was held then, so either h[j] got a direct edge into h[c], or
// h[j] lay below that acquisition's own cut h[c'] (blocking, c' < c) and h[j] ->* h[c'] by
// induction, and h[c'] -> h[c] directly (every lock from the cut up gets one). Hence
// h[j] ->* h[c] -> N: any cycle the direct edge h[j] -> N would close still exists, through
// this thread's edges. (Trylocks break the chain: no edge enters a trylocked lock, which is
// why the cut counts only blocking acquisitions.) Destroying or freeing a lock removes its
// edges; a chain broken by forgetting every intermediate lock after release can lose a
// cycle (a known limit).
//
// Gate locks: the direct edge h[j] -> N has gates held \ {h[j], N} (the oldest kMaxGates).
// Every edge on the chain was made by this thread later than h[j] was taken, with every
// lock older than h[j] held and not an endpoint (endpoints are h[j] or newer): a gate G
// older than h[j] is a gate of every chain edge too (same rank among the oldest, so the
// kMaxGates cap keeps it). A gate G newer than h[j] can be missing on the chain. But then
// the cycle's other edges were made holding G, among them the edge into h[j] (blocking, as
// every edge is): its maker held G and took h[j], while this thread held h[j] and took G
// (a path h[j] ->* G if by blocking; if G was trylocked, G never blocks this thread). So
// the graph has the inversion h[j] <-> G itself, reported on its own merits (unless a gate
// older than both guards it; such a gate is older than h[j] and guards the chain as well).
// So a cycle reported through a chain whose direct edge would have been gated comes with a
// real, reportable inversion on the same locks. Read modes and the join filter are judged
// on the chain's edges, which were made earlier (earlier stamps); with more than
// kEdgeWindow locks held this may report a cycle a direct edge would have filtered.
constexpr size_t kEdgeWindow = 16;

static size_t EdgeCut(const Vec<Held> &held) {
  size_t n = held.size(), blocking = 0;
  if (n <= kEdgeWindow) return 0;
  for (size_t i = n; i-- > 0;)
    if (!held[i].tried && ++blocking == kEdgeWindow) return i;
  return 0;
}

static inline bool GetsDirectEdge(size_t i, size_t n, size_t cut) {
  if (i >= cut) return true;
  size_t d = n - i;  // distance from the top of the stack, >= 1
  return (d & (d - 1)) == 0;
}

static void CheckEdges(ThreadState *ts, LockRec *l, uint64_t id, bool read, uintptr_t pc) {
  size_t n = ts->held.size();
  size_t cut = EdgeCut(ts->held);
  // The acquisition's stack (depot id), captured at most once however many held locks make
  // new edges with it (a thread holding hundreds of locks would otherwise unwind hundreds of
  // times).
  uint32_t acqId = 0;
  for (size_t i = 0; i < n; ++i) {
    Held &h = ts->held[i];
    if (h.id == id || !GetsDirectEdge(i, n, cut)) continue;
    size_t set = (U64Map<int>::hash(h.id * 0x9e3779b97f4a7c15ULL ^ id)) & (kEdgeCacheSets - 1);
    ThreadState::CacheSet &cs = ts->cache[set];
    bool cached = false;
    for (ThreadState::CacheEnt &w : cs.way) cached |= w.from == h.id && w.to == id;
    if (cached) continue;
    // Slow path: a new edge for this thread (it may capture a stack and report).
    ErrnoSave es;
    uint64_t gates[kMaxGates];
    size_t ng = 0;
    for (size_t j = 0; j < n && ng < kMaxGates; ++j)
      if (j != i && ts->held[j].id != id) gates[ng++] = ts->held[j].id;
    // The stack is only needed for an edge nobody has made yet: look first, capture outside
    // the graph lock, then insert.
    bool known;
    {
      SpinGuard g(g_graph_mu);
      known = g_graph->findEdge(h.id, id) != nullptr;
    }
    if (!known && !acqId) acqId = CaptureStackId(pc);
    // A new edge's payload: with it, an edge into a lock that has none can be kept as a sink
    // edge (rt_graph.h), which costs a map slot instead of a node and an Edge.
    void *payload = acqId ? EdgePayloadOf(HeldStackId(h), acqId) : nullptr;
    CycleReport *rep = nullptr;
    {
      SpinGuard g(g_graph_mu);
      LockGraph::Change ch;
      uint64_t seq = g_seq.fetch_add(1);
      Edge *e = nullptr;
      if (!g_graph->addSinkEdge(h.id, id, ts->tid, seq, gates, ng, h.read, read, payload, l,
                                &ch))
        e = g_graph->addEdge(h.id, id, ts->tid, seq, gates, ng, h.read, read, &ch);
      if (!ts->isMaker && ch != LockGraph::kKnown) {
        bool maker = !e;  // a sink edge is new, made by this thread
        for (uint8_t k = 0; e && k < e->nmakers; ++k) maker |= e->makers[k].tid == ts->tid;
        if (maker) {  // the join filter may ask about this thread: keep its record
          ts->isMaker = true;
          SpinGuard tg(g_tree_mu);
          g_tree->madeEdge(ts->tid);
        }
      }
      if (ch == LockGraph::kNew && !acqId) acqId = StackDepotPut(&pc, 1);  // rare: raced
      if (ch == LockGraph::kNew) {
        if (e) e->payload = EdgePayloadOf(HeldStackId(h), acqId);
        h.lock->inGraph.store(true, std::memory_order_relaxed);
        l->inGraph.store(true, std::memory_order_relaxed);
        // Reports name a cycle's locks by id: the graph node keeps its lock record (the
        // node, and so the mapping, goes when the lock is forgotten).
        g_graph->setNodeData(h.id, h.lock);
        g_graph->setNodeData(id, l);
        g_num_edges.fetch_add(1, std::memory_order_relaxed);
        if (g_flags.verbosity >= 2) {
          char buf[96];
          int k = snprintf(buf, sizeof(buf), "==parcheck== new edge M%llu => M%llu in T%u\n",
                           (unsigned long long)h.id, (unsigned long long)id, ts->tid);
          WriteLog(buf, size_t(k));
        }
      }
      if (e && ch != LockGraph::kKnown && g_flags.detect_lock_order) {
        Vec<Edge *> cyc;
        LockedTree hb;
        if (g_graph->cycleThrough(e, &cyc) &&
            LockGraph::isReportable(cyc, g_flags.ignore_joined_cycles ? &hb : nullptr,
                                    g_flags.ignore_single_thread_cycles)) {
          // Once per cycle: the key is the sorted set of lock ids on it.
          Vec<uint64_t> ids;
          for (Edge *c : cyc) ids.push_back(c->from);
          bool isNew;
          g_reported_cycles->insert(SetKey(ids), &isNew);
          if (isNew) {
            rep = NewCycleReport(cyc.size());
            for (size_t k = 0; k < cyc.size(); ++k) {
              Edge *c = cyc[k];
              CycleEdge &ce2 = rep->edges[k];
              ce2.from = c->from;
              ce2.to = c->to;
              ce2.tid = c->tid;
              // The edge just closing the cycle may have been made earlier by another thread;
              // show the current observation for it.
              void *p = c->payload;
              if (c == e) {
                ce2.tid = ts->tid;
                ce2.heldStack = h.stack.n ? CopyStack(h.stack) : StackFromPc(h.pc);
                ce2.acqStack = acqId ? StackOfId(acqId) : StackFromPc(pc);
              } else if (p) {
                ce2.heldStack = StackOfId(HeldStackIdOf(p));
                ce2.acqStack = StackOfId(AcqStackIdOf(p));
              }
              InCycleMark(c->from, c->to);
            }
            // And once per code-level cycle: locks created in a loop (or an array of them)
            // taken at the same sites make the same mistake again, not a new one (TSan's
            // suppress_equal_stacks). The key is the sorted set of the edges' stacks.
            bool isNewSites;
            g_reported_sites->insert(CycleSitesKey(rep), &isNewSites);
            if (!isNewSites) {
              FreeCycleReport(rep);
              rep = nullptr;
              g_duplicate_cycles.fetch_add(1, std::memory_order_relaxed);
            }
          }
        }
      }
    }
    if (rep) {
      for (size_t k = 0; k < rep->n; ++k) {
        rep->edges[k].fromLock = LockById(rep->edges[k].from);
        rep->edges[k].toLock = LockById(rep->edges[k].to);
      }
      EmitCycleReport(rep);
    }
    ThreadState::CacheEnt &ce = cs.way[ts->cacheNext[set]++ % kEdgeCacheWays];
    ce.from = h.id;
    ce.to = id;
  }
}

//===-- Hooks --------------------------------------------------------------===//


static void InCycleMark(uint64_t from, uint64_t to) {
  *g_cycle_edges->insert((from << 32) ^ to ^ 0x5bd1e995ULL) = 1;
}

LockRec *LockById(uint64_t id) {
  SpinGuard g(g_graph_mu);
  return static_cast<LockRec *>(g_graph->nodeData(id));
}

void OnCreate(const void *addr, LockKind kind) {
  (void)kind;
  OnDestroy(addr);
}

static void ForgetLock(LockRec *l);

void OnDestroy(const void *addr) {
  uintptr_t a = uintptr_t(addr);
  std::atomic<LockRec *> &b = g_lock_buckets[BucketOf(a)];
  LockRec *l = b.load(std::memory_order_acquire);
  while (l && l->addr != a) l = l->next.load(std::memory_order_acquire);
  if (l) ForgetLock(l);
}

// Every lock whose record lies in [lo, hi) is forgotten as by OnDestroy (freed or unmapped
// memory). The records stay (lock-free readers and the threads' caches may point at them);
// each gets a new id at its next use. A range within 8 MiB visits the buckets of its
// addresses (8 bytes per bucket, the lowest address bits BucketOf keeps); a bigger one walks
// the whole table once.
void ForgetLocksInRange(uintptr_t lo, uintptr_t hi) {
  if (hi <= lo) return;
  if (hi - lo > (uintptr_t(1) << 23)) {
    ForEachLock([&](LockRec *l) {
      if (l->addr >= lo && l->addr < hi) ForgetLock(l);
    });
    return;
  }
  for (uintptr_t a = lo & ~uintptr_t(7); a < hi; a += 8) {
    if (!LockMayStartAt(a)) continue;  // (the bucket's other records are other addresses')
    for (LockRec *l = g_lock_buckets[BucketOf(a)].load(std::memory_order_acquire); l;
         l = l->next.load(std::memory_order_acquire))
      if (l->addr >= lo && l->addr < hi && (l->addr & ~uintptr_t(7)) == a) ForgetLock(l);
  }
}

static void ForgetLock(LockRec *l) {
  l->epoch.fetch_add(1, std::memory_order_relaxed);
  uint64_t id = l->id.exchange(0);
  l->owner.store(0, std::memory_order_relaxed);
  for (auto &r : l->readers) r.store(0, std::memory_order_relaxed);
  if (id && l->inGraph.exchange(false)) {
    SpinGuard g(g_graph_mu);
    g_graph->removeNode(id, nullptr);  // payloads are depot ids: nothing to free
  }
}

static uint64_t NowNs() { return RealClock()->nowNs(); }

static inline bool IsStale(const Held &h) {
  return h.epoch != h.lock->epoch.load(std::memory_order_relaxed);
}

template <typename Pred> static void DropHoldsIf(ThreadState *ts, Pred drop) {
  size_t w = 0, n = ts->held.size();
  while (w < n && !drop(ts->held[w])) ++w;  // usually nothing to drop: no copying
  for (size_t i = w; i < n; ++i) {
    Held &h = ts->held[i];
    if (!drop(h)) {
      ts->held[w++] = h;
      continue;
    }
    if (h.stack.n) ReleaseStack(h.stack);
  }
  ts->held.resize(w);
}

// Forgets holds that ended behind the thread's back: the lock was re-initialised or destroyed
// while held (a lock left taken in a dead stack frame), or released by another thread (glibc
// lets any thread unlock a normal mutex).
static void DropStaleHolds(ThreadState *ts) { DropHoldsIf(ts, IsStale); }

static void DropHold(ThreadState *ts, LockRec *l) {
  DropHoldsIf(ts, [l](const Held &h) { return h.lock == l; });
}

static inline bool HeldBySelf(ThreadState *ts, LockRec *l) {
  for (Held &h : ts->held)
    if (h.lock == l && !IsStale(h)) return true;
  return false;
}

bool IsHeldBySelf(ThreadState *ts, const void *addr, LockKind kind) {
  return HeldBySelf(ts, LookupLock(ts, addr, kind));
}

static void StartWatchdog();


// glibc keeps the mutex type in __data.__kind (PTHREAD_MUTEX_KIND_MASK_NP == 3); mtx_t shares
// the layout.
static int MutexType(const void *m) {
  return static_cast<const pthread_mutex_t *>(m)->__data.__kind & 3;
}
// The protocol bits beside the type in __data.__kind (glibc's PTHREAD_MUTEX_ROBUST_NORMAL_NP,
// PTHREAD_MUTEX_PRIO_INHERIT_NP); both make glibc check the owner on unlock and record it in
// the futex word.
enum : int { kMutexRobust = 16, kMutexPrioInherit = 32 };
static int MutexKindBits(const void *m) {
  return static_cast<const volatile pthread_mutex_t *>(m)->__data.__kind;
}

// glibc records a mutex's owner (kernel tid) in __data.__owner for every type; a spin lock
// is a word that is 0 when free.
static bool ReallyHeldBySelf(ThreadState *ts, const void *addr, LockKind kind) {
  if (kind == kSpin) return *static_cast<const volatile int *>(addr) != 0;
  return static_cast<const volatile pthread_mutex_t *>(addr)->__data.__owner == ts->osTid;
}

// A normal mutex or spin lock taken again by its holder (and not with a timeout): a certain
// self-deadlock, reported before the thread blocks for ever.
static void OnSelfDeadlock(ThreadState *ts, LockRec *l, uintptr_t pc) {
  if (!g_flags.detect_misuse) return;
  ErrnoSave es;
  uintptr_t heldPc = 0;
  for (Held &h : ts->held)
    if (h.lock == l) heldPc = h.pc;
  ReportDoubleLock(ts->tid, l, pc, heldPc);
}

LockRec *BeforeLock(ThreadState *ts, const void *addr, LockKind kind, bool read, bool timed,
                    bool trylock, uintptr_t pc) {
  LockRec *l = LookupLock(ts, addr, kind);
  if (ts->held.empty()) return l;  // the common case: nothing held, no edge, no re-lock
  DropStaleHolds(ts);
  if (HeldBySelf(ts, l)) {  // re-lock: recursive, error-checking or a self-deadlock
    bool certain = !trylock && !read && !timed &&
                   (kind == kSpin || ((kind == kMutex || kind == kMtx) &&
                                      MutexType(addr) == PTHREAD_MUTEX_NORMAL));
    if (!certain) return l;
    // Before calling it a self-deadlock, ask the lock itself: memory re-initialised by plain
    // assignment (PTHREAD_MUTEX_INITIALIZER on a reused stack slot) is free again, and no
    // hook saw it happen.
    if (ReallyHeldBySelf(ts, addr, kind)) {
      OnSelfDeadlock(ts, l, pc);  // may not return
      return l;
    }
    DropHold(ts, l);  // stale: acquire it as a new lock below
  }
  // No edges into a trylock: it cannot block. Nor, by default, into a timed acquisition: it
  // blocks at most until its timeout, so a cycle through that edge ends by itself (each
  // thread of a timed back-off gives up and releases what it holds). The edges out of the lock
  // it takes are made as usual.
  if (NoEdgeInto(trylock, timed)) return l;
  if (!g_flags.detect_lock_order && !g_flags.dot_path[0] && !g_flags.json_path[0]) return l;
  uint64_t id = LockId(l);
  CheckEdges(ts, l, id, read, pc);
  return l;
}

// Publishes a new wait for the watchdog: the details first, then what is waited for (a lock,
// or a thread being joined), which is what the watchdog looks at.
static void MarkWaiting(ThreadState *ts, LockRec *l, uint32_t joinTid, bool read, uintptr_t pc,
                        bool timed) {
  ts->waitTimed.store(timed, std::memory_order_relaxed);
  ts->waitStart.store(NowNs(), std::memory_order_relaxed);
  ts->waitPc.store(pc, std::memory_order_relaxed);
  ts->waitRead.store(read, std::memory_order_relaxed);
  ts->waitSeq.fetch_add(1, std::memory_order_relaxed);
  if (l)
    ts->waitLock.store(l, std::memory_order_release);
  else
    ts->waitJoin.store(joinTid + 1, std::memory_order_release);
  StartWatchdog();
}

//===-- Starvation, long waits, long holds -----------------------------------===//
//
// Decided when a wait ends, by the waiting thread, from exact figures: when the wait began and
// ended, and how many times other threads took the lock meanwhile. While a lock has waiters,
// every acquisition bumps its acqWhileWaited counter (the fast path only reads `waiters`, on a
// line it reads anyway); a waiter reads the counter when its wait begins and when it ends. The
// watchdog looks only at waits still going on (ClassifyWaitInProgress), and the exit summary
// takes a last look at them (ReportWaitsInProgress). Each wait is reported at most once.

static WaitThresholds g_wait_th;  // set once at initialisation
static bool g_classify_waits;     // any threshold enabled: count acquisitions during waits
static std::atomic<bool> g_waits_in_progress_reported{false};

static uint32_t HoldersOf(LockRec *l, uint32_t *out, bool includeReaders);

// Wait reports claimed and not yet written, in the process and by this thread: the exit
// summary waits for the others' (a claimed report must not be lost because the program ended
// while it was being symbolised).
static std::atomic<int> g_wait_reports_in_flight{0};
static __thread int t_wait_reports_in_flight __attribute__((tls_model("initial-exec")));

// Claims the report of wait `seq` of thread t (false if it was already claimed); the caller
// then writes it and calls WaitReportDone.
static bool ClaimWaitReport(ThreadState *t, uint64_t seq) {
  uint64_t c = t->waitClaimed.load();
  while (c < seq)
    if (t->waitClaimed.compare_exchange_weak(c, seq)) {
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
  l->contended.fetch_add(1, std::memory_order_relaxed);
  if (g_classify_waits) {
    // First announce the waiter, then read the counter: an acquisition that does not see the
    // waiter has bumped nothing, one that does bumps after (or at) this read.
    l->waiters.fetch_add(1);
    ts->waitAcq0.store(l->acqWhileWaited.load(), std::memory_order_relaxed);
    ts->waitNHolders = HoldersOf(l, ts->waitHolders, true);
  }
  MarkWaiting(ts, l, 0, read, pc, timed);
}

void EndWait(ThreadState *ts, LockRec *l) {
  uint64_t end = NowNs();
  ts->waitLock.store(nullptr, std::memory_order_release);
  uint64_t start = ts->waitStart.load(std::memory_order_relaxed);
  uint64_t waited = end > start ? end - start : 0;
  StatsOf(l)->wait.add(waited);
  if (!g_classify_waits) return;
  uint64_t acq1 = l->acqWhileWaited.load();
  l->waiters.fetch_sub(1);
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

void BeginObjectWait(ThreadState *ts, WaitKind kind, const void *obj, const void *mutex,
                     uintptr_t pc, bool timed, bool external) {
  ErrnoSave es;  // may start the watchdog thread; the unwinder may load libgcc_s
  // A timed wait is never reported: no stack.
  ts->waitStackN = timed ? 0 : CaptureStackInto(pc, ts->waitStack, kWaitStackMax);
  ts->waitTimed.store(timed, std::memory_order_relaxed);
  ts->waitStart.store(NowNs(), std::memory_order_relaxed);
  ts->waitPc.store(pc, std::memory_order_relaxed);
  ts->waitObjKind.store(uint8_t(kind), std::memory_order_relaxed);
  ts->waitObjMutex.store(uintptr_t(mutex), std::memory_order_relaxed);
  ts->waitObjExternal.store(external, std::memory_order_relaxed);
  ts->waitSeq.fetch_add(1, std::memory_order_relaxed);
  ts->waitObj.store(uintptr_t(obj), std::memory_order_release);
  StartWatchdog();
}

void EndObjectWait(ThreadState *ts) { ts->waitObj.store(0, std::memory_order_release); }

void AfterLock(ThreadState *ts, LockRec *l, bool read, uintptr_t pc, bool isTry, bool ok,
               bool timed) {
  if (!ok) {
    if (isTry) l->tryFail.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (l->waiters.load(std::memory_order_relaxed))
    l->acqWhileWaited.fetch_add(1, std::memory_order_relaxed);
  ThreadState::AcqEnt &a = ts->acq[AcqSlot(l)];
  LockRec *cur = a.lock.load(std::memory_order_relaxed);
  if (cur != l) {
    if (cur) cur->acq.fetch_add(a.n.exchange(0), std::memory_order_relaxed);
    a.lock.store(l, std::memory_order_relaxed);
  }
  a.n.store(a.n.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  if (!l->firstPc.load(std::memory_order_relaxed)) {
    uintptr_t z = 0;
    l->firstPc.compare_exchange_strong(z, pc);
  }
  for (size_t i = ts->held.size(); i-- > 0;)
    if (ts->held[i].lock == l && ts->held[i].read == read && !IsStale(ts->held[i])) {
      ts->held[i].count++;
      return;
    }
  Held h;
  h.lock = l;
  h.id = LockId(l);
  h.epoch = l->epoch.load(std::memory_order_relaxed);
  h.pc = pc;
  h.count = 1;
  h.read = read;
  h.tried = NoEdgeInto(isTry, timed);
  h.since = g_flags.hold_times ? NowNs() : 0;
  if (g_flags.held_stacks) {
    ErrnoSave es;  // the unwinder may load libgcc_s
    h.stack = CaptureStack(pc);
  }
  ts->held.push_back(h);
  if (read) {
    for (auto &r : l->readers) {
      uint32_t z = 0;
      if (r.compare_exchange_strong(z, ts->tid + 1)) break;
    }
  } else if (l->kind == kSpin) {
    l->owner.store(ts->tid + 1, std::memory_order_relaxed);
  }
}

LockRec *BeforeUnlock(ThreadState *ts, const void *addr, LockKind kind, uintptr_t pc,
                      bool forCondWait) {
  LockRec *l = LookupLock(ts, addr, kind);
  size_t n = ts->held.size();
  for (size_t i = n; i-- > 0;) {
    Held &h = ts->held[i];
    if (h.lock != l || IsStale(h)) continue;
    if (--h.count > 0) return l;
    if (h.read) {
      for (auto &r : l->readers) {
        uint32_t me = ts->tid + 1;
        if (r.compare_exchange_strong(me, 0)) break;
      }
    } else if (l->kind == kSpin) {
      l->owner.store(0, std::memory_order_relaxed);
    }
    if (h.since) StatsOf(l)->hold.add(NowNs() - h.since);
    if (h.stack.n) ReleaseStack(h.stack);
    if (i + 1 == n)
      ts->held.pop_back();  // locks are mostly released in reverse order
    else
      ts->held.erase_at(i);
    return l;
  }
  // An error-checking, robust or priority-inheritance mutex refuses a foreign unlock itself
  // (EPERM) and stays as it was: defined behaviour. (Its type is read only here: reading the
  // mutex before every unlock would fetch its cache line shared and then again exclusive.)
  int type = kind == kMutex || kind == kMtx ? MutexType(addr) : -1;
  bool ownerChecked = kind == kMutex && (MutexKindBits(addr) & (kMutexRobust | kMutexPrioInherit));
  if (kind == kMutex && !forCondWait && (type == PTHREAD_MUTEX_ERRORCHECK || ownerChecked))
    return l;
  // A normal mutex, plain mtx_t or spin lock is really released by this unlock, whoever
  // holds it: the holder's record is stale now. (Recursive mutexes refuse with EPERM; a
  // foreign rwlock unlock releases some reader's hold, which one is unknown: left alone.)
  if (kind == kSpin ||
      (!ownerChecked && (type == PTHREAD_MUTEX_NORMAL || type == PTHREAD_MUTEX_ADAPTIVE_NP))) {
    l->epoch.fetch_add(1, std::memory_order_relaxed);
    if (kind == kSpin) l->owner.store(0, std::memory_order_relaxed);
  }
  if (g_flags.detect_misuse) {
    ErrnoSave es;
    ReportUnlockNotHeld(ts->tid, l, pc, forCondWait);
  }
  return l;
}

void AfterCondWait(ThreadState *ts, LockRec *l, uintptr_t pc) {
  AfterLock(ts, l, false, pc, false, true, false);
}

// A blocking join is a wait too: a thread that joins a thread waiting for a lock the joiner
// holds is a deadlock the watchdog must see.
void BeforeJoin(ThreadState *ts, pthread_t th, uintptr_t pc, bool timed) {
  ErrnoSave es;
  uint32_t tid;
  {
    SpinGuard g(g_tree_mu);
    tid = g_tree->tidOf(uint64_t(th));
  }
  if (tid == ~0u) return;  // a thread the runtime did not see created
  ts->waitStackN = timed ? 0 : CaptureStackInto(pc, ts->waitStack, kWaitStackMax);
  MarkWaiting(ts, nullptr, tid, false, pc, timed);
}

void AfterJoin(ThreadState *ts) { ts->waitJoin.store(0, std::memory_order_release); }

//===-- Watchdog -----------------------------------------------------------===//

static std::atomic<bool> g_watchdog_started{false};
std::atomic<int> g_runtime_threads{0};
static int (*g_real_pthread_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                                    void *);
void SetRealPthreadCreate(int (*f)(pthread_t *, const pthread_attr_t *, void *(*)(void *),
                                   void *)) {
  g_real_pthread_create = f;
}
// For the reporter thread (rt_reporter.cpp), the other runtime-owned thread.
int (*RealPthreadCreate())(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *) {
  return g_real_pthread_create;
}

struct WaitSnap {
  ThreadState *ts;
  uint32_t tid;
  LockRec *lock;     // the lock waited for, or null for a join
  uint32_t joinTid;  // the thread being joined, when lock is null
  uint64_t seq, start, acq0, acqNow;
  uintptr_t pc;
  bool read, timed;
};

static void *WatchdogMain(void *);

static void StartWatchdog() {
  if (!g_flags.detect_deadlocks && !g_flags.detect_starvation) return;
  if (g_watchdog_started.load(std::memory_order_relaxed)) return;
  if (g_watchdog_started.exchange(true)) return;
  pthread_t th;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 1 << 20);
  g_runtime_threads.fetch_add(1);  // before it exists: never a thread the runtime does not know
  if (!g_real_pthread_create || g_real_pthread_create(&th, &attr, WatchdogMain, nullptr) != 0)
    g_runtime_threads.fetch_sub(1);
  pthread_attr_destroy(&attr);
}

// The holders of l as runtime thread ids. Mutexes (and mtx_t) keep their owner's kernel tid
// in __data.__owner, rwlocks their writer's in __data.__cur_writer; readers and spin-lock
// holders are recorded by the runtime. Called by the watchdog for locks someone waits for
// (so the lock is alive), and at the start of a contended wait.
static uint32_t HoldersOf(LockRec *l, uint32_t *out, bool includeReaders) {
  uint32_t n = 0;
  pid_t os = 0;
  if (l->kind == kMutex || l->kind == kMtx) {
    auto *m = reinterpret_cast<volatile pthread_mutex_t *>(l->addr);
    os = m->__data.__owner;
    // A robust or priority-inheritance mutex keeps its owner in the futex word, which the
    // kernel clears (FUTEX_OWNER_DIED) when the owner dies: __owner still names the dead
    // thread, whose kernel tid a new thread may have by now.
    if (MutexKindBits(reinterpret_cast<const void *>(l->addr)) & (kMutexRobust | kMutexPrioInherit))
      os = m->__data.__lock & 0x3fffffff;  // FUTEX_TID_MASK
  }
  else if (l->kind == kRwLock)
    os = reinterpret_cast<volatile pthread_rwlock_t *>(l->addr)->__data.__cur_writer;
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
  uint32_t o = l->owner.load(std::memory_order_relaxed);
  if (o) out[n++] = o - 1;
  if (includeReaders)
    for (auto &r : l->readers) {
      uint32_t v = r.load(std::memory_order_relaxed);
      if (v) out[n++] = v - 1;
    }
  return n;
}

//===-- Deadlocks: wait-for cycles and stuck processes (rt_waitfor.h) -------===//

// What the watchdog keeps between looks: a finding is reported when the same waits are seen
// on two consecutive looks (the confirmation period).
struct DeadlockWatch {
  uint64_t prevCycleKey = 0, prevStuckKey = 0;
};

// One live thread at one look: its WaitEntry plus what the report needs.
struct ThreadWait {
  LockRec *lock;
  uintptr_t pc, obj, mutex;
  pid_t osTid;
  bool read;
};

static bool LockIsProcessShared(LockRec *l) {
  if (l->kind == kMutex || l->kind == kMtx)  // PTHREAD_MUTEX_PSHARED_BIT in __kind
    return reinterpret_cast<volatile pthread_mutex_t *>(l->addr)->__data.__kind & 128;
  if (l->kind == kRwLock)
    return reinterpret_cast<volatile pthread_rwlock_t *>(l->addr)->__data.__shared != 0;
  return false;
}

// glibc layouts (2.34+, x86-64): a condition variable's __wrefs bit 0, a semaphore's third int
// (`private`: 0 for a process-private one) and a barrier's fourth word (`shared`) say whether
// the object may be shared with another process.
static bool ObjectIsProcessShared(WaitKind k, uintptr_t obj) {
  switch (k) {
  case WaitKind::kCond:
    return reinterpret_cast<volatile pthread_cond_t *>(obj)->__data.__wrefs & 1;
  case WaitKind::kSem: return reinterpret_cast<volatile int *>(obj)[2] != 0;
  case WaitKind::kBarrier: return reinterpret_cast<volatile unsigned *>(obj)[3] != 0;
  default: return false;
  }
}

// A handler the program installed may post a semaphore (sem_post is async-signal-safe; the
// classic "wait for SIGTERM" loop): then no sem_wait is counted as stuck. The runtime's own
// fatal-signal handler does not post anything.
static bool ProgramHandlesSignals() {
  for (int s = 1; s < NSIG; ++s) {
    struct sigaction old;
    if (sigaction(s, nullptr, &old) != 0) continue;
    uintptr_t h = (old.sa_flags & SA_SIGINFO) ? uintptr_t(old.sa_sigaction)
                                              : uintptr_t(old.sa_handler);
    if (h == uintptr_t(SIG_DFL) || h == uintptr_t(SIG_IGN) || IsRuntimeSignalHandler(h))
      continue;
    return true;
  }
  return false;
}

// The state letter of one kernel thread of this process ('S' sleeping, 'R' running or
// runnable, 'Z' a zombie, ...), or 0 if it is gone. Raw reads into a stack buffer: no malloc.
static char TaskState(const char *tid) {
  char path[64], buf[512];
  snprintf(path, sizeof(path), "/proc/self/task/%s/stat", tid);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buf, sizeof(buf) - 1);
  close(fd);
  if (n <= 0) return 0;
  buf[n] = 0;
  const char *p = strrchr(buf, ')');  // "tid (comm) S ...": comm may hold anything
  return p && p[1] == ' ' ? p[2] : 0;
}

// The kernel's threads of this process, zombies left out (a main thread that called
// pthread_exit stays listed until the process ends): fills `states` with (tid, state).
struct KernelTask {
  pid_t tid;
  char state;
};
static bool ReadKernelTasks(Vec<KernelTask> *tasks) {
  int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  alignas(8) char buf[4096];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
    if (n <= 0) {
      close(fd);
      return n == 0;
    }
    for (long off = 0; off < n;) {
      struct Dirent64 {
        uint64_t ino;
        int64_t off;
        unsigned short reclen;
        unsigned char type;
        char name[1];
      };
      const Dirent64 *d = reinterpret_cast<const Dirent64 *>(buf + off);
      off += d->reclen;
      if (d->name[0] < '0' || d->name[0] > '9') continue;
      char st = TaskState(d->name);
      if (!st || st == 'Z' || st == 'X') continue;
      tasks->push_back(KernelTask{pid_t(atoi(d->name)), st});
    }
  }
}

// A read wait on a writer-preferring rwlock (PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP,
// glibc's __flags 2) waits also for the writers queued on it, the threads whose wait is a
// write wait on the same lock: glibc makes a new read request wait behind them, even from a
// thread that already holds a read lock (that reader and the writer then wait for each other
// for ever). Adds them to entry i's holders.
static void AddQueuedWriters(Vec<WaitEntry> &ents, const Vec<ThreadWait> &tws, size_t i) {
  LockRec *l = tws[i].lock;
  if (!tws[i].read || l->kind != kRwLock ||
      reinterpret_cast<volatile pthread_rwlock_t *>(l->addr)->__data.__flags !=
          PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP)
    return;
  WaitEntry &e = ents[i];
  for (size_t k = 0; k < ents.size(); ++k)
    if (k != i && ents[k].kind == WaitKind::kLock && tws[k].lock == l && !tws[k].read &&
        e.nHolders < kMaxWaitHolders)
      e.holders[e.nHolders++] = ents[k].tid;
}

// The untimed waits of every live thread the runtime knows: a lock (with its holders), a join,
// or a condition, semaphore or barrier wait. Lock and join waits take precedence over an
// object wait: a thread cancelled inside a condition or semaphore wait keeps that stale mark
// until its cleanup handler runs (see rt_wait_interceptors.cpp).
static void SnapshotWaits(Vec<WaitEntry> *ents, Vec<ThreadWait> *tws) {
  {
    SpinGuard g(g_threads_mu);
    for (ThreadState *t : g_threads) {
      WaitEntry e;
      memset(&e, 0, sizeof(e));
      ThreadWait w;
      memset(&w, 0, sizeof(w));
      e.tid = t->tid;
      e.asleep = true;  // until the kernel is asked (only when it matters)
      w.osTid = t->osTid;
      w.lock = t->waitLock.load(std::memory_order_acquire);
      uint32_t j = t->waitJoin.load(std::memory_order_acquire);
      w.obj = t->waitObj.load(std::memory_order_acquire);
      if (w.lock) {
        e.kind = WaitKind::kLock;
      } else if (j) {
        e.kind = WaitKind::kJoin;
        e.joinTid = j - 1;
      } else if (w.obj) {
        e.kind = WaitKind(t->waitObjKind.load(std::memory_order_relaxed));
        w.mutex = t->waitObjMutex.load(std::memory_order_relaxed);
        e.external = t->waitObjExternal.load(std::memory_order_relaxed);
      }
      if (e.kind != WaitKind::kNone) {
        e.seq = t->waitSeq.load(std::memory_order_relaxed);
        e.timed = t->waitTimed.load(std::memory_order_relaxed);
        w.pc = t->waitPc.load(std::memory_order_relaxed);
        w.read = t->waitRead.load(std::memory_order_relaxed);
      }
      ents->push_back(e);
      tws->push_back(w);
    }
  }
  for (size_t i = 0; i < ents->size(); ++i)  // HoldersOf takes g_threads_mu itself
    if ((*ents)[i].kind == WaitKind::kLock) {
      WaitEntry &e = (*ents)[i];
      e.nHolders = HoldersOf((*tws)[i].lock, e.holders, !(*tws)[i].read);
      e.external = LockIsProcessShared((*tws)[i].lock);
      AddQueuedWriters(*ents, *tws, i);
    }
}

// Asks the kernel whether the threads marked waiting are really asleep, and whether it runs
// threads the runtime does not know (created before the shim was initialised, by raw clone, by
// another runtime): any of those might end the waits. False: do not report.
static bool KernelAgrees(Vec<WaitEntry> &ents, const Vec<ThreadWait> &tws) {
  Vec<KernelTask> tasks;
  if (!ReadKernelTasks(&tasks)) return false;
  size_t known = 0;
  for (size_t i = 0; i < ents.size(); ++i) {
    ents[i].asleep = false;
    for (const KernelTask &k : tasks)
      if (k.tid == tws[i].osTid) {
        ents[i].asleep = k.state == 'S';
        ++known;
        break;
      }
  }
  int own = g_runtime_threads.load(std::memory_order_relaxed);
  return tasks.size() <= known + size_t(own > 0 ? own : 0);
}

// One look. Returns true when the watchdog should stop (on_deadlock=hang).
static bool CheckDeadlocks(DeadlockWatch *st) {
  Vec<WaitEntry> ents;
  Vec<ThreadWait> tws;
  SnapshotWaits(&ents, &tws);
  Vec<size_t> order;  // the threads to report, in report order
  bool stuck = false;
  if (FindWaitCycle(ents.begin(), ents.size(), &order)) {
    st->prevStuckKey = 0;
    uint64_t key = WaitSetKey(ents.begin(), order.begin(), order.size());
    if (key != st->prevCycleKey) {  // confirm on the next look: the same waits still blocked
      st->prevCycleKey = key;
      return false;
    }
    st->prevCycleKey = 0;
  } else {
    st->prevCycleKey = 0;
    bool candidate = AllStuck(ents.begin(), ents.size());  // before any system call
    if (candidate) {
      bool sems = false;
      for (WaitEntry &e : ents) sems |= e.kind == WaitKind::kSem;
      bool handlers = sems && ProgramHandlesSignals();
      for (size_t i = 0; i < ents.size(); ++i)
        if (ents[i].kind >= WaitKind::kCond)
          ents[i].external |= ObjectIsProcessShared(ents[i].kind, tws[i].obj) ||
                              (ents[i].kind == WaitKind::kSem && handlers);
      candidate = KernelAgrees(ents, tws) && AllStuck(ents.begin(), ents.size());
    }
    if (!candidate) {
      st->prevStuckKey = 0;
      return false;
    }
    uint64_t key = SnapshotKey(ents.begin(), ents.size());
    if (key != st->prevStuckKey) {
      st->prevStuckKey = key;
      return false;
    }
    st->prevStuckKey = 0;
    stuck = true;
    for (size_t i = 0; i < ents.size(); ++i) {  // every thread, by thread id
      size_t k = order.size();
      order.push_back(i);
      for (; k > 0 && ents[order[k - 1]].tid > ents[i].tid; --k) order[k] = order[k - 1];
      order[k] = i;
    }
  }
  Vec<DeadlockThread> dts;
  for (size_t i : order) {
    const WaitEntry &e = ents[i];
    const ThreadWait &w = tws[i];
    DeadlockThread d;
    memset(&d, 0, sizeof(d));
    d.tid = e.tid;
    d.wait = e.kind;
    d.lock = w.lock;
    d.waitPc = w.pc;
    d.read = w.read;
    d.obj = w.obj;
    if (e.kind == WaitKind::kCond && w.mutex)  // taken before the wait: its record exists
      d.lock = GetLock(reinterpret_cast<const void *>(w.mutex), kMutex);
    d.holder = ~0u;
    if (e.kind == WaitKind::kJoin) d.holder = e.joinTid;
    if (e.kind == WaitKind::kLock) {
      if (e.nHolders) d.holder = e.holders[0];
      // The holder is blocked too, so its held stack is stable: find where it took the lock.
      SpinGuard g(g_threads_mu);
      ThreadState *ht = d.holder != ~0u ? FindThread(d.holder) : nullptr;
      if (ht)
        for (Held &h : ht->held)
          if (h.lock == w.lock) d.heldPc = h.pc;
    }
    if (e.kind != WaitKind::kLock) {  // joins and object waits keep their stack
      // The thread has been in this wait since the previous look: its stack is stable.
      SpinGuard g(g_threads_mu);
      ThreadState *t = FindThread(e.tid);
      if (t && t->waitSeq.load(std::memory_order_relaxed) == e.seq && t->waitStackN) {
        d.stack.n = t->waitStackN;
        d.stack.pcs = static_cast<uintptr_t *>(InternalAlloc(d.stack.n * sizeof(uintptr_t)));
        memcpy(d.stack.pcs, t->waitStack, d.stack.n * sizeof(uintptr_t));
      }
    }
    dts.push_back(d);
  }
  bool stop = ReportDeadlock(dts, stuck ? DeadlockShape::kAllBlocked : DeadlockShape::kCycle);
  for (DeadlockThread &d : dts) ReleaseStack(d.stack);
  return stop;
}

// Snapshots of every thread waiting now (under g_threads_mu); only lock waits with onlyLocks.
static void SnapWaits(Vec<WaitSnap> *snaps, bool onlyLocks) {
  for (ThreadState *t : g_threads) {
    LockRec *l = t->waitLock.load(std::memory_order_acquire);
    uint32_t j = t->waitJoin.load(std::memory_order_acquire);
    if (!l && (!j || onlyLocks)) continue;
    WaitSnap s;
    s.ts = t;
    s.tid = t->tid;
    s.lock = l;
    s.joinTid = j - 1;
    s.seq = t->waitSeq.load(std::memory_order_relaxed);
    s.start = t->waitStart.load(std::memory_order_relaxed);
    s.acq0 = t->waitAcq0.load(std::memory_order_relaxed);
    s.acqNow = l ? l->acqWhileWaited.load() : 0;
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
  if (t->waitSeq.load() != s.seq || t->waitLock.load() != s.lock) return false;
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
      WaitVerdict v = classify(w, now);
      if (v != WaitVerdict::kNone && ClaimWaitInProgress(s)) due.push_back(Due{s, v});
    }
  }
  for (Due &d : due) {
    uint32_t holders[kMaxWaitHolders];
    uint32_t nh = HoldersOf(d.s.lock, holders, true);
    ReportWait(d.v, d.s.tid, d.s.lock, d.s.pc, !d.s.read && d.s.lock->kind == kRwLock,
               (now > d.s.start ? now - d.s.start : 0) / 1000000, d.s.acqNow - d.s.acq0,
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
    nanosleep(&ts, nullptr);
  }
  t_in_rt--;
}

static void *WatchdogMain(void *) {
  MarkRuntimeThread();  // its reports are written here, not queued (see rt_reporter.h)
  t_in_rt = 1;  // forever: this thread's own activity is invisible
  Vec<WaitSnap> snaps;
  DeadlockWatch dl;
  int interval = g_flags.watchdog_interval_ms > 0 ? g_flags.watchdog_interval_ms : 100;
  for (;;) {
    timespec ts = {interval / 1000, long(interval % 1000) * 1000000L};
    nanosleep(&ts, nullptr);
    snaps.clear();
    {
      SpinGuard g(g_threads_mu);
      SnapWaits(&snaps, /*onlyLocks=*/false);
    }
    // Starvation, long holds, long waits of waits still going on (the others are decided by
    // the waiting thread when its wait ends).
    if (g_classify_waits)
      ReportWaitsNow(snaps, [](const WaitSnapshot &w, uint64_t now) {
        return ClassifyWaitInProgress(w, now, g_wait_th);
      });
    if (g_flags.detect_deadlocks && CheckDeadlocks(&dl)) return nullptr;  // on_deadlock=hang
  }
}

//===-- Exit, signals, fork --------------------------------------------------===//

void CollectLockStats(Vec<LockStatRow> *rows) {
  ForEachLock([&](LockRec *l) {
    uint64_t acq = l->acq.load(std::memory_order_relaxed);
    if (!acq && !l->tryFail.load(std::memory_order_relaxed)) return;
    LockStatRow r;
    memset(&r, 0, sizeof(r));
    r.lock = l;
    r.kind = l->kind;
    r.acq = acq;
    r.contended = l->contended.load(std::memory_order_relaxed);
    r.tryFail = l->tryFail.load(std::memory_order_relaxed);
    r.stats = l->stats.load(std::memory_order_acquire);
    rows->push_back(r);
  });
}

uintptr_t LockAddr(LockRec *l) { return l->addr; }
uintptr_t LockFirstPc(LockRec *l) { return l->firstPc.load(std::memory_order_relaxed); }
LockKind LockKindOf(LockRec *l) { return l->kind; }
uint64_t NumThreadsSeen() { return g_total_threads.load(); }
uint64_t NumLocksSeen() { return g_num_locks.load(); }
uint64_t NumEdges() { return g_num_edges.load(); }
uint64_t NumDuplicateCycles() { return g_duplicate_cycles.load(); }

void ForEachGraphEdge(void (*f)(void *ctx, uint64_t from, uint64_t to, bool inCycle),
                      void *ctx) {
  SpinGuard g(g_graph_mu);
  g_graph->forEachEdge([&](Edge *e) {
    bool inCycle = g_cycle_edges->find((e->from << 32) ^ e->to ^ 0x5bd1e995ULL) != nullptr;
    f(ctx, e->from, e->to, inCycle);
  });
}

LockRec *LockByIdUnlocked(uint64_t id) {
  return static_cast<LockRec *>(g_graph->nodeData(id));
}

static void AtForkPrepare() {
  t_in_rt++;
  ReportLockForFork();
  g_graph_mu.lock();
  g_threads_mu.lock();
  g_tree_mu.lock();
  StackDepotForkLock();
  InternalAllocForkLock();
}
static void AtForkParent() {
  InternalAllocForkUnlock();
  StackDepotForkUnlock();
  g_tree_mu.unlock();
  g_threads_mu.unlock();
  g_graph_mu.unlock();
  ReportUnlockForFork();
  t_in_rt--;
}
static void AtForkChild() {
  InternalAllocForkUnlock();
  StackDepotForkUnlock();
  g_tree_mu.unlock();
  g_threads_mu.unlock();
  g_graph_mu.unlock();
  ReportUnlockForFork();
  ReportResetInChild();
  // Only the forking thread exists in the child: forget the others and their waits.
  ThreadState *me = t_state;
  g_threads.clear();
  if (me) {
    me->regIndex = 0;
    g_threads.push_back(me);
    me->waitLock.store(nullptr);
    me->waitJoin.store(0);
    me->waitObj.store(0);
    me->osTid = pid_t(gettid());
    NoteOsTid(me);
  }
  g_watchdog_started.store(false);
  g_runtime_threads.store(0);  // the child runs none of the runtime's threads
  g_waits_in_progress_reported.store(false);
  g_wait_reports_in_flight.store(0);  // the parent's threads write their own reports
  t_in_rt--;
}

static void AtExitHandler() {
  t_in_rt++;
  if (g_flags.verbosity >= 2) {  // what the runtime keeps per thread (issue 9: stays flat)
    size_t kept;
    {
      SpinGuard g(g_tree_mu);
      kept = g_tree->size();
    }
    char buf[128];
    int k = snprintf(buf, sizeof(buf), "==parcheck== join-order tree: %zu thread record(s) kept\n",
                     kept);
    WriteLog(buf, size_t(k));
  }
  FinishReports(/*inSignal=*/false, /*mayExit=*/true);
  t_in_rt--;
}

static void Warn(const char *msg) {
  Str s;
  s.addf("==parcheck== WARNING: %s\n", msg);
  (void)!write(2, s.c_str(), s.size());
}

void InitRuntime() {
  if (g_inited) return;
  t_in_rt++;
  g_flags.setDefaults();
  g_flags.parse(getenv("PARCHECK_OPTIONS"), Warn);
  if (g_flags.help) {
    Flags::printHelp(2);
    _exit(0);
  }
  if (g_flags.stack_depth > 64) g_flags.stack_depth = 64;
  if (g_flags.stack_depth < 1) g_flags.stack_depth = 1;
  if (g_flags.detect_starvation) {
    auto ms = [](int v) { return v > 0 ? uint64_t(v) * 1000000 : 0; };
    g_wait_th.starvationNs = ms(g_flags.starvation_ms);
    g_wait_th.starvationMinAcq = uint64_t(g_flags.starvation_min_acquisitions);
    g_wait_th.longWaitNs = ms(g_flags.long_wait_ms);
    g_wait_th.longHoldNs = ms(g_flags.long_hold_ms);
    g_classify_waits = g_wait_th.starvationNs || g_wait_th.longWaitNs || g_wait_th.longHoldNs;
  }
  void *t = mmap(nullptr, kMaxOsTid * sizeof(uint32_t), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (t == MAP_FAILED) RtFatal("cannot map the thread id table");
  g_tid_by_os = static_cast<std::atomic<uint32_t> *>(t);
  void *b = mmap(nullptr, kLockBuckets * sizeof(void *), PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (b == MAP_FAILED) RtFatal("cannot map the lock table");
  madvise(b, kLockBuckets * sizeof(void *), MADV_HUGEPAGE);  // fewer TLB misses, if allowed
  g_lock_buckets = static_cast<std::atomic<LockRec *> *>(b);
  InitLockRegions();
  g_graph = new (InternalAlloc(sizeof(LockGraph))) LockGraph();
  g_tree = new (InternalAlloc(sizeof(ThreadTree))) ThreadTree();
  g_reported_cycles = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
  g_reported_sites = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
  g_cycle_edges = new (InternalAlloc(sizeof(U64Map<char>))) U64Map<char>();
  pthread_key_create(&g_thread_key, ThreadFinish);
  InitReports();
  pthread_atfork(AtForkPrepare, AtForkParent, AtForkChild);
  atexit(AtExitHandler);
  g_inited = true;
  NewThreadState(0, 0);  // the initial thread is T0
  t_in_rt--;
}

} // namespace parcheck
