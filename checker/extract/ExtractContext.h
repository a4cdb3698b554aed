//===- ExtractContext.h - state shared by the extract stage -----*- C++ -*-===//
//
// Private to checker/extract/: the TU-wide context every function walk reads and
// writes (TUContext), the dataflow state at one program point (State) and the
// small AST helpers the walk uses everywhere. Nothing outside extract/ includes
// it, which is why it may bring clang's names into parcheck::extract.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_EXTRACT_EXTRACTCONTEXT_H
#define PARCHECK_EXTRACT_EXTRACTCONTEXT_H

#include "facts/Facts.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace parcheck {
namespace extract {

using namespace clang;

/// The declaration's USR, or "" when it has none. Computed once per
/// declaration while a UsrMemo is alive on the calling thread.
std::string usrOf(const Decl *D);

/// While alive, usrOf on this thread keeps what it computes, by declaration:
/// one per TU's extraction (FactsConsumer::HandleTranslationUnit), whose AST
/// does not change meanwhile; a declaration's USR was asked for up to a dozen
/// times (the variable at each access, the callee at each call: 1.5% of the
/// extraction). Not after it: another TU's declarations reuse the addresses.
class UsrMemo {
public:
  UsrMemo();
  ~UsrMemo();
  UsrMemo(const UsrMemo &) = delete;
  UsrMemo &operator=(const UsrMemo &) = delete;

private:
  friend std::string usrOf(const Decl *D);
  llvm::DenseMap<const Decl *, std::string> Memo;
  UsrMemo *Outer;
};

/// A data member's name as locations name it: "Class::field" (an unnamed
/// record by its type's name).
std::string memberFieldName(const FieldDecl *F);
/// The class part of memberFieldName: "Class" of "Class::member".
std::string recordClassName(const RecordDecl *RD);
/// For a construction by a defined constructor, each member the constructor
/// initialises straight from one of its parameters ('n(n)'), with the
/// construction's argument for that parameter.
void ctorMemberArgs(const CXXConstructExpr *CE,
                    llvm::function_ref<void(const FieldDecl *, const Expr *)> Fn);

const Expr *strip(const Expr *E);

/// E's value when it is an integer constant expression ('K', an enumerator,
/// '1 << 3'), else none.
std::optional<int64_t> intConstant(const Expr *E, const ASTContext &Ctx);

/// Does S always end in a return (the last statement, through blocks), or
/// with LoopJumps also in a break or continue: what follows S in its block
/// never runs after it?
bool endsInJump(const Stmt *S, bool LoopJumps);

/// The variable or member a thread handle expression is in: E without '&',
/// '*', subscripts ('t[i]', 'v[i]') and member calls ('v.at(i)', 'v.back()')
/// and, when Arithmetic, without pointer arithmetic ('threads + i')
/// (Threads.cpp).
const Expr *handleBase(const Expr *E, bool Arithmetic);

bool isLoop(const Stmt *S);

bool isConstantIndex(const Expr *E, ASTContext &Ctx);

/// The memory order an atomic operation's order operand names, when it is a
/// constant (C11 / GCC numbering: 0 relaxed, 1 consume, 2 acquire, 3 release,
/// 4 acq_rel, 5 seq_cst; not clamped); none when there is none or it is not
/// a constant (Escape.cpp).
std::optional<uint64_t> constantOrder(const Expr *Order, const ASTContext &Ctx);

// ---- function values (FnValues.cpp) -----------------------------------

/// A function pointer, a reference to a function, or an array of them.
bool isFnValueType(QualType T);
/// The slot an lvalue of such a type names (FnValue::Slot): a parameter, a
/// member (a union's members are one slot), a global, a local; "" if none.
/// An element of an array is the array's slot.
Id fnSlotOf(const Expr *E);
/// The slot of a member, a parameter or a variable.
Id fnSlotOfDecl(const ValueDecl *D);
/// The function values E may evaluate to ('c ? f : g' gives both).
void fnValuesOf(const Expr *E, std::vector<FnValue> &Out);
/// The role of a library function in the event-loop model (the table in
/// FnValues.cpp; facts/EventSlots.h): it registers a callback with a base or
/// an event object (event_set, event_new, uv_timer_start), binds an event
/// object to a base (event_base_set, uv_timer_init), or runs the loop of a
/// base (event_base_loop, uv_run). Base and Event are argument indexes, -1
/// when the function takes none.
enum class EventRole { Register, Bind, Loop };
struct EventApi {
  EventRole Role;
  int Base, Event;
};
std::optional<EventApi> eventApi(const FunctionDecl *F);
/// A pointer to an event base (struct event_base, uv_loop_t).
bool isEventBaseType(QualType T);
/// The slot naming an event base or an event object: 'main_base', 'me->base',
/// '&c->event' (its address) as fnSlotOf names them; "" if none.
Id eventObjectSlot(const Expr *E);
/// A call of the event library function Api with Args: adds the stores of a
/// registration or a bind to Stores; returns the slots a loop calls.
std::vector<Id> eventApiCall(const EventApi &Api, llvm::ArrayRef<const Expr *> Args,
                             const std::vector<FnArg> &FnArgs, std::set<FnStore> &Stores);
/// A direct call of a function of the program: what its event-base parameters
/// have registered goes to the bases its caller passes (an unknown base when
/// the argument names none).
void noteBaseArgs(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                  std::set<FnStore> &Stores);
/// A library function that keeps its callbacks for an event of the process,
/// not a thread: pthread_atfork's handlers run inside fork() (the child's in
/// the child, which has one thread). Not a call, and not followed (known
/// limit: the prepare and parent handlers' accesses are not analysed).
bool registersForkHandler(const FunctionDecl *F);
/// A library function that runs its callback once per run of the program
/// (pthread_once, call_once), returning only once that run has completed.
bool runsOnce(const FunctionDecl *F);

/// Facts shared by all functions of one TU.
class TUContext {
public:
  TUContext(ASTContext &Ctx, TUFacts &Out)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Out(Out), Preprocessed(isPreprocessedMain(SM)) {}

  ASTContext &Ctx;
  SourceManager &SM;
  TUFacts &Out;
  llvm::DenseSet<const VarDecl *> EscapedLocals;
  /// Per escaping local: how often its address is taken, and how often as a
  /// direct call's argument; locals shared otherwise (captured by reference,
  /// std::ref, thread APIs) are in SharedLocals.
  llvm::DenseMap<const VarDecl *, unsigned> AddrTaken, AddrAsArg;
  llvm::DenseSet<const VarDecl *> SharedLocals;
  llvm::DenseSet<const VarDecl *> RefCaptured; ///< Captured by reference by some lambda.
  /// Mutexes made recursive with PTHREAD_MUTEX_RECURSIVE attributes or initialisers.
  llvm::DenseSet<const Decl *> RecursiveMutexes;
  llvm::DenseSet<const VarDecl *> RecursiveAttrs;
  /// Per canonical lock type: does its spelling name a recursive mutex
  /// (FunctionAnalyzer::isRecursiveMutex; printing a type per lock expression
  /// was its cost)?
  llvm::DenseMap<const Type *, bool> RecursiveMutexTypes;
  /// isAtomicType and isSyncType of a type as written (typedefs kept: a
  /// project's name for a pthread type counts), asked at every access
  /// (FunctionAnalyzer::classify): bit 1 atomic, bit 2 sync.
  llvm::DenseMap<const Type *, uint8_t> SyncKinds;
  enum : uint8_t { KindAtomic = 1, KindSync = 2 };
  std::set<std::string> SharedClasses;
  /// Lock effects of functions that return holding a lock they took, or that
  /// release one their caller took (lock()/unlock() wrappers), by USR. Ids
  /// "param:<usr>#i" stand for the i-th argument.
  using Effect = LockEffect;
  std::map<std::string, Effect> Effects, NewEffects;
  /// Effects of functions defined in other TUs (makeFactsConsumer's Imports):
  /// used for a callee with no effect of its own here.
  std::map<std::string, Effect> Imported;
  /// Per function body, walked once per TU: the members its plain
  /// assignments write ('q->prev->next = ..') and its calls' direct callees
  /// whose links are read (linkDef: a body here, outside system headers), in
  /// forEachStmt's order (FunctionAnalyzer::findCalleeLinkWrites asks for
  /// every callee of every call, to a depth of two: a walk of each callee's
  /// body per call was 6% of the extraction of a program of small functions).
  struct BodyLinks {
    llvm::SmallVector<const Decl *, 4> MemberWrites;
    llvm::SmallVector<const FunctionDecl *, 4> Callees;
  };
  /// By pointer: an entry stays put while the memo grows (the walk reads a
  /// callee's entry while adding its callees').
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<BodyLinks>> BodyLinksMemo;
  /// F's definition when it has a body here outside system headers, else
  /// null; once per declaration (a library function's is looked for at each
  /// of its calls otherwise).
  const FunctionDecl *linkDef(const FunctionDecl *F) {
    if (!F)
      return nullptr;
    auto [It, New] = LinkDefs.try_emplace(F, nullptr);
    if (New) {
      const FunctionDecl *Def = F->getDefinition();
      if (Def && Def->getBody() && !inSystem(Def->getLocation()))
        It->second = Def;
    }
    return It->second;
  }
  llvm::DenseMap<const FunctionDecl *, const FunctionDecl *> LinkDefs;
  /// isLibraryFunction's answers, once per declaration (asked at every call
  /// by several walks).
  llvm::DenseMap<const FunctionDecl *, bool> LibraryFns;
  /// FunctionAnalyzer::varName's answers: a global's qualified name was
  /// printed again at each access and lock of it.
  llvm::DenseMap<const VarDecl *, std::string> VarNames;
  /// Functions of this TU whose every non-null return hands its caller an
  /// object no other thread can reach (extract/HandOff.cpp): a fresh one (an
  /// allocation wrapper, 'cqi_new') or one taken out of a lock-protected
  /// container ('cq_pop'). Settled over the extraction rounds, as Effects.
  enum class Returned : char { Fresh, Taken };
  std::map<std::string, Returned> OwnedReturns, NewOwnedReturns;
  const Effect *effectOf(const std::string &Usr) const {
    auto It = Effects.find(Usr);
    if (It != Effects.end())
      return &It->second;
    It = Imported.find(Usr);
    return It == Imported.end() ? nullptr : &It->second;
  }
  std::set<std::pair<Id, Id>> PointsTo;
  /// Where function values are stored in this TU (TUFacts::FnStores).
  std::set<FnStore> FnStores;
  /// Aggregate initialisers of records with function members
  /// (TUFacts::Descriptors), and the initialisers of globals among them
  /// (DescriptorFact::Fixed), noted when their variable is visited.
  std::set<DescriptorFact> Descriptors;
  /// Records copied as whole values (TUFacts::CopiedRecords).
  std::set<std::string> CopiedRecords;
  /// Object counts (TUFacts::ObjectSites, ManyObjects, OneObjectNodes,
  /// GlobalCells).
  std::set<std::pair<std::string, std::string>> ObjectSites;
  std::set<std::string> ManyObjects, OneObjectNodes, GlobalCells;
  /// FunctionFacts::GlobalCells, by function USR.
  std::map<std::string, std::set<std::string>> FnGlobalCells;
  /// reassignedParams per function, for fnObjectNode.
  llvm::DenseMap<const FunctionDecl *, llvm::DenseSet<const ParmVarDecl *>> ReassignedParams;
  llvm::DenseSet<const InitListExpr *> GlobalInits;
  /// Copies of pointer values between origin nodes in globals' initialisers
  /// (TUFacts::OriginFlows; extract/Origins.h), and per record the length of
  /// the longest common initial sequence it shares with another record of
  /// the TU (built once, on first use).
  std::set<std::pair<std::string, std::string>> OriginFlows;
  std::optional<llvm::DenseMap<const RecordDecl *, unsigned>> SharedPrefix;
  /// Per function definition: may a call of it wait on a condition variable,
  /// counting bodies in other TUs as waiting (MayWait) or not (WaitsHere)?
  /// (extract/Cuts.cpp, waits.)
  llvm::DenseMap<const FunctionDecl *, bool> MayWait, WaitsHere;
  /// The same for barrier waits, bodies of this TU only (extract/Phases.cpp).
  llvm::DenseMap<const FunctionDecl *, bool> BarrierHere;
  struct WaitScan {
    bool Direct = false, Unseen = false;
    bool Barrier = false; ///< A barrier wait itself (isBarrierWait).
    std::vector<const FunctionDecl *> Callees;
  };
  llvm::DenseMap<const FunctionDecl *, WaitScan> WaitScans;
  void storeFn(const Id &Slot, const Expr *Value, const std::string &Owner = "") {
    if (Slot.empty() || !Value)
      return;
    std::vector<FnValue> Vs;
    fnValuesOf(Value, Vs);
    for (FnValue &V : Vs)
      FnStores.insert({Slot, std::move(V), Owner});
  }

  SrcLoc loc(SourceLocation L) {
    if (L.isInvalid())
      return SrcLoc();
    // A fact's place is asked for again as its lock, its operation and its
    // access are recorded: the last answers, by the location's encoding.
    LocSlot &Slot = LocCache[(L.getRawEncoding() * 0x9E3779B1u) >> (32 - LocCacheBits)];
    if (Slot.Raw != L.getRawEncoding()) {
      Slot.Raw = L.getRawEncoding();
      Slot.Loc = locUncached(L);
    }
    return Slot.Loc;
  }
  SrcLoc locUncached(SourceLocation L) {
    SrcLoc R;
    L = SM.getFileLoc(L);
    if (Preprocessed)
      return presumed(L);
    FileID FID = SM.getFileID(L);
    auto It = FileNames.find(FID);
    if (It == FileNames.end()) {
      std::string Name;
      if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID)) {
        llvm::SmallString<256> P(FE->getName());
        SM.getFileManager().makeAbsolutePath(P);
        llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
        Name = std::string(P);
      }
      It = FileNames.insert({FID, FileName(Name)}).first;
    }
    R.File = It->second;
    R.Line = SM.getSpellingLineNumber(L);
    R.Col = std::min(SM.getSpellingColumnNumber(L), SrcLoc::MaxCol);
    return R;
  }

  /// The TU's source file; for a preprocessed one, the file its first line
  /// marker names (`# 1 "x.c"`), not the temporary .i a build engine made.
  std::string mainFileName() {
    SourceLocation Start = SM.getLocForStartOfFile(SM.getMainFileID());
    if (Preprocessed) {
      llvm::StringRef Text = SM.getBufferData(SM.getMainFileID());
      size_t EOL = Text.find('\n');
      if (EOL != llvm::StringRef::npos && EOL + 1 < Text.size())
        Start = Start.getLocWithOffset(EOL + 1);
    }
    return loc(Start).File;
  }

  bool inSystem(SourceLocation L) { return L.isInvalid() || SM.isInSystemHeader(SM.getFileLoc(L)); }

private:
  /// loc's cache, direct-mapped (raw encoding 0 is the invalid location,
  /// never stored).
  struct LocSlot {
    SourceLocation::UIntTy Raw = 0;
    SrcLoc Loc;
  };
  static constexpr unsigned LocCacheBits = 6;
  std::array<LocSlot, 1u << LocCacheBits> LocCache;

  /// A preprocessed main file (.i, .ii: what a distributed compiler engine
  /// ships to a remote facts step) names its sources by line markers.
  static bool isPreprocessedMain(const SourceManager &SM) {
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getMainFileID());
    llvm::StringRef Ext = FE ? llvm::sys::path::extension(FE->getName()) : "";
    return Ext == ".i" || Ext == ".ii";
  }
  /// The location its line markers give: the original file, line and column.
  SrcLoc presumed(SourceLocation L) {
    SrcLoc R;
    PresumedLoc P = SM.getPresumedLoc(L);
    if (P.isInvalid())
      return R;
    auto It = PresumedNames.find(P.getFilename());
    if (It == PresumedNames.end()) {
      llvm::SmallString<256> Path(P.getFilename());
      SM.getFileManager().makeAbsolutePath(Path);
      llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
      It = PresumedNames.insert({P.getFilename(), FileName(Path.str())}).first;
    }
    R.File = It->second;
    R.Line = P.getLine();
    R.Col = std::min(P.getColumn(), SrcLoc::MaxCol);
    return R;
  }

  bool Preprocessed;
  llvm::StringMap<FileName> PresumedNames;
  llvm::DenseMap<FileID, FileName> FileNames;
};

/// Calls Visit(S) for every statement of Body, depth first, outside lambda
/// bodies (a lambda's code runs when it is called, not here), until Visit
/// returns false. False when stopped so.
template <typename VisitFn> bool forEachStmt(const Stmt *Body, VisitFn Visit) {
  std::vector<const Stmt *> Todo{Body};
  while (!Todo.empty()) {
    const Stmt *S = Todo.back();
    Todo.pop_back();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (!Visit(S))
      return false;
    for (const Stmt *C : S->children())
      Todo.push_back(C);
  }
  return true;
}

/// The parameters Body assigns (=, op=), increments, decrements or takes the
/// address of, lambda bodies included (a by-reference capture may reassign
/// one) (Aliases.cpp). FunctionAnalyzer::findReassigned is the analysed
/// function's own, wider rule (reference bindings, aliases).
llvm::DenseSet<const ParmVarDecl *> reassignedParams(const Stmt *Body);
/// The variable or member an lvalue names ('n', 'p->f'), through parentheses
/// and implicit casts, or null (CondFlow.cpp).
const ValueDecl *namedBy(const Expr *E);
/// The member a call through a function member calls ('m->mod->eval' in
/// 'm->mod->eval(..)' or '(*m->mod->eval)(..)'), or null.
const MemberExpr *calleeMember(const Expr *Callee);
/// The same rule for every variable (reassignedParams keeps the parameters):
/// the ones Body assigns, steps or takes the address of, lambdas included.
llvm::DenseSet<const VarDecl *> reassignedVars(const Stmt *Body);

/// The state-machine facts of FD (FunctionFacts::StateArms, StateWrites,
/// ValueCalls; extract/StateArms.cpp).
void collectStateFacts(TUContext &TU, const FunctionDecl *FD, FunctionFacts &Out);
/// 'x.f = &v' inside a loop, v declared outside it (a global, or a local of
/// the enclosing scope): every iteration's record points to the one v, so
/// v's class is shared (TUContext::SharedClasses), though the records may be
/// each thread's own (a per-thread argument block whose 'stats' member all
/// threads share). The same for 'x.f = p' in a loop that creates threads, p
/// a pointer declared outside the loop and not assigned in it: every record
/// points to the object p holds.
void collectCommonPointees(TUContext &TU, const FunctionDecl *FD);
/// Object counts (ObjectCounts.cpp, TUFacts::ObjectSites/ManyObjects): a
/// global variable's object (and a by-value parameter's, a global array's),
/// a type whose objects are many (a member, a temporary), a call's template
/// arguments, and the creation sites in FD's body.
void countGlobalObjects(TUContext &TU, const VarDecl *VD);
void countManyObjects(TUContext &TU, QualType T);
void countMemberObjects(TUContext &TU, const FieldDecl *FD);
void countCallObjects(TUContext &TU, const CallExpr *CE);
void collectObjectSites(TUContext &TU, const FunctionDecl *FD);
/// A library allocator ('malloc', 'calloc', 'realloc', and wrappers named
/// so: 'xmalloc', 'ZSTD_customCalloc', 'lzma_alloc').
bool allocatorCall(const CallExpr *CE);

/// Is S a wait on a reusable barrier: 'pthread_barrier_wait(&b)' or
/// 'b.arrive_and_wait()' on a std::barrier (extract/Phases.cpp)?
bool isBarrierWait(const Stmt *S);
/// May a call of F wait on a barrier: its body, or that of a function it
/// calls, in this TU does (extract/Cuts.cpp, waits; memo TU.BarrierHere)?
bool waitsOnBarrier(const FunctionDecl *F, TUContext &TU);

struct State {
  bool Reached = false;
  LockSet Locks;
  LockSet May; ///< Locks held on at least one path here (union at joins).
  std::map<const VarDecl *, LockSet> Guards;
  std::set<std::string> Spawned, Joined;
  /// Local pointers holding a fresh allocation not yet published on any path
  /// here (must-set), each with the callee parameters it was handed to.
  std::map<const VarDecl *, std::set<Id>> Fresh;
  /// Local pointers holding an object this thread took out of a
  /// lock-protected container and has not published again (must-set; the
  /// same hand-off sets as Fresh). See extract/HandOff.cpp.
  std::map<const VarDecl *, std::set<Id>> Owned;
  /// Local pointers holding null on every path here ('T *stack = NULL;'): a
  /// pointer owned on the other paths of a join stays owned (it is then the
  /// owned object or nothing).
  std::set<const VarDecl *> Null;
  /// Fresh or owned local pointers copied into one another ('end = stack;',
  /// 'eio = &p->io_ctx;'): two names of one object, both fresh or owned;
  /// publishing either drops both (may-set of links, both directions).
  std::map<const VarDecl *, std::set<const VarDecl *>> Copies;
  /// Fresh or owned local pointers put into a container while these locks
  /// were held (extract/HandOff.cpp, putsIntoContainer): a consumer takes
  /// them only under the container's lock, one of these, so they stay this
  /// thread's until it releases any of them (or waits on one).
  std::map<const VarDecl *, std::set<parcheck::Id>> PutUnder;
  /// Locks taken on some path to here (may-set, never shrinks): a release of
  /// a lock not taken before is a release of the caller's lock.
  std::set<Id> Taken;
  /// Correlated branches (CondFlow.cpp): tested conditions that hold the same
  /// value on every path here (key -> value), and locks held exactly on the
  /// paths where such a condition has a value (lock id -> (key, value)), so
  /// that 'if (!n) unlock(&l); ...; if (n) unlock(&l);' releases l.
  std::map<std::string, bool> Conds;
  std::map<Id, std::pair<std::string, bool>> HeldIf;
  /// Locals holding a try-lock's result that were tested to be its success
  /// value on every path here and not assigned since (must-set).
  std::set<const VarDecl *> TryHeld;
  /// A lock class held more than once (a member lock of two objects of one
  /// class, 'possess(a); possess(b);', both named 'lock_s::mutex'): how many
  /// holds beyond the first (must: the fewest over the paths here, at most
  /// MaxExtraHolds). Releasing one object's lock leaves the class held.
  std::map<parcheck::Id, unsigned> Extra;
  static constexpr unsigned MaxExtraHolds = 2;

  bool operator==(const State &O) const {
    return Reached == O.Reached && Locks == O.Locks && May == O.May && Guards == O.Guards &&
           Extra == O.Extra &&
           Spawned == O.Spawned && Joined == O.Joined && Taken == O.Taken && Fresh == O.Fresh && Owned == O.Owned &&
           Null == O.Null && Copies == O.Copies && PutUnder == O.PutUnder &&
           Conds == O.Conds && HeldIf == O.HeldIf && TryHeld == O.TryHeld;
  }
  /// 'f|t' for an element's handle 'f|t[1]' (FunctionAnalyzer::handleKey);
  /// the handle itself otherwise.
  static std::string collectionOf(const std::string &H) {
    if (H.empty() || H.back() != ']')
      return H;
    return H.substr(0, H.rfind('['));
  }
  std::vector<std::string> live() const {
    std::vector<std::string> R;
    for (const std::string &H : Spawned)
      if (!Joined.count(H) && !Joined.count(collectionOf(H)))
        R.push_back(H);
    return R;
  }
  void add(const HeldLock &H) {
    HeldIf.erase(H.Id);
    auto It = std::lower_bound(Locks.begin(), Locks.end(), H);
    if (It == Locks.end() || It->Id != H.Id)
      Locks.insert(It, H);
    addMay(H);
  }
  /// An acquisition: add(H), or one more hold of a lock class already held
  /// (Extra); a named lock taken again stays one hold.
  void acquire(const HeldLock &H) {
    auto It = std::lower_bound(Locks.begin(), Locks.end(), H);
    if (It != Locks.end() && It->Id == H.Id && H.Id.kind() == IdKind::Field) {
      unsigned &N = Extra[H.Id];
      N = std::min(N + 1, MaxExtraHolds);
      addMay(H);
      return;
    }
    add(H);
  }
  void addMay(const HeldLock &H) {
    Taken.insert(H.Id);
    auto It = std::lower_bound(May.begin(), May.end(), H);
    if (It == May.end() || It->Id != H.Id)
      May.insert(It, H);
  }
  bool mayHold(const parcheck::Id &Id) const {
    for (const HeldLock &H : May)
      if (H.Id == Id)
        return true;
    return false;
  }
  /// Lock Id is released (or waited on): what was put under it is
  /// published now (PutUnder).
  void endPutsUnder(const parcheck::Id &Id) {
    for (auto It = PutUnder.begin(); It != PutUnder.end();) {
      if (!It->second.count(Id)) {
        ++It;
        continue;
      }
      Fresh.erase(It->first);
      Owned.erase(It->first);
      It = PutUnder.erase(It);
    }
  }
  void remove(const parcheck::Id &Id) {
    endPutsUnder(Id);
    if (auto It = Extra.find(Id); It != Extra.end()) {
      if (--It->second == 0)
        Extra.erase(It);
      return;
    }
    HeldIf.erase(Id);
    Locks.erase(std::remove_if(Locks.begin(), Locks.end(),
                               [&](const HeldLock &H) { return H.Id == Id; }),
                Locks.end());
    May.erase(std::remove_if(May.begin(), May.end(),
                             [&](const HeldLock &H) { return H.Id == Id; }),
              May.end());
  }
};

/// The locks in both sets (both sorted by id).
LockSet intersect(const LockSet &A, const LockSet &B);
/// The correlated-branch part of mergeInto (CondFlow.cpp): call before the
/// lock sets are merged.
void mergeConds(State &Dst, const State &Src);
/// Where control flow joins: must-sets intersect, may-sets unite.
void mergeInto(State &Dst, const State &Src);

enum class AccessKind { None, Read, Write };

struct LocInfo {
  parcheck::Id Id;
  std::string Name, Field;
  bool ClassLevel = false, Atomic = false, Indexed = false;
  bool RefMember = false; ///< AccessFact::RefMember.
  /// The first non-constant index from the accessed element out (Indexed).
  const clang::Expr *Index = nullptr;
};

/// Code of no program TU: a system header's, a builtin, or a body in a
/// system header. A function declared in a project header with no body
/// here is another TU's code (the merge joins it by USR): not a library.
bool isLibraryFunction(const FunctionDecl *F, TUContext &TU);

} // namespace extract
} // namespace parcheck

#endif
