//===- Analysis.h - whole-program analysis over merged facts ----*- C++ -*-===//
//
// Pure functions of the merged Program: thread roots, which functions each
// root reaches and with which locks held on entry (intersected over every call
// path), where pointer parameters point, which classes threads share. Checks
// (RaceCheck.cpp, ...) read this and report through a FindingSink.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_ANALYSIS_H
#define PARCHECK_ANALYSIS_H

#include "report/Finding.h"
#include "analysis/Acquisitions.h"
#include "facts/Program.h"
#include "facts/UsrMap.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace llvm {
class ThreadPoolInterface;
}

namespace parcheck {

/// A thread root: main, or the entry of threads created somewhere.
struct Root {
  std::string Entry; ///< Function USR.
  std::string Name;  ///< 'main', 'worker', 'lambda at a.cpp:3:7'.
  bool IsMain = false;
  bool Many = false; ///< Several instances can run at once.
  /// Every instance is joined before the function that creates it returns,
  /// so it runs only inside that function's calls.
  bool Scoped = false;
  /// Many only because the creating function runs more than once.
  bool ManyByRepeatedCreator = false;
  struct Site {
    const SpawnFact *Spawn;
    std::string Spawner; ///< USR of the function that creates it.
  };
  std::vector<Site> Sites;
};

/// How a root reaches a function.
struct Reach {
  LockSet EntryLocks;            ///< Held on entry along every path from the root.
  std::set<std::string> Live;    ///< Handles live at some call site on the way.
  std::string Caller;            ///< First caller found (for call chains).
  SrcLoc CallSite;
  /// What each pointer parameter is bound to on this root's call paths
  /// (variable or lock ids), so a lock parameter resolves per root.
  std::map<unsigned, std::set<Id>> Args;
  /// The same per call path: each context binds parameters together
  /// (munge(&m1, &x) and munge(&m2, &y) are two contexts, not four
  /// combinations). At most MaxContexts; beyond that only Args is exact.
  std::set<std::map<unsigned, Id>> Contexts;
  static constexpr size_t MaxContexts = 16;
};

/// Per root: how it reaches each function, by USR.
using ReachMap = UsrMap<Reach>;

/// May call C run before a point at Where of its function? (Self: the point
/// is C itself.) Source order, loops and early returns (Concurrency.cpp).
bool callMayPrecede(const CallFact &C, const SrcLoc &Where, bool Self);

/// Is A written strictly before B in the same file (Concurrency.cpp)?
bool writtenBefore(const SrcLoc &A, const SrcLoc &B);

/// Does the lock set Held hold the lock L (Concurrency.cpp)?
bool holdsLock(const LockSet &Held, const Id &L);

/// Is W a condition wait within count test T's span: the loop whose condition
/// reads the count, or the wait call whose predicate does (Concurrency.cpp)?
bool waitsInTest(const CountFact &T, const LockOpFact &W);

/// The base of the event loop that makes call C of F, a callback it runs;
/// empty when C is no such call (LoopConfinement.cpp).
Id loopBaseOf(const FunctionFacts &F, const CallFact &C);

/// Call-site split (Analysis.cpp, "call-site split"): a direct call of a
/// function that a root makes, by caller.
struct CallInto {
  const FunctionFacts *Caller = nullptr;
  const CallFact *Call = nullptr;
  const Reach *CallerReach = nullptr; ///< The caller's reach in the split's root.
  LockSet Held;                       ///< What the callee is entered holding (heldAtCall).
  /// On a deeper split: the call that enters Caller on these paths (Held
  /// then counts from that call's locks, not Caller's entry summary); null
  /// when the paths go through any call of Caller.
  std::shared_ptr<const CallInto> Outer;
};

struct CallsByCallee; // ThreadSlots.cpp
class LazyCallEdges;  // ParamWorklist.h

class ProgramAnalysis {
public:
  explicit ProgramAnalysis(const Program &P);
  /// The same analysis, with its independent parts run as tasks on Pool
  /// (null: on this thread): the acquisition summary beside everything else,
  /// and each root's reach. Each task writes only its own member or slot, so
  /// the result is the same for any number of threads. Returns when done.
  ProgramAnalysis(const Program &P, llvm::ThreadPoolInterface *Pool);

  /// The pool the analysis ran its tasks on (null: none), for a check's own
  /// tasks: each must only call const members, which may run at once.
  llvm::ThreadPoolInterface *pool() const { return Pool; }

  const Program &P;
  /// The locks each function takes, itself or through calls (Acquisitions.h).
  AcquisitionMap Acquired;
  std::vector<Root> Roots;
  std::vector<ReachMap> Reached; ///< Per root.
  /// What a Param location may point to (resolved through calls).
  std::map<Id, std::vector<ObjRef>> ParamTargets;
  std::map<Id, std::string> ObjNames; ///< Display names of bound objects.
  std::set<std::string> SharedClasses;      ///< Reached by several threads.
  std::set<std::string> PerInstanceClasses; ///< Each thread instance has its own.

  /// The facts of the function with this USR, or null: a hash lookup
  /// (FnIndex), not a walk down P.Functions' ordered tree of long USRs.
  const FunctionFacts *function(llvm::StringRef Usr) const;
  const FunctionFacts *function(const std::string &Usr) const {
    return function(llvm::StringRef(Usr));
  }
  const FunctionFacts *function(const char *Usr) const { return function(llvm::StringRef(Usr)); }
  /// The same by an interned USR (a call's Callee): a look-up by the
  /// string's identity (FnByIdentity), with no hash or compare of the text.
  const FunctionFacts *function(const IString &Usr) const;

  /// Dense function numbers: each function with facts has one, its place in
  /// P.Functions (so in USR order: ascending numbers walk the functions as
  /// the USR-keyed maps do). Walks over the call graph keep their visited
  /// sets and work lists as numbers, not as copies of USRs in string sets.
  static constexpr unsigned NoFn = ~0u;
  unsigned numFunctions() const { return unsigned(Fns.size()); }
  /// The number of the function with this USR, or NoFn when it has no facts.
  unsigned fnNumber(llvm::StringRef Usr) const;
  unsigned fnNumber(const std::string &Usr) const { return fnNumber(llvm::StringRef(Usr)); }
  unsigned fnNumber(const IString &Usr) const;
  const FunctionFacts &fnAt(unsigned N) const { return *Fns[N]; }
  const std::string &fnUsr(unsigned N) const { return *FnUsrs[N]; } ///< Its P.Functions key.
  /// paramId(fnUsr(N), I) for each of the function's parameters: made for
  /// every function on the first call (thread-safe), not at construction,
  /// since most programs' roots never ask (ThreadSlots.cpp).
  llvm::ArrayRef<Id> paramIdsOf(unsigned N) const;
  /// One id for locations that may be the same memory: a global pointer's
  /// target and what it was made to point to (unification, as Steensgaard).
  Id canonical(const Id &Loc) const;
  /// Can an access of root A (with handles LiveA live) run at the same time
  /// as one of root B (LiveB)? A == B asks about two instances of one root.
  bool concurrent(size_t A, const std::set<std::string> &LiveA, size_t B,
                  const std::set<std::string> &LiveB, unsigned Depth = 0) const;
  /// A lock's identity with parameters resolved where every call site agrees.
  HeldLock resolveLock(const HeldLock &H) const;
  /// Held without the locks a function, entered holding them, released on
  /// the way (AccessFact::Dropped), bound as Here binds Fn's parameters.
  void dropLocks(LockSet &Held, llvm::ArrayRef<Id> Dropped, const std::string &Fn,
                 const Reach &Here) const;
  /// The same, preferring what root R's own calls bind Fn's parameters to.
  HeldLock resolveLockIn(size_t R, const std::string &Fn, const HeldLock &H) const;
  /// The call chain from root R's entry to function Fn, outermost first
  /// (Outside: one that passes no callback call of R's event loop).
  std::vector<std::string> callChain(size_t R, const std::string &Fn, bool Outside = false) const;
  /// A call chain from root A's entry to the point Where of Fn (Live, Held
  /// as for mayRunAt) on which root B may be running there: the path that
  /// shows the race, not merely the first one found (a call before B's
  /// creation orders the access). callChain's when B runs from the start,
  /// or when no such path is found (the Outside paths are not searched).
  std::vector<std::string> witnessChain(size_t A, const std::string &Fn, const SrcLoc &Where,
                                        llvm::ArrayRef<std::string> Live,
                                        const LockSet *Held, size_t B) const;
  /// Can an instance of root B be running at a point of function Fn in root
  /// A (an access or call at Where, with Fn's own handles Live live there)?
  /// False when no creation of B can have happened before that point without
  /// being joined: B is created by A's code (through any depth of calls) after
  /// the point, or by threads that are themselves created only after it (see
  /// "happens-before from creation in helpers" in Analysis.cpp).
  /// Outside: only on A's paths to Fn that pass no callback call of A's
  /// event loop (outsideLoopToo()).
  /// Held: the locks held at the point (for parked threads; null: none known).
  /// Site: only on the paths entering Fn through that call (a site-split
  /// access, RaceCheck's Instance::Site).
  using CallSite = CallInto;
  bool mayRunAt(size_t A, const std::string &Fn, const SrcLoc &Where,
                llvm::ArrayRef<std::string> Live, size_t B, bool Outside = false,
                const LockSet *Held = nullptr, const CallSite *Site = nullptr) const;

  static constexpr size_t MaxSiteSplit = 8;
  /// The calls through which root R enters Fn, in a fixed order, when they
  /// number 2 to MaxSiteSplit and are its only ways in (not R's entry, and
  /// their entry locks meet in Fn's): else none. A call whose caller is
  /// itself entered through such calls is taken once per call into the
  /// caller (CallSite::Outer), up to MaxSplitDepth calls deep, while the
  /// sites number at most MaxSiteSplit.
  static constexpr unsigned MaxSplitDepth = 3;
  /// The calls of root R into Fn (splitSites' first step): sorted, each
  /// with the locks held at it when there are two or more; Entry is Fn's
  /// reach in R. None when R enters Fn in no way that splits (not reached,
  /// its entry, a static initialiser, no calls, more than MaxSiteSplit).
  struct DirectSites {
    const Reach *Entry = nullptr;
    std::vector<CallSite> Sites;
  };
  DirectSites directSites(size_t R, const std::string &Fn) const;
  /// Direct sites by function, for one root (splitSites' memo).
  using SplitMemo = llvm::StringMap<DirectSites>;
  std::vector<CallSite> splitSites(size_t R, const std::string &Fn, SplitMemo &Memo,
                                   unsigned Depth = 1) const;
  /// Does P hold for every call through which root R enters Fn (Held left
  /// empty), with at least one such call? Not for R's entry.
  bool everyCallInto(size_t R, const std::string &Fn,
                     llvm::function_ref<bool(const CallSite &)> P) const;
  /// Does root R follow call C of its function Fn (reach): the callee is
  /// defined, and the call is neither dead in R nor a once-call R's thread
  /// was started inside the run of?
  bool followsCall(size_t R, const std::string &Fn, const CallFact &C) const;
  /// The locks a callee is entered holding from call C of Fn, whose reach
  /// in root R is Here: Fn's entry locks, less what Fn dropped before C,
  /// plus C's own, with Fn's lock parameters bound as R binds them. Entry:
  /// what Fn is entered holding on the paths of interest, in place of its
  /// entry locks (a deeper call-site split's outer call).
  LockSet heldAtCall(const std::string &Fn, const Reach &Here, const CallFact &C,
                     const LockSet *Entry = nullptr) const;

  /// Does root R never run the code of Fn at Where, an arm of a state
  /// machine its loop's objects never enter (StateArms.cpp)?
  bool stateArmExcluded(size_t R, const std::string &Fn, const SrcLoc &Where) const;
  /// Does root R never make call C, or access A: it runs only when a pointer
  /// parameter of its function is null (or not null), and no call on R's
  /// paths passes such a value (NullGuards.cpp)?
  bool deadCall(size_t R, const CallFact &C) const;
  bool deadAccess(size_t R, const AccessFact &A) const;

  /// Ownership and escape (see "ownership and escape" in Analysis.cpp).
  /// Does the object parameter I of Fn points to escape a call of Fn?
  bool paramEscapes(const std::string &Fn, unsigned I) const;
  /// A local whose address only goes to calls that do not let it escape:
  /// each activation's own, so never shared between threads.
  bool privateLocal(const Id &Loc) const;
  /// An access through a fresh object before it is published.
  bool freshPrivate(const AccessFact &A) const;
  /// The function whose activation owns location Loc: a local's, or that of
  /// a local pointer holding only its own allocations (ActivationHeaps);
  /// empty for anything else, or for an id some alias joins.
  std::string activationOwner(const Id &Loc) const;
  /// Is Loc (or the local it is part of) handed to a thread: an argument of
  /// a thread creation, or of a call whose parameter a thread creation
  /// (in the callee or deeper) hands over?
  bool handedToThread(const Id &Loc) const;
  /// An access of root R's function Fn through a parameter (A.ViaParam) that
  /// every call on R's paths binds to an object its caller owns (see
  /// "ownership through parameters" in Ownership.cpp): private to R's thread.
  bool ownedAccess(size_t R, const std::string &Fn, const AccessFact &A) const;
  /// Through one call (the call-site split): does it bind Fn's parameter I
  /// to an object its caller owns (fresh and not yet handed on, a private
  /// local, or a parameter owned in root R, or owned through the call into
  /// the caller, CallSite::Outer)?
  bool ownedAt(size_t R, const std::string &Fn, unsigned I, const CallInto &Site) const;
  /// Happens-before through the hand-off of an owned object (see "hand-off
  /// through containers" in HandOff.cpp): X and Y are both made by a thread
  /// that took the object out of a lock-protected container and has not
  /// published it again.
  /// X is root RX's access in function FX, Y root RY's in FY; an access
  /// through a parameter every call on its root's paths binds to a taken
  /// object (takenAccess) counts as the owner's too.
  /// SX, SY: the call sites X and Y are checked through (call-site split),
  /// or none.
  bool handedOff(size_t RX, const std::string &FX, const AccessFact &X, size_t RY,
                 const std::string &FY, const AccessFact &Y, const CallSite *SX = nullptr,
                 const CallSite *SY = nullptr) const;
  /// A's object is one root R's thread took out of a container and has not
  /// published again (HandOff.cpp); through Site only, when given: its
  /// parameter is bound there to a taken object, or to a caller's
  /// parameter that is taken or owned in R (or taken through the call into
  /// the caller, CallSite::Outer).
  bool takenAccess(size_t R, const std::string &Fn, const AccessFact &A,
                   const CallSite *Site = nullptr) const;
  /// The same for Fn's parameter I.
  bool takenParamAt(size_t R, const std::string &Fn, unsigned I, const CallSite *Site) const;
  /// Loop confinement (LoopConfinement.cpp): the event-loop base whose
  /// objects root R's class-level access A of Fn reaches (through a parameter
  /// every call on R's paths binds to an object a loop on that base handed to
  /// a callback); empty when not known. Accesses of two different bases are to
  /// different objects.
  /// Split: set when the base holds only on R's paths to Fn inside its
  /// loop's callbacks, and R also reaches Fn outside its loop (LoopContext.cpp):
  /// the access is then checked twice, with the base, and outside the loop
  /// with none.
  Id loopDomain(size_t R, const std::string &Fn, const AccessFact &A,
                bool *Split = nullptr) const;
  /// Happens-before through a per-thread slot (ThreadSlots.cpp): S sets up
  /// the array element a spawn loop hands one of root TR's threads
  /// (AccessFact::SlotSpawn), and TR's access T of TFn reaches its object
  /// through that thread's argument. The caller still checks that every
  /// creation of TR is in S's function and none ran before S but the loop's.
  bool slotSetUpBefore(const AccessFact &S, size_t TR, const std::string &TFn,
                       const AccessFact &T) const;
  /// Root R's access A of Fn indexes an array by R's own thread number
  /// (AccessFact::SlotIndex; ThreadSlots.cpp): two such accesses of two
  /// different roots are to two different slots.
  bool ownSlot(size_t R, const std::string &Fn, const AccessFact &A) const;
  /// A value of Fn classified as AccessFact::SlotIndex classifies them
  /// (ThreadNumTLS, ThreadNumCapture, a parameter) is root R's own thread
  /// number: two instances of R hold two different numbers there.
  bool ownNumber(size_t R, const std::string &Fn, int Value) const;
  /// Loop-context confinement (LoopContext.cpp): the base B when Fn runs in
  /// root R only inside callbacks of R's loop on B and A is a class-level
  /// access to a class whose objects carry no synchronisation of their own;
  /// empty otherwise.
  Id loopContextDomain(size_t R, const std::string &Fn, const AccessFact &A,
                       bool *Split = nullptr) const;
  /// Is Domain, a loop base of root R, a member of the object each instance
  /// of R is handed as its own ('me->base' with 'me' = '&threads[i]')? Then
  /// two instances of R run loops on two bases (LoopContext.cpp).
  bool instanceDomain(size_t R, const Id &Domain) const;
  /// The instance's own loop (LoopContext.cpp, "an instance's own
  /// context"): the base of root R's loop held in a member of class Cls,
  /// when every creation of R hands its entry's parameter Param an object
  /// of class Cls of its own ('&threads[i]', whose member 'base' is the
  /// loop's); empty otherwise.
  Id instanceArgDomain(size_t R, unsigned Param, const std::string &Cls) const;
  /// The domain of a class-level access of Fn through the call Site (the
  /// call-site split): the loop its caller runs only inside, or the
  /// instance's own loop when the root's entry passes its own argument.
  Id siteDomain(size_t R, const std::string &Fn, const AccessFact &A, const CallInto &Site) const;
  /// The class of access A of Fn when a loop can own its object: class
  /// level, through a parameter (or an object derived from one) no call binds
  /// to a named variable, of a class with no synchronisation of its own or
  /// of R's own instance class (ownInstanceClass); empty otherwise.
  std::string confinableClass(size_t R, const std::string &Fn, const AccessFact &A) const;
  /// A class each instance of R is handed an object of as its own and runs
  /// its loop on (InstanceArgClasses, instanceDomain).
  bool ownInstanceClass(size_t R, const std::string &Cls) const;
  /// An access of R's loop code Fn to an object of class Cls reached through
  /// pointer member Member of the object its parameter Param points to, a
  /// member R never sets and only other roots set to their own contexts:
  /// it does not run in R (LoopContext.cpp, "Members a loop never sets").
  bool unsetMember(size_t R, const std::string &Fn, int Param, const std::string &Member,
                   const std::string &Cls) const;
  /// Happens-before through a job hand-off (JobDispatch.cpp): root B
  /// reaches FY only through function values that FX names after X, or
  /// names before X with a wait between for a count each of those jobs
  /// counts down after Y; and B's threads live only inside FX's calls in A.
  bool dispatchedAfter(size_t A, const FunctionFacts &FX, const AccessFact &X, size_t B,
                       const FunctionFacts &FY, const AccessFact &Y) const;
  /// Happens-before through atomics (and plain polls): X (in FX, run by root
  /// RX) is followed by a release of a location that Y (in FY, run by RY)
  /// spins on before it: each in the function itself, its callees, or on
  /// every call path of the root into it (the caller's code after the call,
  /// or before it).
  bool orderedByAtomic(size_t RX, const FunctionFacts &FX, const AccessFact &X, size_t RY,
                       const FunctionFacts &FY, const AccessFact &Y) const;
  /// A point of a function where a location is released or spun on (the
  /// operation, or the call that leads to it).
  using SyncPoint = std::pair<const FunctionFacts *, SrcLoc>;
  /// What a release hands over on and an acquire waits on: a location, and
  /// whether only its count-downs (AccessFact::CountsDown), which only a
  /// spin for zero (SyncFact::ToZero) waits on.
  using Channel = std::pair<Id, bool>;
  using SyncPoints = std::map<Channel, std::vector<SyncPoint>>;
  /// The locations released after Where in F (Release), or spun on before it
  /// (!Release), on every path of root R through F, each with its points
  /// (Concurrency.cpp).
  SyncPoints syncsAround(size_t R, const FunctionFacts &F, const SrcLoc &Where, bool Release,
                         unsigned Depth = 0) const;
  /// Happens-before through barrier phases (Phases.cpp): X and Y lie in
  /// different phases of the barriers both their threads wait on.
  bool orderedByPhases(size_t RX, const FunctionFacts &FX, const AccessFact &X, size_t RY,
                       const FunctionFacts &FY, const AccessFact &Y) const;
  /// Happens-before through pthread_once/call_once: X runs in the one run of
  /// a once-callback, and Y runs in that same run or after a call that ran
  /// (or waited for) it ("happens-before through once" in Analysis.cpp).
  bool orderedByOnce(const FunctionFacts &FX, const AccessFact &X, const FunctionFacts &FY,
                     const AccessFact &Y) const;
  /// The variable an argument binds a pointer or reference parameter to: a
  /// variable (ObjRef::Var), or a named record passed by address or
  /// reference ('push(v)', 'std::ref(m)': ObjRef::Class's Obj), which is
  /// that variable to what the callee does with the whole object (a library
  /// method called on it, '*p = s'; its members stay class-level): a global,
  /// or a local some thread creation hands over (each call's own local is
  /// otherwise that call's, whatever its callees do with it). Null otherwise.
  const Id *boundVariable(const ObjRef &O) const;
  /// Object origins (Origins.cpp): the classes of memory nodes root R's
  /// class-level access may reach its object from, given the access's
  /// origin node (AccessFact::Origin, or its Container), sorted; empty when
  /// not known (it may be any object). Accesses whose sets are disjoint are
  /// to two different objects.
  using OriginSet = std::vector<unsigned>;
  OriginSet originsOf(size_t R, const std::string &Origin) const;
  /// For an origin node of function Fn that is one of Fn's own parameters
  /// ('p:<Fn>#i'), whose set in root R is known: the classes
  /// function Caller passes to that parameter (the call-site split); empty
  /// when not known or not such an access.
  OriginSet originsFromCaller(size_t R, const std::string &Fn, const std::string &Origin,
                              const std::string &Caller) const;
  /// The same through one call: what its argument is when that says (a
  /// global passed by address, a parameter of the caller: on a deeper split,
  /// what the call into the caller passes to it), else what the caller
  /// passes at any of its calls.
  OriginSet originsAtCall(size_t R, const std::string &Fn, const std::string &Origin,
                          const CallInto &Site) const;
  static bool disjoint(llvm::ArrayRef<unsigned> A, llvm::ArrayRef<unsigned> B);
  /// Is the object of root R's class-level access with origin node Origin
  /// reached through another object's memory (perObjectNode), directly or
  /// through the locals, parameters and returns (with the bindings of calls
  /// through function values) the root's functions copy it along? Such an
  /// object is most likely one of many of its class (a connection's
  /// response, a job's buffer, a coder's options), where a global pointer, a
  /// thread's start argument or a named object is one object (Origins.cpp).
  bool perObjectOrigin(size_t R, const std::string &Origin) const;
  /// A pointer member ("f:") or an embedded member object ("e:") of a class
  /// whose objects are not static (StaticObjectClasses), not known to hold
  /// one object whoever owns it (Program::OneObjectNodes); a local object
  /// ("a:") of a function that runs more than once (perObjectMemory); for
  /// root R, not a member R's code uses on a global object (RootSharedCells).
  bool perObjectNode(size_t R, llvm::StringRef Node) const;
  bool perObjectMemory(llvm::StringRef Node) const;
  /// Are Class's objects a fixed set of named objects (StaticObjectClasses)?
  bool staticObjects(const std::string &Class) const { return StaticObjectClasses.count(Class); }
  /// Does function Fn (a USR) of the program run more than once per program
  /// run: its locals are one object per run (OnceFunctions)?
  bool runsPerCall(const std::string &Fn) const {
    return function(Fn) && !OnceFunctions.count(Fn);
  }
  /// May root R's class-level access with origin node Origin reach an object
  /// a global holds: a global pointer's ("g:") or a global object ("o:"),
  /// directly or through the locals, parameters and returns it is copied along?
  bool sharedOrigin(size_t R, const std::string &Origin) const;
  /// The node parameter origin Origin ('p:<Fn>#i' of the function Site
  /// calls) is at that call: the node the call's argument is read from,
  /// followed through the call into the caller on a deeper split when it is
  /// the caller's own parameter; Origin itself when not such a node, empty
  /// when not known.
  static std::string nodeAtCall(const std::string &Origin, const CallInto *Site);

private:
  /// USR -> P.Functions entry, built first in the constructor and only read
  /// after (tasks call function() concurrently).
  /// USR -> the function's number (fnNumber), and its facts by number.
  llvm::StringMap<unsigned> FnIndex;
  llvm::DenseMap<const void *, unsigned> FnByIdentity; ///< IString::identity()
  std::vector<const FunctionFacts *> Fns;
  std::vector<const std::string *> FnUsrs;
  mutable std::once_flag ParamIdsOnce;
  mutable std::vector<std::vector<Id>> ParamIds; ///< paramIdsOf
  /// Does any function make a call through an event loop's slot (a loop
  /// running callbacks, loopBaseOf)? Without one no root has loop contexts
  /// or loop domains, and their per-root call maps are not built.
  bool HasLoopSlotCalls = false;
  std::set<Id> EscapingParams; ///< "param:<fn>#i" ids, closed over calls.
  std::set<Id> PrivateLocals;
  void computeEscapes();
  /// ActivationHeaps' owners; the activation objects handed to threads
  /// (their base: the local, or the heap id). See computeActivations.
  std::map<Id, std::string> HeapOwner;
  std::set<Id> ThreadHanded;
  void computeActivations();
  void computeOrigins();
  /// Locals a thread creation hands over, by address or reference.
  std::set<Id> SpawnedLocals;
  llvm::StringMap<unsigned> OriginNodes; ///< Origin node -> index.
  std::vector<bool> OriginIsVar;         ///< A local's or a parameter's node.
  /// A memory node's objects: its own and those stored into it ({0}: "?").
  std::vector<OriginSet> OriginMem;
  /// Per root: the sets of the variable nodes given any.
  std::vector<llvm::DenseMap<unsigned, OriginSet>> RootOrigins;
  /// Per root: the variable and return nodes perObjectOrigin holds of.
  std::vector<llvm::DenseSet<unsigned>> RootPerObject;
  /// Per root: the variable and return nodes sharedOrigin holds of.
  std::vector<llvm::DenseSet<unsigned>> RootShared;
  /// Classes whose objects are static: a fixed set of named objects (global
  /// variables, objects main makes once, members of such objects), none
  /// made per owner or in a loop (extract/ObjectCounts.cpp).
  std::set<std::string> StaticObjectClasses;
  /// Per root: the pointer members its code uses on an object that may be
  /// a global one (Origins.cpp, sharedCells): a value it reads from one is
  /// not per-object.
  std::vector<std::set<std::string>> RootSharedCells;
  /// Functions that run once per program run: main, or called at one call
  /// out of any loop of such a function.
  llvm::StringSet<> OnceFunctions;
  /// Pointer members whose every store is of one global's object.
  std::set<std::string> OneSourceNodes;
  void countObjects();
  /// Parameter node -> function -> the nodes that function's flows give it
  /// (originsFromCaller, for the call-site split).
  llvm::DenseMap<unsigned, std::map<std::string, std::vector<unsigned>>> ParamSources;
  /// Per root: the "param:<fn>#i" ids owned on entry (Ownership.cpp).
  std::vector<std::set<Id>> OwnedParams;
  /// Per root: the "param:<fn>#i" ids every call on the root's paths binds to
  /// a taken object, or to a part of one (HandOff.cpp).
  std::vector<std::set<Id>> TakenParams;
  std::set<Id> takenParams(size_t R, LazyCallEdges &Edges) const;
  /// The producer's side of a hand-off (HandOff.cpp): "param:<fn>#i" ids of
  /// parameters a function stores into a container link (LinkedParams), and
  /// of those it puts into a container under a lock (EnqueuingParams), closed
  /// over calls; ContainerLinks: every link some function takes from.
  std::set<Id> ContainerLinks, LinkingParams, EnqueuingParams;
  void computeEnqueues();
  /// A is made before its object is put into a container, on every path
  /// (AccessFact::BeforeHandOff, BeforeEnqueue).
  bool beforeEnqueue(const AccessFact &A) const;
  /// Per root: each root's sets on a task of Pool (null: in turn).
  void computeOwnership(llvm::ThreadPoolInterface *Pool);
  /// Per root: "param:<fn>#i" -> the base of the loop whose objects it points to.
  std::vector<std::map<Id, Id>> LoopDomains;
  void computeLoopConfinement();
  std::map<Id, Id> loopDomains(size_t R, const std::set<std::string> &SharedArg) const;
  /// Per root: "param:<fn>#i" of an event-base parameter -> the base every
  /// call on the root's paths passes there (registration confinement).
  std::vector<std::map<Id, Id>> RegDomains;
  std::map<Id, Id> regDomains(size_t R) const;
  /// Per root: function USR -> the base of the loop whose callbacks are the
  /// only way root R reaches it (LoopContext.cpp).
  std::vector<std::map<std::string, Id>> LoopContexts;
  /// Per root: function USR -> the base of the loop whose callbacks lead to
  /// it on every path that passes one, for the functions root R also reaches
  /// outside its loop (main's conn_close from its loop's callback and from
  /// its shutdown's table walk). Read by loopContextDomain (Split) only.
  std::vector<std::map<std::string, Id>> MixedContexts;
  /// Per root: the members its code writes ("Class::m"; unsetMember).
  std::vector<std::set<std::string>> WrittenMembers;
  /// Per root with a MixedContexts entry: the functions it reaches on a path
  /// that passes no callback call of its loop.
  std::vector<std::set<std::string>> OutsideFns;
  /// Per root: function USR -> the arms of its state machines the root never
  /// runs (StateArms.cpp). Filled once, then the roots are reached again.
  std::vector<std::map<std::string, std::vector<const StateArm *>>> ExcludedArms;
  /// Per root: the calls and accesses it never runs (deadCall, deadAccess).
  std::vector<std::set<const CallFact *>> DeadCalls;
  std::vector<std::set<const AccessFact *>> DeadAccesses;
  /// Fills root R's DeadCalls and DeadAccesses, reaching it again without
  /// the dead calls until no more are found (NullGuards.cpp).
  void pruneNullArms(size_t R);
  /// Fills ExcludedArms; false when no arm is excluded.
  bool computeStateArms();
  /// The functions root R reaches without the calls in ExcludedArms[R].
  std::set<std::string> reachableWithoutArms(size_t R) const;
  /// Classes whose objects carry synchronisation: a member lock is taken or
  /// a member is accessed atomically somewhere (LoopContext.cpp).
  std::set<std::string> SyncedClasses;
  /// Parameters that may point to an object two loops share: bound to a
  /// named variable, or a shared-object callback's (LoopContext.cpp).
  std::set<Id> NamedParams;
  /// SharedArg: callbacks registered with a shared object (null: any may be).
  void computeLoopContexts(const std::set<Id> &Named, const std::set<std::string> *SharedArg);
  /// Per root: classes of the objects each instance is handed as its own.
  std::vector<std::set<std::string>> InstanceArgClasses;
  std::set<std::string> instanceArgClasses(size_t R) const;
  std::set<Id> ownedParams(size_t R, LazyCallEdges &Edges) const;
  /// Does call C of Caller bind argument I to an object the caller owns in
  /// root R (bindsOwned, with R's owned parameters)?
  bool ownedArg(size_t R, const std::string &Caller, const CallFact &C, unsigned I) const;
  /// Does call C of Caller bind the callee's parameter I to an object the
  /// caller owns, its own parameters being owned when OwnedParam says?
  template <typename OwnedFn>
  bool bindsOwned(const std::string &Caller, const CallFact &C, unsigned I,
                  OwnedFn OwnedParam) const;
  /// Pointer members whose every write is to a local record's member
  /// ('st.buf = ..'), never through a pointer nor on a global: what a private
  /// local's member holds is only what its function put there.
  std::set<std::string> OwningMembers;
  /// Per root: (parameter, member) pairs where every call on the root's paths
  /// binds the parameter to a private local record whose member holds its
  /// own fresh allocation (CallFact::FreshMembers), directly or through a
  /// caller's parameter that is such a pair itself.
  std::vector<std::set<std::pair<Id, std::string>>> FreshMemberParams;
  std::set<std::pair<Id, std::string>> freshMemberParams(size_t R, LazyCallEdges &Edges) const;
  /// Per root: "param:<fn>#i" -> the entry parameter K that every call on the
  /// root's paths binds it to (the entry's own parameters included).
  std::vector<std::map<Id, unsigned>> ThreadArgParams;
  /// Per root: parameters that every call on the root's paths binds to the
  /// thread's own number (ThreadSlots.cpp).
  std::vector<std::set<Id>> ThreadNumParams;
  /// Fills root R's slots of both (sized by the caller), reading no other
  /// root's: the calls made on R's paths are gathered once for the two.
  void computeThreadParams(size_t R);
  void computeThreadArgParams(size_t R, const CallsByCallee &In);
  void computeThreadNumParams(size_t R, const CallsByCallee &In);
  /// Are Via (callee parameters a fresh object was handed to) all harmless?
  bool freshVia(llvm::ArrayRef<Id> Vias) const;
  /// Per function: atomic locations it releases (Release) or spins on with
  /// acquire (Acquire), itself or through calls; a polled location's plain
  /// writes outside loops release it.
  std::map<std::string, std::set<Channel>> ReleasesIn, AcquiresIn;
  /// The locations some loop spins on (SyncFact::Spin).
  std::set<Id> Spun;
  /// W releases a polled location: a plain write of it outside loops.
  bool plainRelease(const AccessFact &W) const {
    return W.Write && !W.Atomic && !W.NoHandOver && Spun.count(W.Loc);
  }
  /// The channels a sync fact releases or waits on.
  static std::vector<Channel> channels(const SyncFact &S) {
    if (S.ToZero)
      return {{S.Loc, false}, {S.Loc, true}};
    return {{S.Loc, false}};
  }
  void computeSyncs();
public:
  /// Barrier phases (Phases.cpp). A boundary of a phase: a thread's start or
  /// end, a wait (its barrier, and the function and wait index of the site),
  /// unknown, or (in a callee's summary) passing through without a wait.
  struct PhaseTok {
    enum Kind : uint8_t { Start, End, Unknown, Wait, Pass } K = Unknown;
    Id Barrier;
    const FunctionFacts *Fn = nullptr;
    int Site = -1;
    bool operator<(const PhaseTok &O) const {
      return std::tie(K, Barrier, Fn, Site) < std::tie(O.K, O.Barrier, O.Fn, O.Site);
    }
    bool operator==(const PhaseTok &O) const {
      return std::tie(K, Barrier, Fn, Site) == std::tie(O.K, O.Barrier, O.Fn, O.Site);
    }
  };
  using PhaseSet = std::set<PhaseTok>;

private:
  /// Functions that may wait on a barrier (themselves or through calls).
  std::set<std::string> BarrierWaiters;
  /// Per function with Phases: the boundaries first after its entry (First)
  /// and last before its exit (Last), Pass when a path has none.
  std::map<std::string, PhaseSet> PhaseFirst, PhaseLast;
  /// Per root that waits on a barrier: the barriers it waits on, and per
  /// function it reaches, the boundaries last before its entry and first
  /// after its exit on the root's paths.
  std::vector<std::set<Id>> PhaseBarriers;
  std::vector<std::map<std::string, PhaseSet>> PhaseEntry, PhaseExit;
  void computePhases();
  /// The boundaries last before (Prev) or first after a point of F whose
  /// local tokens are Tokens (FunctionFacts::Phases); a -1 sets AtEdge.
  void resolvePhase(const FunctionFacts &F, llvm::ArrayRef<int> Tokens, bool Prev,
                    PhaseSet &Out, bool &AtEdge) const;
  /// The boundaries around X of F in root R (Unknown when not known).
  PhaseSet phaseAround(size_t R, const FunctionFacts &F, llvm::ArrayRef<int> Local,
                       bool Prev) const;
  /// Per function that runs only inside the one run of a once-callback: the
  /// once-callback (the function only ever called through pthread_once).
  std::map<std::string, std::string> OnceRun;
  /// Per function: the once-callbacks a call of it runs or waits for (a
  /// once-call in it or in its callees: 'try_setup_()' calling pthread_once).
  std::map<std::string, std::set<std::string>> OnceDoneBy;
  void computeOnce();
  /// Is root R started only from inside the one run of once-callback Cb
  /// (every place its entry is named, as a spawn's entry, a function value
  /// passed or stored, is in that run)? Then no instance of R runs Cb: its
  /// once-calls of Cb return at once ("threads started by a once run").
  bool startedInRun(size_t R, const std::string &Cb) const;
  /// Per root: function -> the functions reached through a function value
  /// (the first on each path) that are its only way in (JobDispatch.cpp).
  std::vector<std::map<std::string, std::set<std::string>>> Gates;
  /// Per function named as a value: the calls that pass it, with their function.
  std::map<std::string, std::vector<std::pair<const FunctionFacts *, const CallFact *>>> Namings;
  /// Functions named where no location is known (a slot store) or started as threads.
  std::set<std::string> Unplaced;
  void computeDispatch();
  /// Counted completions (JobDispatch.cpp). A count is (counter, lock held
  /// when it changes). Per function, with its callees: the counts it counts
  /// down or up holding the lock, and those it waits for in a condition
  /// wait loop on that lock.
  using Count = std::pair<Id, Id>;
  std::map<std::string, std::set<Count>> CountDownsIn, CountUpsIn, CountWaitsIn;
  /// Per gate: its calls on every path, outside loops, that count down; the
  /// functions it reaches only through calls written before such a call.
  struct Completion {
    const CallFact *Signal = nullptr;
    std::set<Count> Counts;
    std::set<std::string> Before;
  };
  std::map<std::string, std::vector<Completion>> Completions;
  void computeCompletions();
  /// The counts gate J counts down only after Y (in FY) ran.
  std::set<Count> doneAfter(const std::string &J, const FunctionFacts &FY,
                            const AccessFact &Y) const;
  /// Does F count one of Done up before naming call C, and is X (in FX)
  /// reached from C only through a wait for that count: F being FX (Toward
  /// null), X itself; else every call of F to a function of Toward (that
  /// lead to FX) that C may precede, or X after such a wait inside FX?
  bool completedBetween(const FunctionFacts &F, const CallFact &C, const std::set<Count> &Done,
                        const FunctionFacts &FX, const AccessFact &X,
                        const std::set<std::string> *Toward) const;
  std::map<Id, Id> AliasOf; ///< Union-find parents.
  Id find(const Id &X) const;
  void join(const Id &A, const Id &B);
  void unify();
  /// Joins a global pointer published a parameter's object ('saved = p')
  /// with the objects the parameter is bound to (ParamTargets).
  void joinPublished();
  void findRoots();
  /// Drops the threads no main reaches; returns whether there is a main.
  bool keepProgramRoots();
  void reach(size_t R);
  void resolveParams();
  void shareClasses();
  bool spawnedOnlyFrom(const Root &R, const std::string &Fn) const;
  bool reachesSpawner(size_t A, const Root &R) const;
  size_t parentOf(size_t R) const;
  size_t computeParent(size_t R) const;
  static constexpr size_t Unknown = ~size_t(0);
  mutable std::vector<size_t> ParentCache; ///< parentOf, per root.
  llvm::ThreadPoolInterface *Pool = nullptr;
  bool handleLive(const Root &R, const std::set<std::string> &Live) const;

  using SiteSet = std::set<const SpawnFact *>;
  /// Per root with a MixedContexts entry, per function of OutsideFns: what
  /// RunningOnEntry and Reach::Caller are over those paths only.
  struct OutsideReach {
    SiteSet Running;
    std::string Caller;
    SrcLoc CallSite;
  };
  std::vector<UsrMap<OutsideReach>> Outside;
  void computeOutsideRunning();
  /// Spawn sites whose thread may still run when a call of the function
  /// returns: its own handles live at exit, and what its callees leave.
  UsrMap<SiteSet> Escaping;
  /// Per function, its calls whose callee leaves threads running (a non-empty
  /// Escaping set), in call order: runningBefore looks at these only, so a
  /// function of n calls that start nothing costs O(1) per point, not O(n)
  /// map lookups (a thread entry calling 10,000 leaves was quadratic).
  std::unordered_map<const FunctionFacts *, std::vector<std::pair<const CallFact *, const SiteSet *>>>
      EscapingCalls;
  /// Per root, per reached function: spawn sites that may be running on
  /// entry (created before the call on some path and not joined where made).
  std::vector<UsrMap<SiteSet>> RunningOnEntry;
  /// Per root: each of its spawn sites with the roots whose code reaches it.
  std::vector<std::vector<std::pair<const SpawnFact *, std::vector<size_t>>>> SiteCreators;
  /// Can B have started at a point of A where A's own creations Here may be
  /// running (through the threads that create B, at any depth)?
  bool mayHaveStarted(size_t A, const SiteSet &Here, size_t B, std::vector<char> &Seen) const;
  /// Per function: the shared handle keys (JoinFact) a call of it joins,
  /// itself or through its calls.
  UsrMap<std::set<Id>> JoinsIn;
  /// Has site S's thread been joined at a point of F (Where; null: F's exit)?
  /// Self: the point is that call, which does not precede itself.
  bool joinedBefore(const FunctionFacts &F, const SpawnFact &S, const SrcLoc *Where,
                    const CallFact *Self) const;
  void computeRunning();
  /// The spawn sites whose threads are all started only inside the run of
  /// once-callback Cb (startedInRun): none of them runs when that run begins.
  SiteSet sitesOnlyInRun(const std::string &Cb,
                         const std::map<const SpawnFact *, std::vector<size_t>> &RootsAt) const;
  /// Closes M (function -> spawn sites running on entry, each function's
  /// start value filled in) over root R's calls, following only the calls
  /// Follow accepts (computeRunning, computeOutsideRunning).
  template <typename FollowFn>
  void propagateRunning(UsrMap<SiteSet> &M, FollowFn Follow);
  /// What runs on entry to root R's entry: for main, what global
  /// constructors leave running.
  SiteSet staticRunning(size_t R) const;
  /// The roots each spawn site starts, and per once-callback the sites only
  /// started inside its run (propagateRunning's once-call edges).
  std::map<const SpawnFact *, std::vector<size_t>> RootsAt;
  UsrMap<SiteSet> OnlyInRun;
  void runningBefore(const FunctionFacts &F, const SrcLoc &Where,
                     llvm::ArrayRef<std::string> Live, const CallFact *Self,
                     SiteSet &Out, const LockSet *Held = nullptr) const;
  /// Per callee: its calls (caller, call), for witnessChain's backward search.
  std::unordered_map<std::string, std::vector<std::pair<const FunctionFacts *, const CallFact *>>>
      CalledFrom;
  /// Does F call a function of Toward, and only where the call Naming
  /// cannot have run before (JobDispatch.cpp's hosts)?
  bool callsOnlyBefore(const FunctionFacts &F, const std::set<std::string> &Toward,
                       const CallFact &Naming) const;
  /// What a call C in F passes on of In (the sites running before it): In
  /// as runningBefore leaves it, less those started only inside a once-run.
  void runningAtCall(const FunctionFacts &F, const CallFact &C, SiteSet &In) const;
  /// Parked threads (Concurrency.cpp): a check-in gate is a count and the
  /// lock its threads block on after counting themselves in.
  using Gate = std::pair<Id, Id>; ///< (the count, the gate lock)
  /// Per gate: the locks the count is changed under, and the roots that
  /// check in at it.
  std::map<Gate, std::set<Id>> GateCountLocks;
  std::map<Gate, std::set<size_t>> ParkedRoots;
  /// Per function: where it has every thread of a gate parked from (the end
  /// of its wait for the count), holding the gate lock.
  struct ParkSection {
    Gate G;
    SrcLoc Start;
  };
  std::map<std::string, std::vector<ParkSection>> ParkSections;
  /// Per function: the locks a call of it may release, itself or in calls.
  std::map<std::string, std::set<Id>> UnlocksIn;
  void computeParks();
  /// Is every thread of site S parked at Where in F (Held held there; Self:
  /// the point is that call)?
  bool parkedAt(const FunctionFacts &F, const SrcLoc &Where, const LockSet &Held,
                const CallFact *Self, const SpawnFact &S) const;
  /// The gates whose sections in F hold Where closed (Held held there).
  std::vector<Gate> closedGates(const FunctionFacts &F, const SrcLoc &Where, const LockSet &Held,
                                const CallFact *Self) const;
  /// Is root B parked at Where in A's Fn, by a section there or in every
  /// caller of Fn in A (at most a few calls up)?
  bool parkedRoot(size_t A, const std::string &Fn, const SrcLoc &Where, const LockSet *Held,
                  size_t B, unsigned Depth = 0) const;
};

} // namespace parcheck

#endif
