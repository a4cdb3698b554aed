//===- Facts.h - per-translation-unit facts ---------------------*- C++ -*-===//
//
// The extract step turns one translation unit into Facts: plain data that names
// things by USR and file:line:col, never by AST pointers. Extraction judges
// nothing; the analysis (Analysis.h) runs over the merged facts of the whole
// program. Facts serialise to JSON (FactsIO.cpp), so they can be cached, written
// with --facts-dir and analysed later with --from-facts.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_FACTS_H
#define PARCHECK_FACTS_H

#include "facts/Ids.h"
#include "facts/ThinVec.h"

#include <algorithm>
#include <cstdint>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace parcheck {

struct SrcLoc {
  FileName File; ///< Interned: a copy is a pointer copy.
  unsigned Line = 0;
  unsigned Col : 20; ///< Up to MaxCol (TUContext::loc clamps).
  /// Inside a macro expansion, whose facts all share its location: the
  /// fact's order among those its function records there (1, 2, .., up to
  /// MaxOrd; 0 outside macros). Not part of the location's identity:
  /// writtenBefore alone reads it, to order a macro's once-call before its
  /// read ('try {' in pigz: pthread_once, then the key). Packed beside Col:
  /// a location stays 16 bytes.
  unsigned Ord : 12;
  static constexpr unsigned MaxCol = (1u << 20) - 1, MaxOrd = (1u << 12) - 1;

  SrcLoc() : Col(0), Ord(0) {}
  SrcLoc(FileName F, unsigned L, unsigned C, unsigned O = 0)
      : File(std::move(F)), Line(L), Col(std::min(C, MaxCol)), Ord(std::min(O, MaxOrd)) {}
  /// (Line, Col), for ordering.
  std::pair<unsigned, unsigned> pos() const { return {Line, unsigned(Col)}; }

  bool valid() const { return Line != 0; }
  std::string str() const;
  bool operator<(const SrcLoc &O) const {
    return std::make_tuple(File, Line, unsigned(Col)) <
           std::make_tuple(O.File, O.Line, unsigned(O.Col));
  }
  bool operator==(const SrcLoc &O) const {
    return File == O.File && Line == O.Line && Col == O.Col;
  }
};

/// A lock held at some program point. Id is the lock's identity (Ids.h): a
/// global's USR, a lock class (Field), an array (Array), a parameter (Param),
/// or a local.
struct HeldLock {
  parcheck::Id Id;
  IString Name; ///< Display name: 'mu', 'Account::mu', 'locks[]'.
  bool Shared = false;
  SrcLoc Where;     ///< Where it was acquired (first acquisition on the path).

  bool operator<(const HeldLock &O) const { return Id < O.Id; }
  bool operator==(const HeldLock &O) const { return Id == O.Id; }
};
using LockSet = ThinVec<HeldLock>; // Sorted by Id, unique.

/// What a pointer or reference argument (or thread argument) refers to.
struct ObjRef {
  enum Kind : uint8_t { None, Var, Param, Class };
  Kind K = None;
  /// Var: location id; Param: a Param id; Class: the record name (an id of
  /// kind Usr whose key is the name).
  parcheck::Id Id;
  IString Name; ///< Display name.
  bool PerInstance = false; ///< Distinct object for each spawned instance.
  /// Class: the named object passed ('&A', or bound to a reference), when
  /// there is one: a global's USR, or a local's Local id; and its name.
  parcheck::Id Obj;
  IString ObjName;
};

/// One read or write of a possibly shared location.
struct AccessFact {
  Id Loc;               ///< Location id (Ids.h; FunctionAnalyzer.h "Naming locations").
  IString Name;     ///< Display name: 'counter', 'Counter::value', 'g.x'.
  IString Field;    ///< For member accesses: "Class::field", else empty.
  bool ClassLevel = false; ///< Member access through this/pointer, not a global path.
  bool Write = false;
  bool Atomic = false;
  /// A plain write that hands nothing over to a poll of the location
  /// (ProgramAnalysis::computeSyncs, "Plain polls"): inside a loop of its
  /// function (repeated), or a count-up ('n++', 'n += k': a check-in, which
  /// an earlier check-in of the same thread may already have satisfied).
  bool NoHandOver = false;
  /// A plain write outside loops that counts the location down ('n--',
  /// 'n -= k'): it hands over only to a poll that waits for zero
  /// (SyncFact::ToZero; 'while (alive) ..' after the last check-out), not to
  /// one that waits for a count ('while (alive != k) ..').
  bool CountsDown = false;
  bool Indexed = false;  ///< a[i] with a non-constant index: may be per-thread slots.
  IString Record;    ///< A whole struct read or written: its type (covers its members).
  SrcLoc Where;
  LockSet Held;
  ThinVec<std::string> Live; ///< Thread handles live here (spawning functions).
  /// Through a local pointer to a fresh allocation not yet published: private
  /// to this function's thread, if the callee parameters it was handed to
  /// before (FreshVia, "param:<fn>#i") do not let it escape.
  bool Fresh = false;
  ThinVec<Id> FreshVia;
  /// Through a local pointer to an object this thread took out of a
  /// lock-protected container (removed it under the lock) and has not
  /// published again; FreshVia then holds its hand-offs to callees. Two such
  /// accesses are ordered by the hand-off (ProgramAnalysis::handedOff).
  bool HandedOff = false;
  /// The pointer parameter the access reaches its object through first
  /// (p->a.b, p[i], *p, the whole *p), when the function never reassigns it;
  /// -1 otherwise. The analysis makes the access private to a thread when
  /// every binding of that parameter on the thread's call paths is owned by
  /// the caller (ProgramAnalysis::ownedAccess).
  int ViaParam = -1;
  /// When ViaParam is -1: the parameter the access's object is derived from,
  /// through member loads, elements and locals that only ever hold such a
  /// value ('c->resp->x', 'resp = c->resp; resp->x', 'c = (conn *)arg;
  /// c->x'; FunctionAnalyzer::findDerivedLocals): an object that the
  /// parameter's object points to, not that object itself. -1 otherwise.
  /// Read only by loop-context confinement (LoopContext.cpp).
  int DerivedParam = -1;
  /// A class-level access to what a reference member refers to ('n++' for
  /// 'long &n;'): the referent, which copies of the object share.
  bool RefMember = false;
  /// With DerivedParam: the pointer member the object was loaded from, when
  /// straight from the parameter's object ('st->buf[i]', 'pd = st->buf;
  /// pd[i]'): "Class::member". Owned when every binding of the parameter is
  /// a caller's private local record whose member holds its own fresh
  /// allocation (CallFact::FreshMembers; ProgramAnalysis::ownedAccess).
  IString DerivedMember;
  /// Through a pointer member of a local record ('st.buf[i]', 'free(st.buf)')
  /// that every assignment of this function sets to a fresh allocation, one
  /// of them before this access: the local's id, and the member. Owned when
  /// the local is private to its activation.
  Id FreshMemberOf;
  IString FreshMember;
  /// Through a local pointer whose object this function registers with an
  /// event bound to the base its parameter RegBase names ('event_set(&c->ev,
  /// .., cb, c); event_base_set(base, &c->ev)'), written after every
  /// assignment of the local: an object of that base's loop
  /// (analysis/LoopConfinement.cpp, registration confinement). -1 otherwise.
  int RegBase = -1;
  /// In a spawn loop, the element of an array that this iteration's spawn
  /// (at SlotSpawn) hands its thread as the entry's parameter SlotArg, set
  /// up before that spawn ('X[i].e = e; pthread_create(.., &X[i])';
  /// extract/SpawnSlots.cpp). SlotArg is -1 otherwise.
  SrcLoc SlotSpawn;
  int SlotArg = -1;
  /// The object was allocated for that spawn after every earlier creation
  /// ('e->bg = calloc(..); e->bg->e = e; pthread_create(.., e->bg)'): no
  /// thread created before holds it.
  bool SlotFresh = false;
  /// The non-constant index (the first one from the accessed element out:
  /// 'slots[num].seed') is a thread's own number, as far as this function
  /// sees: ThreadNumTLS (-2) a thread_local variable, ThreadNumCapture (-3)
  /// a lambda's by-copy capture, k >= 0 the function's
  /// parameter k (or a member of what it points to), directly or through
  /// locals initialised from those and never reassigned; -1 otherwise.
  /// ProgramAnalysis::ownSlot decides per thread (analysis/ThreadSlots.cpp).
  int SlotIndex = -1;
  /// The access runs only where a thread's own number (as SlotIndex
  /// classifies values; -1: no such test) equals NumberValue ('if (id == 0)
  /// total = ..'): in one instance of a root whose instances have distinct
  /// numbers (ProgramAnalysis::ownNumber).
  int NumberGuard = -1;
  int64_t NumberValue = 0;
  /// Locks the function was entered holding (FunctionFacts::EntryHeld) that it
  /// has released on some path to here: the caller's lock does not cover this.
  ThinVec<Id> Dropped;
  /// The object is passed by address (or bound to a reference parameter) to
  /// this function (its USR), which the TU declares outside system headers
  /// but does not define: the access is the conservative stand-in for what
  /// the callee does with it. When the program defines the callee, its own
  /// accesses through that parameter are followed instead, and the analysis
  /// drops this one (dropCoveredAccesses, facts/Program.h).
  IString ByCallee;
  /// The producer's side of a hand-off (analysis/HandOff.cpp): calls that
  /// follow this access on every path to the function's return, after which
  /// the access is never reached again, and that hand the object it goes
  /// through (a parameter, a local or a part of one: 'post(&w->wq)') to the
  /// callee parameter Param. Locked: a lock is held at the call. The analysis
  /// decides whether one of them puts the object into a container.
  struct HandOffCall {
    Id Param;
    bool Locked = false;
  };
  ThinVec<HandOffCall> BeforeHandOff;
  /// The function itself stores the object into these links (pointer
  /// members or globals, FunctionFacts::TakeLinks naming) under a lock
  /// ('t->queue = io;') after the access, on every path, as above.
  ThinVec<Id> BeforeEnqueue;
  /// Barrier phases (FunctionFacts::Phases): the barrier events that may come
  /// last before the access on a path through its function, and first after
  /// it (PhaseToken). Empty when the function has no Phases.
  ThinVec<int> PhasePrev, PhaseNext;
  /// The access runs only in the one thread a barrier wait returned
  /// PTHREAD_BARRIER_SERIAL_THREAD to ('if (rc == PTHREAD_BARRIER_SERIAL_
  /// THREAD) { .. }' after 'rc = pthread_barrier_wait(&b)'): that wait's
  /// index in FunctionFacts::Phases::Waits; -1 otherwise.
  int PhaseSerial = -1;
  /// Tests of the function's pointer parameters that hold wherever the access
  /// runs (the branch it is in, an early return before it), for parameters
  /// the function never changes (extract/NullGuards.cpp): +(i+1) parameter i
  /// is not null, -(i+1) it is null. ProgramAnalysis::deadAccess.
  ThinVec<int> NullGuards;
  /// A class-level access: the origin node of the object it is made on
  /// (extract/Origins.h); "?" or empty when not known.
  IString Origin;
  /// When that object is a member embedded in another reached through a
  /// pointer ('c->head.first', '(&c->head)->first': Origin is the one node
  /// of every object's 'head'): the path of embedded members from the
  /// pointer's object ("cache_t::head") and the pointer's origin node
  /// ("p:<do_cache_alloc>#0"). Two accesses along one path whose pointers
  /// have disjoint origins are to two objects.
  IString Embed, Container;
};

/// An atomic operation that can order other accesses: a store or
/// read-modify-write with release (or stronger) order, or a load (or RMW)
/// with acquire (or stronger) order that a loop waits on.
struct SyncFact {
  Id Loc;  ///< The atomic location's id.
  bool Release = false; ///< Else an acquire.
  /// Acquire: the load is the condition of a loop ('while (!load(&ready));'),
  /// so what follows the loop has seen the value it waited for. Also a plain
  /// read polled by a loop that changes nothing its condition reads ('while
  /// (p->alive) sleep(1);'): its releases are the location's plain writes.
  bool Spin = false;
  /// A plain spin that leaves once the location reads zero ('while (n)',
  /// 'while (n > 0)', 'while (n != 0)'): count-downs release it too.
  bool ToZero = false;
  bool InLoop = false; ///< Release: repeated, so it orders nothing (see Analysis.cpp).
  SrcLoc Where;
};

/// An operation on a count: an integer, a global or a member ('n', 'b->live'),
/// that a function resets to zero ('n = 0;'), counts up by one ('n++', 'n +=
/// 1'), counts down by one ('--n', 'n -= 1'), or tests in the condition of a
/// loop ('while (n < k) pthread_cond_wait(&cv, &m);': Where to End is the
/// loop). Globals serve check-in counts (analysis/Concurrency.cpp, "parked
/// threads"); both serve counted completions (analysis/JobDispatch.cpp).
struct CountFact {
  enum Kind : uint8_t { Reset, Increment, Test, Decrement };
  Kind K = Reset;
  Id Counter; ///< The global's id, or the member's ("field:C::m").
  SrcLoc Where;
  SrcLoc End; ///< Test: where the loop ends.
  LockSet Held;
};

/// A function value (see "Function values" in analysis/FunctionValues.h):
/// a named function (Fn, its USR) or a slot that holds function values
/// (Slot: a parameter "param:<usr>#i", a member "field:Rec::f", a global's
/// USR, an escaping or pointer local "local:...").
struct FnValue {
  std::string Fn; ///< USR.
  Id Slot;
  bool operator<(const FnValue &O) const { return std::tie(Fn, Slot) < std::tie(O.Fn, O.Slot); }
  bool operator==(const FnValue &O) const { return Fn == O.Fn && Slot == O.Slot; }
};

/// Slot may hold Value: 'p->fn = cb;', 'job = {fn, arg}', ': fn_(fn)'.
/// Owner: for a store into a member in a function ('next->code = f'), the
/// origin node (extract/Origins.h) of the object whose member it is
/// ('p:<init usr>#0'); empty when not known.
struct FnStore {
  Id Slot;
  FnValue Value;
  std::string Owner;
  bool operator<(const FnStore &O) const {
    return std::tie(Slot, Value, Owner) < std::tie(O.Slot, O.Value, O.Owner);
  }
};

/// A function value passed as the Index-th argument of a call.
struct FnArg {
  unsigned Index = 0;
  FnValue Value;
};

struct CallFact {
  IString Callee; ///< USR.
  IString CalleeName;
  SrcLoc Where;
  LockSet Held;
  ThinVec<std::string> Live;
  ThinVec<ObjRef> Args; ///< Pointer/reference arguments, by parameter index.
  /// Arguments (indexes) that point to a fresh object not yet published here
  /// (as AccessFact::Fresh), and the callee parameters any of them was handed
  /// to before (the union of their FreshVia).
  ThinVec<unsigned> FreshArgs;
  ThinVec<Id> FreshVia;
  /// Arguments '&st' of a local record and the pointer members of st
  /// ("Class::member") that every assignment here sets to a fresh
  /// allocation, one of them before this call (AccessFact::FreshMember).
  ThinVec<std::pair<unsigned, std::string>> FreshMembers;
  /// Arguments (indexes) that point to (into) an object this thread took out
  /// of a lock-protected container and has not published again (as
  /// AccessFact::HandedOff), and the callee parameters any of them was handed
  /// to before (TakenVia). The callee's accesses through that parameter are
  /// the owner's (ProgramAnalysis::handedOff).
  ThinVec<unsigned> TakenArgs;
  ThinVec<Id> TakenVia;
  /// (argument J, caller parameter I): argument J points into the object
  /// caller parameter I points to ('&p->stat', '(T *)p + 1', through a
  /// local alias of p), so the callee's parameter J reaches that object.
  ThinVec<std::pair<unsigned, unsigned>> ParamParts;
  /// (argument J, caller parameter I, "Class::member"): argument J is a
  /// pointer read from that member of the object caller parameter I points
  /// to ('resp_free(c->thread, ..)'), as AccessFact::DerivedMember.
  ThinVec<std::tuple<unsigned, unsigned, std::string>> MemberArgs;
  /// (argument I, base slot): the event bases (facts/EventSlots.h naming)
  /// passed to the callee's event-base parameters ('conn_new(.., main_base)').
  ThinVec<std::pair<unsigned, Id>> BaseArgs;
  /// (argument I, origin node): the node a pointer argument's value is read
  /// from (extract/Origins.h; 'poll(w->buf)': "f:watcher::buf"), when known;
  /// what this call passes, for a deeper call-site split (originsAtCall).
  ThinVec<std::pair<unsigned, std::string>> ArgOrigins;
  /// A call written through a function value (IndirectCalls; ArgsSeen):
  /// (argument I, the node its pointer value comes from, "?" unknown and
  /// "*" fresh included). The parameters of each function the call is
  /// resolved to are bound to them (analysis/Origins.cpp). Without ArgsSeen
  /// (direct calls, and what an event loop or a library calls) there is none.
  ThinVec<std::pair<unsigned, std::string>> ArgValues;
  bool ArgsSeen = false;
  /// Made by resolveFunctionValues: a call of a function value (not facts),
  /// and the slot it was written through (none for a library's call).
  bool Resolved = false;
  Id ResolvedSlot;
  bool InLoop = false;
  /// On every path from the function's entry to its exit (paths that end in
  /// a noreturn call aside): 'if (!p) return; f(p);' is not, a call after a
  /// 'goto cleanup' label every path jumps to is. Only for calls of program
  /// functions (library calls are never completion signals).
  bool Always = false;
  /// In a loop: where the outermost loop around the call (in its function)
  /// begins. A point of the function written before it cannot follow the
  /// call; invalid when not known (then any point may follow a call in a loop).
  SrcLoc LoopStart;
  /// Locks held here on some paths but not all (may-set minus Held), for the
  /// lock-order check: 'if (k) lock(a); f();' may take f's locks holding 'a'.
  LockSet MayHeld;
  /// Entry locks released on some path to here (as AccessFact::Dropped).
  ThinVec<Id> Dropped;
  /// In a loop that rechecks a condition after the call, as a condition wait
  /// must be (LockOpFact::InLoop): a wait wrapper's caller loops on the predicate.
  bool Rechecked = false;
  /// Function values passed as arguments: they flow to the callee's
  /// parameters, or, when the callee is not in the program (a library), the
  /// callee may call them here.
  ThinVec<FnArg> FnArgs;
  /// An indirect call (FunctionFacts::IndirectCalls only): the slot called
  /// through; Callee is empty until the analysis resolves it.
  Id Through;
  /// The callee runs through pthread_once/call_once here: once in the whole
  /// run, and the call returns only after that run completed.
  bool Once = false;
  /// Every path from the call leaves the function at the early return
  /// written here (extract/ExitPaths.cpp): the call precedes no point written
  /// after it, nor the normal exit. Invalid when not known to.
  SrcLoc ReturnAt;
  /// Scalar (or pointer) arguments that hold a thread's own number, as
  /// AccessFact::SlotIndex classifies values, by parameter index; trailing
  /// -1 entries are dropped.
  ThinVec<int> NumArgs;
  /// The tests on the caller's parameters that hold at the call, as
  /// AccessFact::NullGuards.
  ThinVec<int> NullGuards;
  /// What each pointer argument is, by parameter index (extract/NullGuards.cpp):
  /// NullArgNonNull (the address of something, a function, a string), NullArgNull
  /// (a null constant), k >= 0 the caller's parameter k passed on unchanged
  /// (not known to be null or not here), NullArgUnknown anything else;
  /// trailing NullArgUnknown entries are dropped.
  ThinVec<int> NullArgs;
  /// An indirect call through a member ('m->mod->eval(..)', Through
  /// "field:Class::eval") made where a lock is held exactly when another
  /// member of the same object tests V ('if (!m->mod->needs_lock)
  /// unlock(&l); m->mod->eval(..); if (m->mod->needs_lock) unlock(&l);',
  /// extract/CondFlow.cpp): (the lock, "Class::needs_lock", V). The analysis
  /// holds the lock at the call of each function every descriptor storing it
  /// there pairs with that value (DescriptorFact).
  ThinVec<std::tuple<HeldLock, std::string, bool>> HeldIf;
  /// An indirect call through a member ('w->block.code(..)'): the origin node
  /// of the object whose member is called ("e:worker::block"); the analysis
  /// calls only the functions stored into that member of objects that may be
  /// it (FnStore::Owner). Empty when not known.
  IString ThroughOwner;
  /// (argument I, object node): what a pointer argument points to, named as
  /// ThroughOwner is (extract fnObjectNode: '&w->block' is
  /// "e:worker::block"), when known.
  ThinVec<std::pair<unsigned, std::string>> ArgObjects;
};

/// An aggregate initialiser of a record with function members
/// ('struct module_reg expire_mod = {.eval = expire_eval, .needs_lock =
/// true};'): which function each function member gets, and the integer
/// constant each scalar member gets. Fixed when it initialises a global (or
/// an element of a global array), whose members then change only through
/// writes the facts record; a local's may change unseen.
struct DescriptorFact {
  std::vector<std::pair<std::string, std::string>> Fns;  ///< ("Class::member", function USR)
  std::vector<std::pair<std::string, int64_t>> Consts;   ///< ("Class::member", value)
  bool Fixed = false;
  bool operator<(const DescriptorFact &O) const {
    return std::tie(Fns, Consts, Fixed) < std::tie(O.Fns, O.Consts, O.Fixed);
  }
  bool operator==(const DescriptorFact &O) const {
    return Fns == O.Fns && Consts == O.Consts && Fixed == O.Fixed;
  }
};

/// CallFact::NullArgs values other than a caller's parameter.
constexpr int NullArgUnknown = -1;
constexpr int NullArgNonNull = -2;
constexpr int NullArgNull = -3;

/// AccessFact::SlotIndex / CallFact::NumArgs: the value is read from a
/// thread_local variable.
constexpr int ThreadNumTLS = -2;
/// ... or from a variable a lambda captured by copy: the thread's own number
/// when that lambda is the thread's entry.
constexpr int ThreadNumCapture = -3;

/// A thread creation: pthread_create, std::thread/jthread, std::async, thrd_create.
struct SpawnFact {
  std::string Api;       ///< "pthread_create", "std::thread", ...
  std::string Entry;     ///< USR of the entry function (lambda's operator()).
  std::string EntryName; ///< 'worker', 'lambda at a.cpp:12:17', 'Counter::run'.
  SrcLoc Where;
  std::string Handle;    ///< Thread handle variable (collection for arrays/vectors).
  /// The handle's key when it outlives the function: a global's USR or a
  /// member's "field:Class::tid" (JoinFact::Handle); "" for a local handle.
  Id SharedHandle;
  bool InLoop = false;
  bool JoinedInSameLoop = false; ///< Spawned and joined in one loop iteration.
  std::vector<std::string> LiveAtSpawn;
  std::vector<ObjRef> Args;      ///< Bound to the entry's parameters, by index.
  std::vector<ObjRef> Escapes;   ///< Objects the thread reaches (this, by-ref captures).
  /// A function object's reference members and what its construction here
  /// binds each to ('std::thread t(Inc{total})': "Inc::n" -> total): the
  /// entry's accesses through them are to those objects (AccessFact::
  /// RefMember), not to the thread's own copy of the function object.
  std::vector<std::pair<std::string, ObjRef>> RefBinds;
  /// The entry is a function value in this slot (a parameter, a member):
  /// Entry is empty until the analysis resolves it, one spawn per target.
  Id EntrySlot;
};

/// A join of a handle that outlives its function (a global, a struct member
/// 's->tid'), named by a key every function agrees on (SpawnFact::SharedHandle),
/// so a join in a helper ('svc_stop(s)') ends a thread another helper created.
struct JoinFact {
  Id Handle;
  SrcLoc Where;
  SrcLoc ReturnAt; ///< As CallFact::ReturnAt.
};

/// A lock operation, for the lock-order and lock-misuse checks.
struct LockOpFact {
  enum Op : uint8_t { Acquire, TryAcquire, Release, Wait };
  Op Kind = Acquire;
  HeldLock Lock;
  LockSet HeldBefore;
  SrcLoc Where;
  bool Multi = false;   ///< One of several taken at once (std::lock, scoped_lock).
  // Added for the lock-order and lock-misuse checks.
  bool MayHeld = false;   ///< Lock held before the op on at least one path (may-set).
  bool Recursive = false; ///< A recursive mutex (std::recursive_mutex, PTHREAD_MUTEX_RECURSIVE).
  bool InLoop = false;    ///< Wait: directly inside a loop (no if between wait and loop).
  bool Pred = false;      ///< Wait: the predicate overload, cv.wait(lk, pred).
  IString Cond;       ///< Wait: the condition variable as written ('cv', 'q->nonempty').
  IString Instance;   ///< The lock expression as written: 'a->mu', 'locks[i]'; "" if none.
  ThinVec<std::string> Live; ///< Thread handles live here (spawning functions).
  /// Locks held before the op on some paths but not all (may-set minus
  /// HeldBefore): 'if (k) lock(a); lock(b);' may take b holding a.
  LockSet MayHeldBefore;
  /// The lock is chosen by comparing objects ('first = a->id < b->id ? a : b',
  /// std::min): the classic fix for argument-order inversions.
  bool Ordered = false;
  /// Acquire: the lock is one the function was entered holding and released
  /// on the way here ('unlock(&mu); io(); lock(&mu);' in a callee): a retake of
  /// the caller's lock, not a second acquisition.
  bool Retake = false;
};

/// Where a function returns, with the locks it holds there on every path through
/// that return (must-set). Blocks ending in a noreturn call or a throw are left out.
struct ExitFact {
  SrcLoc Where; ///< The return statement, or the function's closing brace.
  LockSet Held;
};

/// A scalar value as the state-machine analysis follows it
/// (extract/StateArms.cpp, analysis/StateArms.cpp): an integer constant (an
/// enumerator), the function's parameter Index, the value of a member Name
/// ("Rec::f", any object), a pointer to an event base (Name: its slot id, as
/// facts/EventSlots.h names bases), or anything else (Unknown).
struct ValueSrc {
  enum Kind : uint8_t { Unknown, Const, Param, Field, Base };
  Kind K = Unknown;
  long long C = 0;
  int Index = -1; ///< Param: the parameter's index.
  std::string Name;
};

/// The statements from Begin to End lie in the arms of a
/// 'switch (p->Field)' on the function's parameter Param (never reassigned)
/// whose labels are Values: they run only while that object's member holds
/// one of them (fall-through arms carry every label that reaches them).
struct StateArm {
  SrcLoc Begin, End;
  int Param = -1;
  std::string Field;
  std::vector<long long> Values;
};

/// A test that holds where a state write or a value call runs: an enclosing
/// 'if' whose branch holds it compares 'p->Field' (Field not empty) or the
/// enum parameter p itself (Field empty) with the constant C: equal (Eq) or
/// not. p is the function's parameter Param, never reassigned.
struct ValueGuard {
  int Param = -1;
  std::string Field;
  long long C = 0;
  bool Eq = true;
};

/// 'x->Field = Value' at Where (an integer or enum member); Obj: the
/// parameter x names (never reassigned), or -1; Guards: the tests that hold
/// there.
struct StateWrite {
  std::string Field;
  ValueSrc Value;
  SrcLoc Where;
  int Obj = -1;
  std::vector<ValueGuard> Guards;
};

/// A direct call with its scalar and event-base arguments, by parameter
/// index; recorded when one of them is not Unknown. Objs: by argument index,
/// the caller's parameter (never reassigned) the argument names, or -1;
/// Guards: the tests that hold at the call.
struct ValueCall {
  std::string Callee;
  SrcLoc Where;
  std::vector<ValueSrc> Args;
  std::vector<int> Objs;
  std::vector<ValueGuard> Guards;
};

struct FunctionFacts {
  std::string Usr;
  std::string Name;
  SrcLoc Where;
  bool IsMain = false;
  ThinVec<std::string> ParamNames;
  ThinVec<std::string> LiveAtExit; ///< Thread handles still running at return.
  ThinVec<AccessFact> Accesses;
  ThinVec<CallFact> Calls;
  ThinVec<SpawnFact> Spawns;
  ThinVec<LockOpFact> LockOps;
  ThinVec<ExitFact> Exits;
  ThinVec<JoinFact> Joins; ///< Joins of shared handles (not of locals).
  ThinVec<SyncFact> Syncs; ///< Release stores and spin-acquire loads.
  ThinVec<CountFact> Counts; ///< Check-in count resets, increments, tests.
  /// Pointer parameters whose value the function lets escape (stores it,
  /// returns it, hands it to a thread or an indirect call); forwarding it to
  /// a direct call is followed by the analysis instead.
  ThinVec<unsigned> EscapingParams;
  /// Pointer parameters the function stores (itself, or the address of a
  /// part of its object) into a pointer member or a global, and that link
  /// ('h->prev = q', 't->queue = io'); EnqueuedParams: while holding a lock.
  ThinVec<std::pair<unsigned, Id>> LinkedParams;
  ThinVec<std::pair<unsigned, Id>> EnqueuedParams;
  /// The links this function takes objects out of (a dequeue's head, an
  /// array pool's array: extract/HandOff.cpp), named as "field:Rec::m" or a
  /// global's USR: what counts as a container for the producer's side.
  ThinVec<Id> TakeLinks;
  /// Escaping locals ("local:" ids) whose address is only ever passed
  /// directly to calls: private unless a callee lets it escape.
  ThinVec<Id> ArgOnlyLocals;
  /// Fresh allocations held by a local pointer (Heap ids, the pointer
  /// initialised with the allocation) that the function never publishes nor
  /// points elsewhere: every use of the pointer reaches the object or hands
  /// it to direct calls of user code, whose parameters are the second
  /// (FreshVia). Each activation's own unless one of those lets it escape.
  ThinVec<std::pair<Id, ThinVec<Id>>> KeptHeaps;
  /// Heap ids of the local pointers this function declares that hold only
  /// its own allocations: initialised with one, assigned nothing else (steps
  /// 'p += k' aside), never address-taken nor captured by reference. Every
  /// access named by such an id here, or in a callee its pointer is handed
  /// to, reaches an object of this activation, published or not.
  ThinVec<Id> ActivationHeaps;
  /// Calls through function values (CallFact::Through), resolved by the analysis.
  ThinVec<CallFact> IndirectCalls;
  /// Annotated as returning with a lock held (ACQUIRE, TRY_ACQUIRE,
  /// EXCLUSIVE_LOCK_FUNCTION, ...): it leaks nothing by design.
  bool AnnotatedAcquire = false;
  /// Every non-null return is a fresh object (an allocation, a constructor:
  /// extract/HandOff.cpp, recordOwnedReturns). Callers in other TUs hold a
  /// result of it as fresh through a "return:<usr>" hand-off (FreshVia).
  bool ReturnsFresh = false;
  /// The pointer members and embedded member objects ("f:"/"e:" origin
  /// nodes) this function uses directly on a global (or static) object
  /// ('eng.stats.pages'): a value its thread reads from one may be that
  /// shared object's (analysis/Origins.cpp, sharedCells). Sorted.
  ThinVec<std::string> GlobalCells;
  /// Locks the function is entered holding: its Clang thread-safety
  /// requirements (requires_capability / exclusive_locks_required,
  /// release_capability with arguments) and the locks it releases before
  /// taking them itself (a caller's lock dropped and retaken). Still holding
  /// one at a return is its caller's business, never a leak.
  LockSet EntryHeld;
  /// What a local lock pointer ('pthread_mutex_t *m') may point to: pairs
  /// (the local's lock id, a target lock). Only for a local whose every
  /// assignment is a known lock ('m = &mu2;'); a target id "*" means the
  /// local is never assigned (any lock).
  ThinVec<std::pair<Id, HeldLock>> LockTargets;
  /// State-machine facts (extract/StateArms.cpp): switch arms on a
  /// parameter's member, member writes of scalar values, and calls with
  /// scalar or base arguments.
  ThinVec<StateArm> StateArms;
  ThinVec<StateWrite> StateWrites;
  ThinVec<ValueCall> ValueCalls;
  /// Copies of pointer values between origin nodes made here: (to, from),
  /// sorted (extract/Origins.h, analysis/Origins.cpp).
  ThinVec<std::pair<std::string, std::string>> OriginFlows;
  /// Points that a call lies on every path to from a call naming a function
  /// value (CallFact::FnArgs: 'pool_add(pool, job, d)'): Naming and Cut index
  /// Calls; Accesses and Calls list the points reached from the naming call
  /// only through the cut call ('for (..) { init(&ctx); pool_add(..);
  /// wait_all(&b); }': init is reached from pool_add only through wait_all).
  /// Only cut calls of program functions, and only non-empty lists
  /// (extract/Cuts.cpp); the analysis uses those of completion waits.
  /// Naming Entry: from the function's entry, through a call whose body in
  /// the TU waits ('destroy(b) { wait_all(b); free(b->dict); }').
  struct NamingCut {
    static constexpr unsigned Entry = ~0u;
    unsigned Naming = 0, Cut = 0;
    ThinVec<unsigned> Accesses, Calls;
  };
  ThinVec<NamingCut> NamingCuts;
  /// Barrier phases (extract/Phases.cpp, analysis/Phases.cpp), for a function
  /// that waits on a barrier ('pthread_barrier_wait', 'std::barrier::
  /// arrive_and_wait') or calls one of its TU that may: its barrier waits and
  /// its calls of program functions, and for each call, the events that may
  /// come last before it and first after it. A token (AccessFact::PhasePrev/
  /// Next, the lists here) is -1 for the entry (before) or the exit (after),
  /// i in [0, Waits) for wait i, and Waits + j for call j (an Event).
  struct PhaseCall {
    SrcLoc Where; ///< The calls of the function at Where (several once resolved).
    ThinVec<int> Prev, Next;
    bool Event = false; ///< It may wait: a token (else only its place is kept).
  };
  struct PhaseFacts {
    ThinVec<Id> Waits; ///< Each wait's barrier (named as a lock is).
    ThinVec<PhaseCall> Calls;
    ThinVec<int> EntryNext, ExitPrev;
    bool empty() const { return Waits.empty() && Calls.empty(); }
  };
  PhaseFacts Phases;
};

/// A record type that escapes to threads through a global or a thread root.
struct ClassFacts {
  std::string Name;                ///< Qualified record name.
  std::vector<std::string> Fields; ///< Record types reachable through its fields.
  /// Every data member: its name and, for members held by value, its record type.
  std::vector<std::pair<std::string, std::string>> Members;
};

/// A lock order declared with Clang's thread-safety attributes
/// (ACQUIRED_BEFORE / ACQUIRED_AFTER): Before is taken before After.
struct LockOrderDecl {
  Id Before, After;                  ///< Lock ids.
  std::string BeforeName, AfterName; ///< Display names.
  SrcLoc Where;                      ///< The attribute.
  bool operator<(const LockOrderDecl &O) const {
    return std::tie(Before, After, Where) < std::tie(O.Before, O.After, O.Where);
  }
};

/// What calling a function does to its caller's locks (extract/Walk.cpp,
/// recordEffect): the locks it returns holding that it took itself (a lock
/// wrapper) and those it releases for its caller (an unlock wrapper). A lock id
/// "param:<Fn>#i" stands for what the caller passes as the i-th argument.
///
/// A conditional lock function (a try-lock wrapper; a function that returns 0
/// holding the lock and -1 having released it) takes TryOnZero when it
/// returns 0 and TryOnNonZero when it returns anything else, as Clang's
/// TRY_ACQUIRE(0) / TRY_ACQUIRE(true) say.
///
/// Returns: the lock a function returns a pointer to at every non-null
/// return, holding it (memcached's 'item_trylock(hv)' returns the bucket lock
/// it took, and its callers release it through that pointer). A caller's
/// local given only such results (or null) names that lock.
///
/// ByValue: the effect of a call that passes a constant to an integer
/// parameter the function selects on ('switch (type)', 'if (type == K)'),
/// for a lock wrapper: memcached's
/// 'pause_threads(PAUSE_ALL_THREADS)' takes the maintenance threads' locks
/// and 'pause_threads(RESUME_ALL_THREADS)' releases them.
struct ValueEffect;
struct LockEffect {
  LockSet Acquires, Releases;
  LockSet TryOnZero, TryOnNonZero;
  LockSet Returns;
  std::vector<ValueEffect> ByValue;
  bool empty() const {
    return Acquires.empty() && Releases.empty() && TryOnZero.empty() && TryOnNonZero.empty() &&
           Returns.empty() && ByValue.empty();
  }
  bool operator==(const LockEffect &O) const;
};

struct ValueEffect {
  unsigned Param = 0;
  int64_t Value = 0;
  LockEffect Effect;
  /// The function's facts for that value (only the paths it takes), under
  /// this USR: a call passing the value calls it (FunctionFacts::Usr).
  std::string Clone;
  bool operator==(const ValueEffect &O) const {
    return Param == O.Param && Value == O.Value && Effect == O.Effect && Clone == O.Clone;
  }
};

inline bool LockEffect::operator==(const LockEffect &O) const {
  return Acquires == O.Acquires && Releases == O.Releases && TryOnZero == O.TryOnZero &&
         TryOnNonZero == O.TryOnNonZero && Returns == O.Returns && ByValue == O.ByValue;
}

/// A function's LockEffect, by USR.
struct LockEffectFact : LockEffect {
  std::string Fn; ///< USR.
  bool operator==(const LockEffectFact &O) const {
    return Fn == O.Fn && LockEffect::operator==(O);
  }
};

struct TUFacts {
  std::vector<LockOrderDecl> DeclaredOrders;
  std::string MainFile;
  std::vector<FunctionFacts> Functions;
  std::vector<ClassFacts> Classes;
  std::vector<std::string> SharedClasses; ///< Classes with a global instance used.
  /// Where global pointers may point: (a Pointee id, target location id).
  std::vector<std::pair<Id, Id>> Aliases;
  /// Where function values are stored (flow-insensitive, whole TU).
  std::vector<FnStore> FnStores;
  /// Aggregate initialisers of records with function members (sorted).
  std::vector<DescriptorFact> Descriptors;
  /// Records a value of which is copied from another object here (an
  /// assignment, an initialisation, a by-value argument or return, a
  /// memcpy), by class: their function members move between objects, so a
  /// call through one is not narrowed by the object it reads
  /// (FnStore::Owner). Sorted.
  std::vector<std::string> CopiedRecords;
  /// Object counts, for origins that name one object
  /// (extract/ObjectCounts.cpp, ProgramAnalysis::perObjectNode): where each
  /// record type's objects are made, (record, "global:<var usr>" or
  /// "once:"/"loop:" "<line>:<col>:<function usr>" for an allocation, a 'new'
  /// or a local out of / in a loop, "member:<Class::member>" for a member
  /// object); the record types whose objects are also made in ways that make
  /// many (an array element, a by-value parameter, a temporary, a template
  /// argument); and
  /// the origin nodes known to hold one object however many objects own
  /// them (a pointer member set, in a loop that starts threads, to the one
  /// object every iteration names: 'a[i].st = &st'). Sorted.
  std::vector<std::pair<std::string, std::string>> ObjectSites;
  std::vector<std::string> ManyObjects;
  std::vector<std::string> OneObjectNodes;
  /// The origin nodes of pointer members and embedded member objects used
  /// directly on a global (or static) object ('eng.stats.pages',
  /// 'g_conf[i].buf', '&eng.stats') outside any function (a global's
  /// initialiser): a value any thread reads from them may be that one
  /// shared object's. A function's own uses are its FunctionFacts::
  /// GlobalCells. Sorted.
  std::vector<std::string> GlobalCells;
  /// Lock effects of the functions defined here, by USR (sorted). The driver
  /// hands them to the TUs that call these functions (driver/LockImports.h).
  std::vector<LockEffectFact> LockEffects;
  /// Copies of pointer values between origin nodes in globals'
  /// initialisers: (to, from), sorted (FunctionFacts::OriginFlows).
  std::vector<std::pair<std::string, std::string>> OriginFlows;
};

} // namespace parcheck

#endif
