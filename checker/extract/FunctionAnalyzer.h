//===- FunctionAnalyzer.h - one function to facts ---------------*- C++ -*-===//
//
// Extraction walks every function with a body outside system headers over its
// clang::CFG, forward, blocks in reverse post order until a fixpoint, with a
// small state per point:
//
//   * Locks  - the locks held on every path here (must-set: intersected where
//              paths join), each with where it was taken;
//   * Guards - what each RAII guard (lock_guard, unique_lock, ...) owns now, so
//              its destructor or unlock() releases exactly that;
//   * Spawned/Joined - thread handles created and joined on some path (may-
//              sets). A handle is live when spawned and not joined. Joining an
//              element of a collection (t[i], a range-for variable) joins the
//              collection, which is what "for (...) join(t[i])" means.
//
// Then one more pass records facts with the state at each point: accesses to
// possibly shared locations, calls, spawns and lock operations. Over an
// acyclic CFG the first pass already steps each block from its final state,
// and records them itself.
//
// Naming locations (AccessFact::Loc):
//   globals, static members, function statics   the variable's USR
//   a local that escapes (captured by reference, address taken)
//                                                "local:<owner USR>|<var USR>"
//   a member reached from a global               "path:<var USR>.f.g"
//   a member reached through this or a pointer   "field:Class::f" (a lock class,
//                                                as lockdep does; ClassLevel)
//   what a pointer/reference parameter points to "param:<fn USR>#i", resolved
//                                                against call sites by the analysis
// Locks are named the same way (LockModel.h decides what is a lock).
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_EXTRACT_FUNCTIONANALYZER_H
#define PARCHECK_EXTRACT_FUNCTIONANALYZER_H

#include "extract/ExtractContext.h"
#include "extract/LockModel.h"
#include "facts/Ids.h"

#include "clang/Analysis/CFG.h"
#include "llvm/ADT/BitVector.h"

#include <memory>
#include <optional>

namespace parcheck {
namespace extract {

/// A CFG's blocks by id; the blocks entered on the paths from the
/// successors of From that do not go on through Avoid (entered, not left;
/// ~0u: none), a block ending in a noreturn call leading nowhere; and the
/// blocks X from which the exit is reached without going on through Avoid:
/// for X other than Avoid, exactly the X whose reachedFrom(ById, X, Avoid)
/// holds the exit (one walk back from the exit answers for every X at once).
/// (Cuts.cpp.)
std::vector<const CFGBlock *> blocksById(const CFG &Cfg);
llvm::BitVector reachedFrom(const std::vector<const CFGBlock *> &ById, unsigned From,
                            unsigned Avoid);
llvm::BitVector reachingExitAvoiding(const CFG &Cfg, const std::vector<const CFGBlock *> &ById,
                                     unsigned Avoid);

/// Walks one function as the essay above says. Its members are defined by
/// phase: Aliases.cpp (structure and aliases), Naming.cpp, LockFlow.cpp,
/// Threads.cpp, and Walk.cpp (the walk, the dataflow and the facts it records).
class FunctionAnalyzer {
  /// Facts recorded inside macro expansions so far (SrcLoc::Ord).
  unsigned MacroFacts = 0;

public:
  /// TU.loc(L) for a fact of this function, with its order among the
  /// function's facts inside macro expansions (SrcLoc::Ord).
  SrcLoc factLoc(SourceLocation L) {
    SrcLoc R = TU.loc(L);
    if (L.isMacroID() && R.valid())
      R.Ord = MacroFacts < SrcLoc::MaxOrd ? ++MacroFacts : SrcLoc::MaxOrd;
    return R;
  }
  FunctionAnalyzer(TUContext &TU, const FunctionDecl *FD, FunctionFacts &Out)
      : TU(TU), Ctx(TU.Ctx), FD(FD), Out(Out) {}

  void run();
  /// After run(): what kinds of node the body has (BodyKinds), from the walk
  /// that maps each node to its parent.
  struct BodyKinds {
    bool Loop = false; ///< for, while, do, range-for
    /// Where collectObjectSites records something: an allocator call, a
    /// 'new', a local variable that is not static, a catch's variable.
    bool ObjectSite = false;
    /// A variable with no static storage that is no parameter: declared
    /// here, or named here (a lambda's captured variable).
    bool Local = false;
    /// A variable of pointer type declared with a value (findParamAliases).
    bool PointerInit = false;
    /// Where collectStateFacts records something: a member of enum type, a
    /// call of a function with a parameter of enum or event-base type.
    bool State = false;
    /// Code that walk does not see (a lambda's or a block's body, a local
    /// class's methods, an initializer list's written form): nothing about
    /// the kinds above may be assumed.
    bool Opaque = false;
  };
  const BodyKinds &bodyKinds() const { return Kinds; }
  /// After run(): the one pass over an acyclic CFG that also records the
  /// facts (dataflow) met a release of a lock the function never took, so
  /// its entry locks change and the facts it recorded are not the
  /// function's. A new analyzer (onePass(false)) must run again.
  bool needsRerun() const { return Rerun; }
  void onePass(bool On) { OnePass = On; }

  /// Value-specialised lock effects (LockEffect::ByValue): the constants
  /// this function's integer parameters are selected on ('switch (type)
  /// { case K: ..', 'if (type == K)'), after run(); and a run that assumes
  /// parameter Param holds Value, recording the lock effect into Into
  /// instead of the TU's.
  std::vector<std::pair<unsigned, int64_t>> selectorValues() const;
  /// The value effect of Eff a call CE selects with a constant argument
  /// (Skip: an operator call's object argument), or null.
  const ValueEffect *selectedValue(const CallExpr *CE, const LockEffect &Eff,
                                   unsigned Skip) const;
  void assume(unsigned Param, int64_t Value, TUContext::Effect *Into) {
    Assume = {Param, Value};
    EffectInto = Into;
  }

  static std::string displayName(const FunctionDecl *FD);
  /// F has a body outside system headers in this TU.
  static bool userDefined(const FunctionDecl *F, TUContext &TU);

private:
  TUContext &TU;
  ASTContext &Ctx;
  const FunctionDecl *FD;
  FunctionFacts &Out;
  std::string FnUsr;
  std::optional<std::pair<unsigned, int64_t>> Assume; ///< assume()
  TUContext::Effect *EffectInto = nullptr;
  /// The parameter an integer selector E names (unchanged here), or none.
  std::optional<unsigned> selectorParam(const Expr *E) const;
  /// 'p == K' or 'K != p' for such a parameter p: (p's index, K), or none.
  std::optional<std::pair<unsigned, int64_t>> selectorTest(const BinaryOperator *BO) const;
  /// Under Assume: the successors of B's switch on, or equality test of, the
  /// assumed parameter that its value does not take are not taken.
  void refineAssumed(const CFGBlock *B, std::vector<State> &Succ) const;
  bool IsCtorDtor = false;
  std::unique_ptr<CFG> Cfg;
  llvm::DenseMap<const Stmt *, const Stmt *> Parent;
  BodyKinds Kinds;
  void noteKind(const Stmt *S);
  llvm::DenseMap<const VarDecl *, unsigned> ParamAlias;
  /// The index of the parameter VD is, or is a local alias of (ParamAlias).
  std::optional<unsigned> paramOrAlias(const VarDecl *VD) const;
  /// A and B each a parameter of this function or a local alias of one
  /// (ParamAlias), the same parameter.
  bool sameParamObject(const VarDecl *A, const VarDecl *B) const;
  /// Aliases (in ParamAlias) declared without a value and set by their one
  /// assignment ('T *req; req = container_of(w, T, link);'): that
  /// assignment is no reassignment of them.
  llvm::DenseSet<const VarDecl *> AssignedAlias;
  llvm::DenseMap<const VarDecl *, const VarDecl *> GlobalAlias; // int *p = &global
  llvm::DenseMap<const VarDecl *, bool> CaptureByRef;
  /// Depth of local references followed to their initialiser (classifyVar).
  unsigned RefDepth = 0;
  llvm::DenseMap<const VarDecl *, LockSet> GuardMutex; // what a guard was built on
  struct TryInfo {
    LockSet Locks;
    TrySuccess Success;
    const VarDecl *Guard;
    bool Blocking = false; ///< A blocking lock whose result is tested: failure drops it.
  };
  llvm::DenseMap<const Stmt *, TryInfo> TryCalls;
  llvm::DenseMap<const VarDecl *, TryInfo> TryVars; // int rc = pthread_mutex_trylock(...)
  State ExitState; // at the end of the function, after the fixpoint
  std::set<Id> AcquiredHere;            // every lock this function takes
  std::set<Id> ReleasedUnheld;          // released where not held on this path
  LockSet ReleasedUnheldLocks;
  std::vector<std::pair<std::string, const Stmt *>> JoinLoops; // handle, loop
  std::vector<std::pair<size_t, const Stmt *>> SpawnLoops;     // spawn index, loop
  /// The local a spawn argument was taken to be each instance's own for
  /// (a pointer initialised with a fresh allocation, objOfArg), per spawn
  /// index and argument index. finish() undoes it for a local handed to
  /// several spawns: every thread they start gets the same object.
  const VarDecl *FreshArgLocal = nullptr;
  std::vector<std::tuple<size_t, size_t, const VarDecl *>> FreshSpawnArgs;
  bool Emit = false;
  // Lock-op details for the lock-order and lock-misuse checks.
  std::set<Id> RecursiveIds;                               // lock ids of recursive mutexes
  std::map<Id, std::string> CurSpell;                      // lock id -> as written, this op
  std::map<Id, bool> CurOrdered;                           // lock id -> chosen by comparison
  // handleLock's lockOf() and noteLockDetails() per lock expression (and
  // place): the dataflow visits each lock call once per pass, and both are
  // pure once the pre-passes (aliases, derived locals) are done.
  struct LockDetails {
    std::string Spell;
    bool Ordered = false;
    bool Recursive = false;
  };
  llvm::DenseMap<std::pair<const Expr *, SourceLocation::UIntTy>, HeldLock> LockOfMemo;
  llvm::DenseMap<const Expr *, LockDetails> LockDetailsMemo;
  llvm::DenseMap<const VarDecl *, std::map<Id, std::string>> GuardSpell;
  // Entry locks (FunctionFacts::EntryHeld): held in the entry state with no
  // acquisition site. Inferred ones (released before taken) are the callers'
  // business: they are kept out of every lock set the facts record, so that
  // an access here is not protected by them unless a caller holds them.
  LockSet EntryLocks;
  std::set<Id> EntryIds, InferredEntry;
  /// Entry locks inferred from a loop's first iteration (Candidates) that the
  /// walk leaves released on some path out (Exit: its state at the exit), or
  /// that never returns: not shown to be the caller's. Drops them from the
  /// entry locks; says whether any was.
  bool dropUnretaken(const State &Exit, const std::vector<HeldLock> &Candidates);
  LockSet ReleasedFirst; // released where never taken before (at the fixpoint)
  bool CollectFirst = false;
  // Correlated branches (CondFlow.cpp).
  std::optional<llvm::DenseSet<const Decl *>> Changed; // locals whose address is taken
  llvm::DenseMap<const Decl *, std::set<std::string>> CondDecls; // decl -> keys naming it
  /// The key of a condition that cannot change between two tests, or "".
  std::string condKey(const Expr *E);
  /// Both successors of a test of E: the value it has there, and the locks
  /// held under that value.
  void refineCorrelated(const Expr *E, bool TrueMeansTruthy, std::vector<State> &Succ);
  /// S assigns, increments or declares again what a tracked condition
  /// reads: conditions on its old value no longer hold.
  void forgetConds(State &St, const Stmt *S);
  /// CallFact::HeldIf of a call through member Callee ('m->mod->eval'):
  /// the locks St holds exactly where another member of the same object
  /// tests one value.
  std::vector<std::tuple<HeldLock, std::string, bool>> heldIfMember(const State &St,
                                                                   const Expr *Callee);
  /// CallFact::ThroughOwner of a call through Callee.
  std::string throughOwner(const Expr *Callee) const;
  bool CurWaitLoop = false, CurWaitPred = false;
  std::string CurWaitCond;

  // ---- structure -------------------------------------------------------

  /// Maps each node below S to its parent (Parent) and notes its kind
  /// (Kinds), lambda bodies aside.
  void buildParents(const Stmt *S);

  const Stmt *parent(const Stmt *S) const;

  /// Parent, looking through parentheses and value-preserving casts.
  const Stmt *lvalueParent(const Expr *E, const Expr **Child = nullptr) const;

  const Stmt *enclosingLoop(const Stmt *S) const;
  /// Where the outermost loop around S begins (invalid: not in a loop).
  SrcLoc outermostLoopStart(const Stmt *S) const;

  void findParamAliases(const Stmt *S);
  void findAssignedAliases(const Stmt *Body);
  int aliasedParam(const Expr *E) const;

  /// What each local lock pointer may point to (FunctionFacts::LockTargets):
  /// every value it is given must be the address of a named lock ('&mu',
  /// '&g.mu', '&locks[i]'); its own address must not be taken. Never
  /// assigned at all: any lock ("*").
  void findLockTargets(const Stmt *Body);
  /// Locals that name the one lock the functions whose results they hold
  /// return (LockEffect::Returns): lockOf names that lock for them.
  std::map<const VarDecl *, HeldLock> ReturnedLockLocals;
  void findReturnedLockLocals(const Stmt *Body);
  /// The locks a call of E returns holding (LockEffect::Returns), or null.
  const LockSet *returnedLocks(const Expr *E) const;

  /// Index of the pointer parameter E denotes (through casts and aliases), or -1.
  int paramIndex(const Expr *E) const;

  /// The global a local pointer was initialised to point to (int *p = &g).
  const VarDecl *aliasedGlobal(const Expr *E) const;

  /// new T, malloc/calloc/realloc or an allocation wrapper (a callee whose
  /// name says alloc).
  static bool isFreshAllocation(const Expr *E);

  /// A local pointer initialised with a fresh allocation (int *p = new int;
  /// malloc), read directly or through a lambda's capture of it.
  static const VarDecl *heapPointer(const Expr *E);
  /// VD is a local pointer initialised with a fresh allocation (a heap id).
  static bool heapPointerDecl(const VarDecl *VD);
  static Id heapId(const VarDecl *P) { return makeId(IdKind::Heap, usrOf(P)); }

  /// Inside the initialiser of a function-local static: C++ runs it once,
  /// under a hidden guard, so it is ordered with every other use of it.
  std::optional<HeldLock> staticInitGuard(const Stmt *S) const;
  /// Locks held on some paths here but not on all.
  static LockSet mayOnly(const State &St);
  LockSet heldAt(const State &St, const Stmt *S) const;
  /// Ls without the inferred entry locks still held as entered.
  LockSet visible(const LockSet &Ls) const;
  /// The entry locks not held on every path here (AccessFact::Dropped).
  std::vector<Id> dropped(const State &St) const;
  /// Clang thread-safety requirements of this function (requires_capability,
  /// release_capability with arguments): locks it is entered holding.
  void annotatedEntry();
  /// A lock expression of a thread-safety attribute of Callee, as the call
  /// passes it: a parameter is the call's argument, 'this' the object.
  static const Expr *attrLockArg(const Expr *A, const FunctionDecl *Callee,
                                 llvm::ArrayRef<const Expr *> Args, const Expr *Obj);

  /// The global (or static) pointer variable E reads, if it is one.
  static const VarDecl *globalPointer(const Expr *E);

  Id paramId(unsigned I) const { return parcheck::paramId(FnUsr, I); }

  // ---- naming ----------------------------------------------------------

  /// A variable's display name ('f()::own' for a static local, the qualified
  /// name of a global), kept per variable for the TU (TUContext::VarNames).
  std::string varName(const VarDecl *VD) const;

  Id localId(const VarDecl *VD) const;

  bool capturedByCopy(const DeclRefExpr *DRE) const;

  /// The location an lvalue denotes, or false when it is not one we track.
  bool classify(const Expr *E, LocInfo &L);
  /// A variable: a global, a reference parameter, or a local that escapes.
  bool classifyVar(const DeclRefExpr *DRE, LocInfo &L);
  /// A member: a path from a global or an escaping local, else its lock class.
  bool classifyMember(const MemberExpr *ME, LocInfo &L);
  /// *p: what the pointer points to.
  bool classifyDeref(const UnaryOperator *UO, LocInfo &L);
  /// What pointer Ptr points to (an object of type T): a parameter's,
  /// a local heap pointer's or a global pointer's target, the global it
  /// aliases; else, when ClassLevel, the whole object as its class.
  bool classifyPointee(const Expr *Ptr, QualType T, LocInfo &L, bool ClassLevel);
  /// a[i]: the array, or what the pointer points to.
  bool classifyElement(const ArraySubscriptExpr *AS, LocInfo &L);

  /// Is E the outermost expression of an lvalue path (not the base of a '.'
  /// member access or of an array subscript)?
  bool outermost(const Expr *E) const;

  /// Code of no program TU (isLibraryFunction).
  static bool libraryFunction(const FunctionDecl *F, TUContext &TU);

  AccessKind paramAccess(QualType PT) const;
  /// MC is the implicit begin() or end() of a range-for that never changes
  /// an element through its loop variable (a const reference, a copy of a
  /// scalar, or a reference only read): the container is read, not written.
  bool rangeForReadsOnly(const CXXMemberCallExpr *MC) const;
  /// Per range-for: whether its body changes an element through its
  /// variable (asked for its begin() and its end()).
  mutable llvm::DenseMap<const CXXForRangeStmt *, bool> RangeForChanges;

  /// How E's object is accessed where it is used. When the use hands the
  /// object to a function of another TU (declared outside system headers, no
  /// body here: '&x' to a pointer parameter, or x bound to a reference),
  /// *External is set to it (AccessFact::ByCallee).
  AccessKind accessKind(const Expr *E, bool &AtomicBuiltin,
                        const FunctionDecl **External = nullptr);

  // ---- locks -----------------------------------------------------------

  HeldLock lockOf(const Expr *E, SourceLocation At);

  const VarDecl *guardVar(const Expr *E) const;

  /// The variable a construct expression initialises, if any.
  const VarDecl *constructedVar(const Stmt *S) const;
  /// Where an object constructed by S that is no variable's initialiser is
  /// stored: the object of the member call it is an argument of
  /// ('v.push_back(...)', 'emplace_back'), or the left side of the assignment
  /// ('t = std::thread(...)'); null if neither.
  const Expr *constructedInto(const Stmt *S) const;

  void emitLockOp(State &St, LockOpFact::Op K, const HeldLock &H, SourceLocation At,
                  bool Multi);

  /// Remembers a try-lock (or a tested blocking lock) by its call and by the
  /// variable its result is stored in.
  void rememberTry(const Stmt *S, const TryInfo &TI);

  void acquire(State &St, const LockSet &Ls, SourceLocation At, bool Try);

  void release(State &St, const LockSet &Ls, SourceLocation At);

  /// Records how a lock expression is written and whether its mutex is recursive.
  /// Does E use a local chosen by comparing two objects ('a < b ? a : b',
  /// std::min/std::max)? Then which lock comes first is decided by the order.
  bool chosenByComparison(const Expr *E) const;

  void noteLockDetails(const Expr *E, const parcheck::Id &Id);
  /// Is the lock X names (the lock call's argument, '&' and '*' stripped) a
  /// recursive mutex: by type, or by a declaration initialised or set up as one?
  bool isRecursiveMutex(const Expr *X) const;

  /// A condition wait: is it the predicate overload, is it directly in a loop?
  void noteWait(const Stmt *S);

  bool handleLock(State &St, const Stmt *S);

  /// What a call does by its Clang thread-safety attributes (ACQUIRE,
  /// RELEASE, TRY_ACQUIRE, SCOPED_LOCKABLE constructors and methods): the
  /// annotation is the contract, whatever the body does.
  LockCall annotatedLockCall(const Stmt *S) const;

  /// Is S (a wait, or a call to a wait wrapper) inside a loop that tests the
  /// predicate again after it? Directly in the loop; or under an 'if' inside
  /// the loop when what follows S goes back to the loop ('continue', the end
  /// of the body) or first tests a variable of the 'if's condition.
  bool rechecked(const Stmt *S) const;

  /// Refines successor states where a branch tests a try-lock's result.
  void refineBranch(const CFGBlock *B, std::vector<State> &Succ);

  // ---- threads ---------------------------------------------------------

  /// Handles are named per function: live sets travel along calls, and two
  /// functions' 't' are different threads.
  std::string qualifyHandle(const std::string &H) const { return FnUsr + "|" + H; }

  /// A stable key for a thread handle: the variable (collection for elements).
  std::string handleKey(const Expr *E) const;

  /// Where a std::thread / future being constructed is stored.
  std::string constructedHandle(const Stmt *S) const;

  /// The key of a handle that outlives this function (JoinFact): a global's
  /// USR or a member's field id ('s->tid', 'm_threads[i]'); "" for a local.
  Id sharedHandleKey(const Expr *E) const;
  Id constructedSharedHandle(const Stmt *S) const;
  /// The key of the one shared place a local handle ('&pool[i]') is stored
  /// to in this function ('ctx->threads = pool'); empty if none
  /// (HandleStores.cpp).
  Id storedSharedHandle(const Expr *Handle) const;
  /// The early return every path from S leaves the function at
  /// (CallFact::ReturnAt); invalid if none (ExitPaths.cpp).
  SrcLoc returnAfter(const Stmt *S) const;
  /// The tests of unchanged pointer parameters that hold wherever S runs
  /// (AccessFact::NullGuards), and what argument A of a call at S with those
  /// guards is (CallFact::NullArgs), NullGuards.cpp.
  std::vector<int> nullGuards(const Stmt *S) const;
  int argNullness(const Expr *A, llvm::ArrayRef<int> Guards) const;
  void nullTests(const Expr *Cond, bool Value, std::vector<int> &Out) const;
  int unchangedPointerParam(const Expr *E) const;
  /// CallFact::NullGuards and NullArgs of a call at S with these arguments.
  void noteNullArgs(const Stmt *S, llvm::ArrayRef<const Expr *> Args, CallFact &C) const;
  /// Per block: the guards of the early returns before each statement.
  const std::vector<std::vector<int>> &earlyReturnGuards(const CompoundStmt *CS) const;
  mutable llvm::DenseMap<const CompoundStmt *, std::vector<std::vector<int>>> ReturnGuards;
  mutable std::optional<llvm::DenseSet<const ParmVarDecl *>> ChangedParams;
  /// Per block: for each statement (by Index), the first statement after it
  /// that ends a scan for an early return: a ReturnStmt, the block itself
  /// for one that may jump, or null for none (ExitPaths.cpp).
  /// Small maps with inline buckets: most functions have a few short blocks,
  /// and a DenseMap's first 64 buckets (3.5 KB here) per function analysed
  /// were a visible share of extraction on a program of many small functions.
  struct BlockExits {
    llvm::SmallDenseMap<const Stmt *, unsigned, 16> Index;
    std::vector<const Stmt *> After;
  };
  const BlockExits &blockExits(const CompoundStmt *CS) const;
  mutable llvm::SmallDenseMap<const CompoundStmt *, BlockExits, 2> ExitScans;

  ObjRef objOfLValue(const Expr *X, const Stmt *At);

  /// What a pointer-valued (or std::ref) argument refers to.
  ObjRef objOfArg(const Expr *A, const Stmt *At, bool ByRefParam);
  /// AS ('as[i]') is an element of an array of pointers that the loop around
  /// At, stepping i, sets to a fresh allocation before At ('as[i] =
  /// malloc(..)'): each iteration's thread gets an object of its own.
  bool freshElement(const ArraySubscriptExpr *AS, const Stmt *At) const;
  /// The local pointer A names when it was fresh and unpublished on every
  /// path to this use (State::Fresh, a must-set; FreshAtUse), else null.
  const VarDecl *freshLocalArg(const Expr *A) const;
  /// A test 'x Op C' of a thread's own number x (threadNumberOf) against a
  /// constant: the number's kind and C.
  std::optional<std::pair<int, int64_t>> numberTest(const Expr *Cond, BinaryOperatorKind Op) const;
  /// AccessFact::NumberGuard and NumberValue: the innermost guard of S that
  /// lets only the thread numbered C run it: 'if (x == C)' around S, the else
  /// of 'if (x != C)', or 'if (x != C) return;' (or break, continue) before
  /// S in a block around it, with no label between.
  void noteNumberGuard(const Stmt *S, AccessFact &A) const;

  struct Entry {
    const FunctionDecl *Fn = nullptr;
    bool Member = false;
    std::vector<ObjRef> Escapes;
  };

  Entry resolveCallable(const Expr *C, int Depth = 0);

  Entry functor(const CXXRecordDecl *RD);

  std::string entryName(const FunctionDecl *F);

  /// SpawnFact::RefBinds of a function object's construction.
  void noteRefBinds(const Expr *Callable, SpawnFact &F);
  bool handleSpawn(State &St, const Stmt *S);

  bool handleJoin(State &St, const Stmt *S);

  // ---- ownership, escape, atomics (Escape.cpp) -------------------------

  std::set<unsigned> EscapingParamSet;
  /// How a pointer variable's value is used here: only to reach its object
  /// (p->f, *p, a test, a library call), assigned, handed to a direct call of
  /// user code (Via: the callee's parameter id), or let go.
  /// Indirect: an argument of a call through a function value; it publishes
  /// a fresh object, not a taken one (CallFact::TakenArgs; HandOff.cpp).
  enum class PtrUse { Reach, Def, Via, Escape, Indirect };
  PtrUse pointerUse(const DeclRefExpr *DRE, Id &Via) const {
    return pointerUse(DRE, DRE->getDecl(), Via);
  }
  /// The same for the pointer value E that names D ('p', or '*out' for an
  /// out cell).
  PtrUse pointerUse(const Expr *E, const ValueDecl *D, Id &Via) const;
  PtrUse callUse(const CallExpr *CE, const Expr *Cur, Id &Via) const;
  /// Fresh pointers made, published and handed on at S; escaping parameters.
  void trackPointers(State &St, const Stmt *S);
  /// Parameters 'T **out' this function uses only as '*out' (findOutCells):
  /// the caller's cell, handed in to be filled. An object stored there
  /// fresh ('*out = malloc(..); (*out)->id = n; pthread_create(.., *out)')
  /// stays this thread's until '*out' is used otherwise, as a local
  /// pointer's would, the way a returned fresh object is its caller's:
  /// State::Fresh and Owned hold the cell under the parameter's name.
  llvm::DenseSet<const VarDecl *> OutCells;
  void findOutCells(const Stmt *Body);
  /// The out cell E names ('*out', '(*out)'), else null.
  const VarDecl *outCell(const Expr *E) const;
  /// The local pointer or out cell whose value E is ('p', '*out'); not an
  /// out cell's parameter itself ('out' is no fresh object), else null.
  const VarDecl *pointerName(const Expr *E) const;
  /// trackPointers for a use of out cell VD at DRE (its '*out').
  void trackOutCell(State &St, const DeclRefExpr *DRE, const VarDecl *VD);
  /// 'g = p', 'g = &local', 'g = buf + k' with g a global pointer: g's
  /// pointee may be that object, which other threads then reach through g
  /// (an alias in the facts; a parameter's joined with its bindings by the
  /// analysis).
  void notePublishedTo(const BinaryOperator *BO);
  /// Heap pointers (heapPointer) this function declares, those it publishes
  /// or points elsewhere on some path, and the callee parameters each is
  /// handed to (FunctionFacts::KeptHeaps, recordArgOnlyLocals).
  std::set<const VarDecl *> HeapDecls, PublishedHeaps;
  /// Heap pointers assigned something other than an allocation or a step
  /// (FunctionFacts::ActivationHeaps).
  std::set<const VarDecl *> RepointedHeaps;
  std::map<const VarDecl *, std::set<Id>> HeapVias;
  /// Marks A as through a fresh, unpublished object when E reaches it so
  /// (or through one taken out of a container: AccessFact::HandedOff).
  void noteFresh(const State &St, const Expr *E, AccessFact &A) const;

  // ---- hand-off through containers, owned returns (HandOff.cpp) --------

  /// A local pointer VD is given the value Init: it then holds a fresh
  /// object (an allocation, or a call of an allocation wrapper), an object
  /// taken out of a lock-protected container, or neither.
  void ownOnAssign(State &St, const VarDecl *VD, const Expr *Init, bool Ownable) const;
  /// Init reads a container's link under a lock this function also writes
  /// (a dequeue: 'it = q->head; q->head = it->next;' with q's lock held).
  bool takesFromContainer(const State &St, const Expr *Init) const;
  /// Whether the body hands a mutex to a lock wrapper of another TU
  /// (locksThroughWrapper, HandOff.cpp), asked once: takesFromContainer asks
  /// at every pointer read of a container in every pass of the dataflow.
  bool bodyLocksThroughWrapper() const;
  mutable std::optional<bool> BodyLocksThroughWrapper;
  /// What a call of a function of this TU returns (TUContext::OwnedReturns).
  std::optional<TUContext::Returned> ownedReturnOf(const Expr *Init) const;
  /// The members and globals this function assigns (findContainerWrites).
  llvm::DenseSet<const Decl *> ContainerWrites;
  void findContainerWrites(const Stmt *S);
  /// This function stores an index with a release (or sequentially
  /// consistent) atomic store: a ring's consumer index published after the
  /// slots it read (findContainerWrites).
  bool ReleasesIndex = false, AcquiresIndex = false;
  /// The slot locals of a ring: local pointers every assignment of which is
  /// the address of an array element ('e = &cqe[i & mask]').
  llvm::DenseSet<const VarDecl *> RingSlots, NotRingSlots;
  /// Init reads a pointer out of a ring slot ('req = (T *)e->user_data',
  /// 'it = ring[i].item') in a function that releases its consumer index.
  bool takesFromRing(const Expr *Init) const;
  /// The members a function of this TU assigns in its body and in the
  /// bodies of the functions it calls directly (an unlink helper:
  /// 'uv__queue_remove(q)'), to a small depth.
  void findCalleeLinkWrites(const FunctionDecl *F, unsigned Depth,
                            llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen);
  /// The owned state a local pointer had at each use the walk let it go at
  /// (its Owned vias): a copy of it into another local ('w =
  /// container_of(q, ..)') moves the ownership to that local.
  std::map<const DeclRefExpr *, std::set<Id>> OwnedAtUse;
  /// Uses of a local pointer that let its object go while it was fresh
  /// (State::Fresh; freshLocalArg reads them at a spawn).
  llvm::DenseSet<const DeclRefExpr *> FreshAtUse;
  /// The object of an owned local that Init computes (the local itself,
  /// through casts and 'p - offsetof(..)'), when it was owned there.
  const std::set<Id> *movedOwnership(const Expr *Init) const;
  /// CallFact::TakenArgs and CallFact::ParamParts of a call.
  void noteTakenArgs(const State &St, llvm::ArrayRef<const Expr *> Args, CallFact &C) const;
  /// Emit pass: returns of a still-owned local pointer, by kind.
  std::map<const ReturnStmt *, TUContext::Returned> OwnedRets;
  /// The use of VD at DRE is 'return VD;' while VD is owned (Fresh or Owned).
  void noteOwnedReturn(const State &St, const DeclRefExpr *DRE, const VarDecl *VD);
  /// TUContext::NewOwnedReturns for this function.
  void recordOwnedReturns();

  // ---- the producer's side of a hand-off (HandOff.cpp) -----------------

  /// Link members this function sets to null ('end->next = NULL'): a chain
  /// cut out of a container, taken as a batch (batchNext).
  llvm::DenseSet<const Decl *> CutLinks;
  /// 'next = cur->next' for an owned cur whose link member the function
  /// cuts: the rest of a batch taken out of a container is owned too.
  const std::set<Id> *batchNext(const State &St, const Expr *Init) const;
  /// The local pointer whose object a pointer value names: 'p', '(T *)p',
  /// '&p->f.g' (a part of it), or null.
  const VarDecl *copySource(const Expr *Init) const;
  /// The local pointer a use of a pointer initialises or is assigned to as
  /// its copySource ('T *end = stack;', 'eio = &p->io_ctx;'), if ownable;
  /// else null.
  const VarDecl *copiedTo(const DeclRefExpr *DRE) const;
  /// VD is published: it and every copy of it are no longer fresh nor
  /// owned (only no longer fresh: OnlyFresh).
  static void dropOwned(State &St, const VarDecl *VD, bool OnlyFresh = false);
  /// VD is put into a container while St.Locks are held: it and every copy
  /// of it stay fresh or owned until one of those locks is released
  /// (State::PutUnder).
  static void keepUntilUnlock(State &St, const VarDecl *VD);
  /// Is the pointer use DRE a put into a container: its value ('p', '&p->
  /// link', '(T *)p + k') stored into a pointer member or a global, or
  /// handed to a parameter that a function of this TU stores so, directly
  /// or through one more call ('uv__queue_insert_tail(&w->loop->wq,
  /// &w->wq)')?
  bool putsIntoContainer(const DeclRefExpr *DRE) const;
  /// The element of the emit pass being transferred.
  const Stmt *CurElem = nullptr;
  /// Emit pass: accesses (by index into Out.Accesses) and puts (calls handing
  /// an object to a callee parameter, or stores of it into a link: Param
  /// empty) of objects named by a parameter or a local (the root variable).
  struct RootUse {
    size_t Access;
    const Stmt *At;
    const VarDecl *Root;
  };
  struct RootPut {
    const Stmt *At;
    const VarDecl *Root;
    Id Param; ///< The callee parameter, or empty for a store into Link.
    Id Link;
    bool Locked;
  };
  /// FunctionFacts::TakeLinks, noted by takesFromContainer.
  mutable std::set<Id> TakeLinkSet;
  std::vector<RootUse> RootUses;
  std::vector<RootPut> RootPuts;
  /// Where the emit pass recorded each access and call: CFG block id and
  /// element index, parallel to Out.Accesses and Out.Calls (finish sorts
  /// them together). Block ~0u: not recorded by the walk.
  struct CfgPos {
    unsigned Block = ~0u, Elem = 0;
  };
  std::vector<CfgPos> AccessPos, CallPos;
  /// CallFact::Always and FunctionFacts::NamingCuts, from the positions
  /// (extract/Cuts.cpp).
  void recordCuts();
  /// FunctionFacts::Phases and AccessFact::PhasePrev/Next (extract/Phases.cpp).
  void recordPhases();
  /// AccessFact::PhaseSerial: the accesses in the branch that the thread a
  /// barrier wait (WaitIndex: its call -> its index) returned the serial
  /// value to takes.
  void recordSerialBranches(const llvm::DenseMap<const Stmt *, int> &WaitIndex,
                            const std::vector<const CFGBlock *> &ById);
  /// Cfg's blocks by id (blocksById, reachedFrom and reachingExitAvoiding
  /// are below the class).
  std::vector<const CFGBlock *> blocksById() const { return extract::blocksById(*Cfg); }
  /// The parameter (canonical) or local variable whose object an lvalue
  /// (objectRoot) or a pointer value (pointerRoot: 'p', '(T *)p + k',
  /// '&p->link', '&local.f') names, when the function never reassigns it.
  const VarDecl *objectRoot(const Expr *E) const;
  const VarDecl *pointerRoot(const Expr *E) const;
  void noteRootUse(const Expr *E, bool Pointer);
  void noteRootPuts(const State &St, const Stmt *S, const FunctionDecl *Callee,
                    llvm::ArrayRef<const Expr *> Args);
  /// AccessFact::BeforeHandOff/BeforeEnqueue, FunctionFacts::LinkedParams/
  /// EnqueuedParams from RootUses and RootPuts over the CFG.
  void recordBeforeHandOff();
  void recordArgOnlyLocals();
  /// The pointer (or reference) expression an access to E goes through
  /// first: p in p->a.b, p[i], *p, and p itself for a pointer-valued E (the
  /// whole object: free(p)); null when E is a variable or a path from one.
  static const Expr *accessBase(const Expr *E);
  /// Variables this function reassigns (=, op=, ++, --) or whose address it
  /// takes: a parameter among them may point to other objects later.
  llvm::DenseSet<const VarDecl *> Reassigned;
  void findReassigned(const Stmt *S);
  /// Sets A.ViaParam when E reaches its object through a pointer (or
  /// reference) parameter that is never reassigned here, nor its alias.
  void noteViaParam(const Expr *E, AccessFact &A) const;
  /// Sets A.Origin for a class-level access made through E (Origins.h).
  void noteOrigin(const Expr *E, AccessFact &A) const;
  /// CallFact::ArgOrigins: the origin node of each pointer argument, when known.
  void noteArgOrigins(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                      CallFact &C) const;
  /// CallFact::ArgValues of a call through a function value.
  void noteArgValues(llvm::ArrayRef<const Expr *> Args, CallFact &C) const;
  /// Local pointers whose every value (initialiser and assignments; null
  /// constants aside) is derived from one parameter: the parameter itself
  /// or an alias of it, a member or element loaded through it
  /// ('resp = c->resp', 'b = c->thread->bundle'), or such a local
  /// ('resp = resp->next'). Locals whose address is taken are left out.
  llvm::DenseMap<const VarDecl *, unsigned> DerivedLocals;
  void findDerivedLocals(const Stmt *Body);

  /// Pointer members of local records set here ('st.buf = calloc(..)'):
  /// the plain assignments of fresh allocations to each, and whether any
  /// other change reaches it (another value, '&st.buf', '++'). A member
  /// whose every assignment is fresh holds this activation's own
  /// allocation after the first of them (freshMemberAt): AccessFact::
  /// FreshMember, CallFact::FreshMembers. Known limit: a whole-record copy
  /// into the local after that assignment (memcpy(&st, ..)) is not seen.
  struct MemberSets {
    std::vector<const Stmt *> Fresh;
    bool Other = false;
  };
  std::map<std::pair<const VarDecl *, const FieldDecl *>, MemberSets> LocalMemberSets;
  void findFreshMembers(const Stmt *Body);
  /// Is VD.F's fresh allocation set by a statement that runs before At on
  /// every path (an earlier statement of a block enclosing At)?
  bool freshMemberAt(const VarDecl *VD, const FieldDecl *F, const Stmt *At) const;
  /// The local record and member of 'st.m' (a non-arrow member of a local
  /// record variable), or nulls.
  static std::pair<const VarDecl *, const FieldDecl *> localMember(const Expr *E);
  /// AccessFact::DerivedMember and FreshMember of an access through Base.
  void noteDerivedMember(const Expr *Base, const Stmt *At, AccessFact &A) const;
  /// E as 'p->m' (also through a local holding it) for a pointer member m
  /// and a parameter p: (p's index, "Class::m"); else (-1, "").
  std::pair<int, std::string> paramMember(const Expr *E) const;
  void noteFreshMembers(const Stmt *S, llvm::ArrayRef<const Expr *> Args, CallFact &C) const;
  /// Local pointers whose object this function registers with an event
  /// bound to the base one of its parameters names ('event_set(&c->ev, ..,
  /// cb, c); event_base_set(base, &c->ev)', 'event_assign(&c->ev, base, ..,
  /// c)'): the parameter's index, and the last assignment of the local (an
  /// access written after it is to the registered object). Locals whose
  /// address is taken, stepped, or assigned in a loop or after the
  /// registration are left out (AccessFact::RegBase).
  struct RegisteredLocal {
    unsigned Base;
    SourceLocation LastAssign;
  };
  llvm::DenseMap<const VarDecl *, RegisteredLocal> RegisteredLocals;
  void findRegisteredLocals(const Stmt *Body);
  /// The parameter E's pointer value is derived from (as DerivedLocals
  /// says); -1 when none or when that parameter is reassigned.
  int derivedParam(const Expr *E) const;
  /// Sets A.SlotSpawn / A.SlotArg when E is in the element of an array that
  /// a later spawn of the same loop iteration hands its thread
  /// (SpawnSlots.cpp).
  void noteSpawnSlot(const Expr *E, AccessFact &A);
  /// How E's value holds a thread's own number (AccessFact::SlotIndex):
  /// ThreadNumTLS, a parameter's index, or -1 (SpawnSlots.cpp).
  int threadNumberOf(const Expr *E, unsigned Depth = 0) const;
  /// The same for an object a member path Ptr holds from a fresh allocation
  /// until a later spawn hands it over (AccessFact::SlotFresh).
  void noteFreshHanded(const Expr *E, const Expr *Ptr, AccessFact &A);
  /// The spawn after E, in E's loop inside Scope, that hands its thread the
  /// object Want profiles ('&Want' when AddrOf, else the pointer Want): the
  /// call and the entry parameter.
  std::optional<std::pair<const Expr *, int>>
  spawnHanding(const Stmt *Scope, const Expr *E, const llvm::FoldingSetNodeID &Want, bool AddrOf);
  /// CallFact::FreshArgs: which arguments point to fresh unpublished objects.
  void noteFreshArgs(const State &St, llvm::ArrayRef<const Expr *> Args, CallFact &C) const;
  /// A buffer function of the C library (memcpy, memset, read, write, ...)
  /// given a byte buffer (void * or char *) writes or reads (const) the
  /// object it points to: a parameter's, a fresh heap object's or a global
  /// pointer's.
  void recordBufferArgs(State &St, const Stmt *S, const FunctionDecl *Callee,
                        llvm::ArrayRef<const Expr *> Args);
  /// A release store or a waited-on acquire load of the atomic A accesses.
  void recordSync(const Expr *E, const AccessFact &A);
  /// SyncFacts of a call that posts or waits on a semaphore, a latch or a
  /// barrier (sem_post / sem_wait, pthread_barrier_wait, std::counting_
  /// semaphore, std::latch, std::barrier): a post releases, a wait that
  /// blocks until a post acquires, a barrier's wait does both.
  void recordSyncCall(const Stmt *S);
  /// A count's reset, increment, decrement or loop test (CountFact): E, a
  /// global integer or an integer member, is the whole operand ('n = 0',
  /// 'b->live++', '--n', 'while (n < k)').
  void recordCount(const Expr *E, const AccessFact &A);
  /// Is E a count's operand: a global integer, or an integer member ('b->live',
  /// 'g.n'), given its location's id, class-level flag and member name?
  static bool countOperand(const Expr *E, const Id &Loc, bool ClassLevel, llvm::StringRef Field);
  /// A predicate wait's lambda ('cv.wait(lk, [&] { return n == 0; })'): a
  /// count test of each integer member or global it reads, spanning Wait.
  void notePredicateCounts(const Stmt *Wait, const Expr *Pred);
  /// The loop whose condition E is part of (through enclosing expressions
  /// only: 'while (!load(&x))', 'while (n < k)'), or null.
  const Stmt *loopTestedBy(const Expr *E) const;
  /// Loop polls what its condition reads: nothing in the loop (condition,
  /// body, increment) assigns, counts or takes the address of a variable or
  /// member the condition reads, gives a call a pointer the condition reads
  /// through (or 'this', or calls a non-const method on it), or leaves by a
  /// 'break' or 'goto'. Other calls may change it (another thread's write,
  /// seen after a poll's 'sleep').
  bool pollLoop(const Stmt *Loop) const;
  /// Leaving Loop needs the value read at E, a part of its condition: E is
  /// not an operand of a '&&' (a '||' under a '!') that may decide alone.
  bool exitNeeds(const Expr *E, const Stmt *Loop) const;
  /// E is counted up ('E++', '++E', 'E += k': 1) or down ('E--', 'E -= k':
  /// -1), or neither (0).
  int countStep(const Expr *E) const;
  /// Loop, whose condition reads E (exitNeeds), leaves once E reads zero:
  /// 'while (E)', 'while (E != 0)', 'while (E > 0)', 'while (!(E == 0))'.
  bool exitsOnZero(const Expr *E, const Stmt *Loop) const;

  // ---- the walk --------------------------------------------------------

  void transfer(State &St, const CFGElement &E);
  /// The last walk, from the fixpoint's states In, over the blocks in
  /// Order: records the facts (walkBlock).
  void emitFacts(const std::vector<const CFGBlock *> &Order, const std::vector<State> &In);
  /// Steps St through B's elements; when recording (Emit), also each
  /// access's and call's CFG position and B's exit (recordExit).
  void walkBlock(const CFGBlock *B, State &St);
  /// After the one recording pass (dataflow): LockOpFact::Recursive as the
  /// lock ops of a walk after a whole pass would have it, from every
  /// expression of the lock seen (RecursiveIds), not only those before.
  void settleRecursive();
  /// Walk an acyclic CFG once, recording as it goes (needsRerun).
  bool OnePass = true, Rerun = false;

  void recordAccess(State &St, const Expr *E);
  /// 'p->method()' on a library class through a pointer classifyPointee
  /// names: a read (const method) or a write of what p points to.
  void recordPointeeCall(State &St, const CXXMemberCallExpr *MC);
  /// The access of kind K to location L that E (of an object of type
  /// ObjType) makes at At, with the state's locks, threads and hand-offs.
  void emitAccess(State &St, const Expr *E, QualType ObjType, const LocInfo &L, AccessKind K,
                  bool AtomicBuiltin, const FunctionDecl *External, SourceLocation At);

  /// An access to the whole object a pointer (or, for '.', an object) denotes:
  /// through a global pointer, a fresh heap pointer, or else as its class.
  void recordWholeObject(State &St, const Stmt *S, const Expr *Obj, bool Write,
                         SourceLocation At);

  /// A call or construct expression S: what it does to the objects it is
  /// given, the library state it touches, and the call itself, direct,
  /// through a function value, or of the library.
  void recordCall(State &St, const Stmt *S);
  /// What S calls (null: through a function value), with which arguments
  /// (an operator method's object left out), and where.
  struct CallSite {
    const FunctionDecl *Callee = nullptr;
    std::vector<const Expr *> Args;
    SourceLocation At;
  };
  static CallSite callSite(const Stmt *S);
  /// A method called on a global object makes its class shared.
  void noteGlobalReceiver(const Stmt *S, const FunctionDecl *Callee);
  /// free(p): a write of the whole object p points to.
  void recordFree(State &St, const Stmt *S, const FunctionDecl *Callee,
                  llvm::ArrayRef<const Expr *> Args, SourceLocation At);
  /// A library function with hidden shared state (rand, strtok, ...): an
  /// access to that state.
  void recordLibcState(State &St, const Stmt *S, const FunctionDecl *Callee, SourceLocation At);
  /// The function values among the arguments.
  std::vector<FnArg> fnArgsOf(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args);
  /// A call through a function value. True when S is one (Callee is null),
  /// recorded or not.
  bool recordIndirectCall(State &St, const Stmt *S, const FunctionDecl *Callee,
                          llvm::ArrayRef<const Expr *> Args, const std::vector<FnArg> &FnArgs,
                          SourceLocation At);
  /// A call of a function with no body in this program as far as the
  /// extraction knows (libraryFunction): the buffers it reads or writes and
  /// what it does with the function values it is given. True when S is one.
  bool recordLibraryCall(State &St, const Stmt *S, const FunctionDecl *Callee,
                         llvm::ArrayRef<const Expr *> Args, const std::vector<FnArg> &FnArgs,
                         SourceLocation At);
  /// A call of a function of the program: a CallFact, joined to its callee
  /// by USR at the merge.
  void recordDirectCall(State &St, const Stmt *S, const FunctionDecl *Callee,
                        llvm::ArrayRef<const Expr *> Args, std::vector<FnArg> FnArgs,
                        SourceLocation At);

  /// What calling this function does to the caller's locks (see TUContext::Effect).
  void recordEffect();

  /// A call to a lock()/unlock() wrapper takes or releases what the wrapper does,
  /// with its parameters replaced by the call's arguments.
  void applyEffects(State &St, const Stmt *S);

  void dataflow();

  /// A block that leaves the function normally: the locks it holds there.
  void recordExit(const CFGBlock *B, const CFGBlock *ExitB, const State &St);
  /// The locks held at each return, by what it returns: 0 (a null pointer
  /// too), or anything else or unknown (recordExit; for recordEffect); and,
  /// for a function returning a pointer, the lock the returned value names
  /// (lockOf: '&mu', a local lock pointer), if it is one.
  struct ExitLocks {
    bool Zero = false;
    LockSet Locks;
    Id Returned;
  };
  std::vector<ExitLocks> ExitsByZero;
  /// A local lock pointer's one named target (FunctionFacts::LockTargets),
  /// else H itself: what an effect reports for the caller.
  HeldLock namedTarget(const HeldLock &H) const;
  /// Conditional acquisitions (TUContext::Effect::TryOnZero/TryOnNonZero).
  void tryEffects(TUContext::Effect &E) const;

  void finish();
};

} // namespace extract
} // namespace parcheck

#endif
