//===- Extract.cpp - one translation unit to facts ------------------------===//
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
// possibly shared locations, calls, spawns and lock operations.
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
#include "Extract.h"
#include "LockModel.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/AnalysisDeclContext.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <optional>
#include <map>
#include <set>

using namespace clang;

namespace parcheck {
namespace {

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (!D || index::generateUSRForDecl(D, Buf))
    return {};
  return std::string(Buf);
}

const Expr *strip(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
      E = M->getSubExpr();
    else if (const auto *B = dyn_cast<CXXBindTemporaryExpr>(E))
      E = B->getSubExpr();
    else if (const auto *W = dyn_cast<ExprWithCleanups>(E))
      E = W->getSubExpr();
    else if (const auto *F = dyn_cast<CXXFunctionalCastExpr>(E))
      E = F->getSubExpr();
    else if (const auto *C = dyn_cast<CStyleCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *C = dyn_cast<CXXNamedCastExpr>(E))
      E = C->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor())
      E = CE->getArg(0);
    else
      break;
  }
  return E;
}

bool isLoop(const Stmt *S) {
  return isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) || isa<CXXForRangeStmt>(S);
}

bool isConstantIndex(const Expr *E, ASTContext &Ctx) {
  return E && !E->isValueDependent() && E->isIntegerConstantExpr(Ctx);
}

/// Facts shared by all functions of one TU.
class TUContext {
public:
  TUContext(ASTContext &Ctx, TUFacts &Out) : Ctx(Ctx), SM(Ctx.getSourceManager()), Out(Out) {}

  ASTContext &Ctx;
  SourceManager &SM;
  TUFacts &Out;
  llvm::DenseSet<const VarDecl *> EscapedLocals;
  /// Mutexes made recursive with PTHREAD_MUTEX_RECURSIVE attributes or initialisers.
  llvm::DenseSet<const Decl *> RecursiveMutexes;
  llvm::DenseSet<const VarDecl *> RecursiveAttrs;
  std::set<std::string> SharedClasses;
  /// Lock effects of functions that return holding a lock they took, or that
  /// release one their caller took (lock()/unlock() wrappers), by USR. Ids
  /// "param:<usr>#i" stand for the i-th argument.
  struct Effect {
    LockSet Acquires, Releases;
    bool empty() const { return Acquires.empty() && Releases.empty(); }
    bool operator==(const Effect &O) const {
      return Acquires == O.Acquires && Releases == O.Releases;
    }
  };
  std::map<std::string, Effect> Effects, NewEffects;
  std::set<std::pair<std::string, std::string>> PointsTo;
  /// Functions stored in global function pointers: a call through the pointer
  /// may call any of them.
  std::map<const VarDecl *, std::set<const FunctionDecl *>> FnPtrTargets;

  SrcLoc loc(SourceLocation L) {
    SrcLoc R;
    if (L.isInvalid())
      return R;
    L = SM.getFileLoc(L);
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
      It = FileNames.insert({FID, Name}).first;
    }
    R.File = It->second;
    R.Line = SM.getSpellingLineNumber(L);
    R.Col = SM.getSpellingColumnNumber(L);
    return R;
  }

  bool inSystem(SourceLocation L) { return L.isInvalid() || SM.isInSystemHeader(SM.getFileLoc(L)); }

private:
  llvm::DenseMap<FileID, std::string> FileNames;
};

struct State {
  bool Reached = false;
  LockSet Locks;
  LockSet May; ///< Locks held on at least one path here (union at joins).
  std::map<const VarDecl *, LockSet> Guards;
  std::set<std::string> Spawned, Joined;

  bool operator==(const State &O) const {
    return Reached == O.Reached && Locks == O.Locks && May == O.May && Guards == O.Guards &&
           Spawned == O.Spawned && Joined == O.Joined;
  }
  std::vector<std::string> live() const {
    std::vector<std::string> R;
    for (const std::string &H : Spawned)
      if (!Joined.count(H))
        R.push_back(H);
    return R;
  }
  void add(const HeldLock &H) {
    auto It = std::lower_bound(Locks.begin(), Locks.end(), H);
    if (It == Locks.end() || It->Id != H.Id)
      Locks.insert(It, H);
    addMay(H);
  }
  void addMay(const HeldLock &H) {
    auto It = std::lower_bound(May.begin(), May.end(), H);
    if (It == May.end() || It->Id != H.Id)
      May.insert(It, H);
  }
  bool mayHold(const std::string &Id) const {
    for (const HeldLock &H : May)
      if (H.Id == Id)
        return true;
    return false;
  }
  void remove(const std::string &Id) {
    Locks.erase(std::remove_if(Locks.begin(), Locks.end(),
                               [&](const HeldLock &H) { return H.Id == Id; }),
                Locks.end());
    May.erase(std::remove_if(May.begin(), May.end(),
                             [&](const HeldLock &H) { return H.Id == Id; }),
              May.end());
  }
};

LockSet intersect(const LockSet &A, const LockSet &B) {
  LockSet R;
  for (const HeldLock &H : A)
    if (std::binary_search(B.begin(), B.end(), H))
      R.push_back(H);
  return R;
}

void mergeInto(State &Dst, const State &Src) {
  if (!Src.Reached)
    return;
  if (!Dst.Reached) {
    Dst = Src;
    return;
  }
  Dst.Locks = intersect(Dst.Locks, Src.Locks);
  for (const HeldLock &H : Src.May)
    Dst.addMay(H);
  for (auto It = Dst.Guards.begin(); It != Dst.Guards.end();) {
    auto S = Src.Guards.find(It->first);
    if (S == Src.Guards.end()) {
      It = Dst.Guards.erase(It);
      continue;
    }
    It->second = intersect(It->second, S->second);
    ++It;
  }
  Dst.Spawned.insert(Src.Spawned.begin(), Src.Spawned.end());
  Dst.Joined.insert(Src.Joined.begin(), Src.Joined.end());
}

enum class AccessKind { None, Read, Write };

struct LocInfo {
  std::string Id, Name, Field;
  bool ClassLevel = false, Atomic = false, Indexed = false;
};

class FunctionAnalyzer {
public:
  FunctionAnalyzer(TUContext &TU, const FunctionDecl *FD, FunctionFacts &Out)
      : TU(TU), Ctx(TU.Ctx), FD(FD), Out(Out) {}

  void run() {
    Out.Usr = usrOf(FD);
    Out.Name = displayName(FD);
    Out.Where = TU.loc(FD->getLocation());
    Out.IsMain = FD->isMain();
    Out.AnnotatedAcquire = FD->hasAttr<AcquireCapabilityAttr>() ||
                           FD->hasAttr<TryAcquireCapabilityAttr>() ||
                           FD->hasAttr<ExclusiveTrylockFunctionAttr>() ||
                           FD->hasAttr<SharedTrylockFunctionAttr>();
    FnUsr = Out.Usr;
    for (const ParmVarDecl *P : FD->parameters())
      Out.ParamNames.push_back(P->getNameAsString());
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
      IsCtorDtor = isa<CXXConstructorDecl>(MD) || isa<CXXDestructorDecl>(MD);
      if (MD->getParent()->isLambda())
        for (const LambdaCapture &C : MD->getParent()->captures())
          if (C.capturesVariable())
            if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
              CaptureByRef[VD] = C.getCaptureKind() == LCK_ByRef;
    }
    const Stmt *Body = FD->getBody();
    buildParents(Body);
    findParamAliases(Body);
    findLockTargets(Body);

    CFG::BuildOptions BO;
    BO.setAllAlwaysAdd();
    BO.AddImplicitDtors = true;
    BO.AddTemporaryDtors = true;
    BO.AddInitializers = true;
    BO.AddCXXDefaultInitExprInCtors = true;
    Cfg = CFG::buildCFG(FD, const_cast<Stmt *>(Body), &Ctx, BO);
    if (!Cfg)
      return;
    dataflow();
    finish();
    recordEffect();
  }

  static std::string displayName(const FunctionDecl *FD) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->getParent()->isLambda())
        return "lambda"; // replaced with a location by the caller
    return FD->getQualifiedNameAsString();
  }

private:
  TUContext &TU;
  ASTContext &Ctx;
  const FunctionDecl *FD;
  FunctionFacts &Out;
  std::string FnUsr;
  bool IsCtorDtor = false;
  std::unique_ptr<CFG> Cfg;
  llvm::DenseMap<const Stmt *, const Stmt *> Parent;
  llvm::DenseMap<const VarDecl *, unsigned> ParamAlias;
  llvm::DenseMap<const VarDecl *, const VarDecl *> GlobalAlias; // int *p = &global
  llvm::DenseMap<const VarDecl *, bool> CaptureByRef;
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
  std::set<std::string> AcquiredHere;   // every lock this function takes
  std::set<std::string> ReleasedUnheld; // released where not held on this path
  LockSet ReleasedUnheldLocks;
  std::vector<std::pair<std::string, const Stmt *>> JoinLoops; // handle, loop
  std::vector<std::pair<size_t, const Stmt *>> SpawnLoops;     // spawn index, loop
  bool Emit = false;
  // Lock-op details for the lock-order and lock-misuse checks.
  std::set<std::string> RecursiveIds;                      // lock ids of recursive mutexes
  std::map<std::string, std::string> CurSpell;             // lock id -> as written, this op
  std::map<std::string, bool> CurOrdered;                  // lock id -> chosen by comparison
  llvm::DenseMap<const VarDecl *, std::map<std::string, std::string>> GuardSpell;
  bool CurWaitLoop = false, CurWaitPred = false;
  std::string CurWaitCond;

  // ---- structure -------------------------------------------------------

  void buildParents(const Stmt *S) {
    if (!S)
      return;
    for (const Stmt *C : S->children()) {
      if (!C)
        continue;
      Parent[C] = S;
      if (isa<LambdaExpr>(C)) // a lambda body is its own function
        continue;
      buildParents(C);
    }
  }

  const Stmt *parent(const Stmt *S) const {
    auto It = Parent.find(S);
    return It == Parent.end() ? nullptr : It->second;
  }

  /// Parent, looking through parentheses and value-preserving casts.
  const Stmt *lvalueParent(const Expr *E, const Expr **Child = nullptr) const {
    const Stmt *P = parent(E);
    const Expr *C = E;
    while (P) {
      if (isa<ParenExpr>(P)) {
        C = cast<Expr>(P);
        P = parent(P);
        continue;
      }
      if (const auto *IC = dyn_cast<ImplicitCastExpr>(P)) {
        CastKind K = IC->getCastKind();
        if (K == CK_NoOp || K == CK_DerivedToBase || K == CK_UncheckedDerivedToBase) {
          C = IC;
          P = parent(P);
          continue;
        }
      }
      break;
    }
    if (Child)
      *Child = C;
    return P;
  }

  const Stmt *enclosingLoop(const Stmt *S) const {
    for (const Stmt *P = parent(S); P; P = parent(P))
      if (isLoop(P))
        return P;
    return nullptr;
  }

  void findParamAliases(const Stmt *S) {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getType()->isPointerType() && VD->getInit()) {
            if (int I = paramIndex(VD->getInit()); I >= 0)
              ParamAlias[VD] = unsigned(I);
            else if (const auto *UO = dyn_cast<UnaryOperator>(strip(VD->getInit()));
                     UO && UO->getOpcode() == UO_AddrOf)
              if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(UO->getSubExpr())))
                if (const auto *G = dyn_cast<VarDecl>(DRE->getDecl());
                    G && G->hasGlobalStorage() && G->getTLSKind() == VarDecl::TLS_None &&
                    !isSyncType(G->getType()))
                  GlobalAlias[VD] = G;
          }
    for (const Stmt *C : S->children())
      if (C && !isa<LambdaExpr>(C))
        findParamAliases(C);
  }

  /// What each local lock pointer may point to (FunctionFacts::LockTargets):
  /// every value it is given must be the address of a named lock ('&mu',
  /// '&g.mu', '&locks[i]'); its own address must not be taken. Never
  /// assigned at all: any lock ("*").
  void findLockTargets(const Stmt *Body) {
    std::map<const VarDecl *, std::vector<const Expr *>> Values;
    std::set<const VarDecl *> Bad, Order;
    std::vector<const VarDecl *> Seen;
    auto Local = [&](const Expr *E) -> const VarDecl * {
      const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (!VD || VD->hasGlobalStorage() || isa<ParmVarDecl>(VD) ||
          !VD->getType()->isPointerType() || !isSyncType(VD->getType()->getPointeeType()))
        return nullptr;
      return VD;
    };
    std::vector<const Stmt *> Todo{Body};
    while (!Todo.empty()) {
      const Stmt *S = Todo.back();
      Todo.pop_back();
      if (!S || isa<LambdaExpr>(S))
        continue;
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D);
              VD && !VD->hasGlobalStorage() && VD->getType()->isPointerType() &&
              isSyncType(VD->getType()->getPointeeType())) {
            if (Order.insert(VD).second)
              Seen.push_back(VD);
            if (VD->getInit())
              Values[VD].push_back(VD->getInit());
          }
      if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
        if (const VarDecl *VD = Local(BO->getLHS())) {
          if (BO->getOpcode() == BO_Assign)
            Values[VD].push_back(BO->getRHS());
          else if (BO->isAssignmentOp())
            Bad.insert(VD);
        }
      }
      if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
        if (const VarDecl *VD = Local(UO->getSubExpr()))
          if (UO->getOpcode() == UO_AddrOf || UO->isIncrementDecrementOp())
            Bad.insert(VD);
      }
      for (const Stmt *C : S->children())
        Todo.push_back(C);
    }
    for (const VarDecl *VD : Seen) {
      if (Bad.count(VD) || ParamAlias.count(VD))
        continue;
      std::string Id = localId(VD);
      std::vector<HeldLock> Ts;
      bool Ok = true;
      for (const Expr *V : Values[VD]) {
        const Expr *X = strip(V);
        if (X->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
          continue;
        const auto *UO = dyn_cast<UnaryOperator>(X);
        if (!UO || UO->getOpcode() != UO_AddrOf) {
          Ok = false;
          break;
        }
        HeldLock T = lockOf(X, X->getBeginLoc());
        T.Where = SrcLoc();
        if (T.Id.rfind("expr:", 0) == 0 || T.Id.rfind("local:", 0) == 0 ||
            T.Id.find("param:") != std::string::npos) {
          Ok = false;
          break;
        }
        Ts.push_back(T);
      }
      if (!Ok)
        continue;
      if (Values[VD].empty()) {
        HeldLock Any;
        Any.Id = "*";
        Any.Name = "*";
        Ts.push_back(Any);
      }
      std::sort(Ts.begin(), Ts.end());
      Ts.erase(std::unique(Ts.begin(), Ts.end()), Ts.end());
      for (const HeldLock &T : Ts)
        Out.LockTargets.push_back({Id, T});
    }
  }

  /// Index of the pointer parameter E denotes (through casts and aliases), or -1.
  int paramIndex(const Expr *E) const {
    E = strip(E);
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E);
    if (!DRE)
      return -1;
    if (const auto *P = dyn_cast<ParmVarDecl>(DRE->getDecl()))
      if (P->getDeclContext() == FD && (P->getType()->isPointerType() ||
                                        P->getType()->isReferenceType()))
        return int(P->getFunctionScopeIndex());
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      auto It = ParamAlias.find(VD);
      if (It != ParamAlias.end())
        return int(It->second);
    }
    return -1;
  }

  /// The global a local pointer was initialised to point to (int *p = &g).
  const VarDecl *aliasedGlobal(const Expr *E) const {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    auto It = VD ? GlobalAlias.find(VD) : GlobalAlias.end();
    return It == GlobalAlias.end() ? nullptr : It->second;
  }

  /// new T, malloc/calloc/realloc or an allocation wrapper (a callee whose
  /// name says alloc).
  static bool isFreshAllocation(const Expr *E) {
    const Expr *X = strip(E);
    if (isa_and_nonnull<CXXNewExpr>(X))
      return true;
    if (const auto *CE = dyn_cast_or_null<CallExpr>(X))
      if (const FunctionDecl *F = CE->getDirectCallee())
        if (F->getIdentifier())
          return F->getName().contains_insensitive("alloc");
    return false;
  }

  /// A local pointer initialised with a fresh allocation (int *p = new int;
  /// malloc), read directly or through a lambda's capture of it.
  static const VarDecl *heapPointer(const Expr *E) {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isPointerType() &&
        VD->getInit() && isFreshAllocation(VD->getInit()))
      return VD;
    return nullptr;
  }
  static std::string heapId(const VarDecl *P) { return "heap:" + usrOf(P); }

  /// Inside the initialiser of a function-local static: C++ runs it once,
  /// under a hidden guard, so it is ordered with every other use of it.
  std::optional<HeldLock> staticInitGuard(const Stmt *S) const {
    for (const Stmt *P = parent(S); P; P = parent(P))
      if (const auto *DS = dyn_cast<DeclStmt>(P)) {
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->isStaticLocal() && VD->getInit()) {
            HeldLock H;
            H.Id = "guard:" + usrOf(VD);
            H.Name = "initialisation of static '" + VD->getNameAsString() + "'";
            H.Where = TU.loc(VD->getLocation());
            return H;
          }
        return std::nullopt;
      }
    return std::nullopt;
  }
  /// Locks held on some paths here but not on all.
  static LockSet mayOnly(const State &St) {
    LockSet R;
    for (const HeldLock &H : St.May)
      if (!std::binary_search(St.Locks.begin(), St.Locks.end(), H))
        R.push_back(H);
    return R;
  }
  LockSet heldAt(const State &St, const Stmt *S) const {
    LockSet Held = St.Locks;
    if (std::optional<HeldLock> G = staticInitGuard(S))
      Held.insert(std::lower_bound(Held.begin(), Held.end(), *G), *G);
    return Held;
  }

  /// The global (or static) pointer variable E reads, if it is one.
  static const VarDecl *globalPointer(const Expr *E) {
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(E));
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    if (VD && VD->hasGlobalStorage() && VD->getType()->isPointerType() &&
        VD->getTLSKind() == VarDecl::TLS_None)
      return VD;
    return nullptr;
  }

  std::string paramId(unsigned I) const { return "param:" + FnUsr + "#" + std::to_string(I); }

  // ---- naming ----------------------------------------------------------

  static std::string varName(const VarDecl *VD) {
    if (VD->isStaticLocal())
      if (const auto *F = dyn_cast<FunctionDecl>(VD->getDeclContext()))
        return F->getNameAsString() + "()::" + VD->getNameAsString();
    if (VD->hasGlobalStorage())
      return VD->getQualifiedNameAsString();
    return VD->getNameAsString();
  }

  std::string localId(const VarDecl *VD) const {
    const DeclContext *DC = VD->getParentFunctionOrMethod();
    return "local:" + usrOf(dyn_cast_or_null<Decl>(DC)) + "|" + usrOf(VD);
  }

  bool capturedByCopy(const DeclRefExpr *DRE) const {
    if (!DRE->refersToEnclosingVariableOrCapture())
      return false;
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    auto It = CaptureByRef.find(VD);
    return It != CaptureByRef.end() && !It->second;
  }

  /// The location an lvalue denotes, or false when it is not one we track.
  bool classify(const Expr *E, LocInfo &L) {
    E = E->IgnoreParens();
    QualType T = E->getType();
    if (isAtomicType(T))
      L.Atomic = true;
    else if (isSyncType(T))
      return false;
    if (T.isConstQualified() && !L.Atomic)
      return false;

    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD || VD->getTLSKind() != VarDecl::TLS_None || VD->isConstexpr())
        return false;
      if (VD->hasGlobalStorage()) {
        L.Id = usrOf(VD);
        L.Name = varName(VD);
        return !L.Id.empty();
      }
      if (const auto *P = dyn_cast<ParmVarDecl>(VD)) {
        if (P->getType()->isReferenceType() && P->getDeclContext() == FD &&
            !P->getType().getNonReferenceType().isConstQualified()) {
          L.Id = paramId(P->getFunctionScopeIndex());
          L.Name = P->getNameAsString();
          return true;
        }
        return false;
      }
      if (VD->getType()->isReferenceType() || capturedByCopy(DRE))
        return false;
      if (TU.EscapedLocals.count(VD)) {
        L.Id = localId(VD);
        L.Name = VD->getNameAsString();
        return true;
      }
      return false;
    }

    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) { // static member
        if (VD->getTLSKind() != VarDecl::TLS_None || VD->isConstexpr())
          return false;
        L.Id = usrOf(VD);
        L.Name = varName(VD);
        return true;
      }
      const auto *FDl = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (!FDl)
        return false;
      std::string Cls = FDl->getParent()->getQualifiedNameAsString();
      if (Cls.empty() || FDl->getParent()->isAnonymousStructOrUnion())
        Cls = recordName(QualType(FDl->getParent()->getTypeForDecl(), 0));
      L.Field = Cls + "::" + FDl->getNameAsString();
      // Walk the base: a path from a variable, or class level.
      std::string Path = "." + FDl->getNameAsString();
      const Expr *B = ME->getBase()->IgnoreParenImpCasts();
      bool Arrow = ME->isArrow();
      while (!Arrow) {
        if (const auto *BM = dyn_cast<MemberExpr>(B)) {
          if (!isa<FieldDecl>(BM->getMemberDecl()))
            break;
          Path = "." + BM->getMemberDecl()->getNameAsString() + Path;
          Arrow = BM->isArrow();
          B = BM->getBase()->IgnoreParenImpCasts();
          continue;
        }
        if (const auto *AS = dyn_cast<ArraySubscriptExpr>(B)) {
          if (!isConstantIndex(AS->getIdx(), Ctx))
            L.Indexed = true;
          B = AS->getBase()->IgnoreParenImpCasts();
          if (!B->getType()->isArrayType()) // pointer arithmetic: class level
            Arrow = true;
          continue;
        }
        break;
      }
      if (!Arrow) {
        if (const auto *DRE = dyn_cast<DeclRefExpr>(B)) {
          const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          if (!VD || VD->getTLSKind() != VarDecl::TLS_None)
            return false;
          if (VD->hasGlobalStorage()) {
            L.Id = "path:" + usrOf(VD) + Path;
            L.Name = varName(VD) + Path;
            return true;
          }
          if (isa<ParmVarDecl>(VD) && VD->getType()->isReferenceType()) {
            Arrow = true; // a reference parameter: class level
          } else if (!VD->getType()->isReferenceType() && !capturedByCopy(DRE) &&
                     TU.EscapedLocals.count(VD)) {
            L.Id = localId(VD) + Path;
            L.Name = VD->getNameAsString() + Path;
            return true;
          } else if (!VD->getType()->isReferenceType()) {
            return false; // a local object nobody else sees
          } else {
            Arrow = true;
          }
        } else if (!isa<CXXThisExpr>(B)) {
          return false; // a temporary or call result
        }
      }
      if (IsCtorDtor && isa<CXXThisExpr>(B))
        return false; // the object is not shared while it is built or destroyed
      // An object reached through a global pointer or returned by a call may be
      // reached by any thread.
      if (Arrow && (isa<CallExpr>(B) || globalPointer(B)))
        TU.SharedClasses.insert(recordName(B->getType()));
      L.ClassLevel = true;
      L.Id = "field:" + L.Field;
      L.Name = L.Field;
      return true;
    }

    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_Deref)
        return false;
      int I = paramIndex(UO->getSubExpr());
      if (I < 0) {
        if (const VarDecl *P = heapPointer(UO->getSubExpr())) {
          L.Id = heapId(P);
          L.Name = "*" + P->getNameAsString();
          return true;
        }
        if (const VarDecl *G = aliasedGlobal(UO->getSubExpr())) {
          L.Id = usrOf(G);
          L.Name = varName(G);
          return true;
        }
        if (const VarDecl *GP = globalPointer(UO->getSubExpr())) {
          L.Id = "pointee:" + usrOf(GP);
          L.Name = "*" + varName(GP);
          return true;
        }
        // *p = s: the whole object, as its class.
        if (UO->getType()->isRecordType()) {
          std::string R = recordName(UO->getType());
          const Expr *B = strip(UO->getSubExpr());
          if (R.empty())
            return false;
          if (isa<CallExpr>(B) || globalPointer(B))
            TU.SharedClasses.insert(R);
          L.ClassLevel = true;
          L.Field = R + "::*";
          L.Id = "field:" + L.Field;
          L.Name = R + " object";
          return true;
        }
        return false;
      }
      L.Id = paramId(unsigned(I));
      L.Name = "*" + FD->getParamDecl(unsigned(I))->getNameAsString();
      return true;
    }

    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      L.Indexed = !isConstantIndex(AS->getIdx(), Ctx);
      const Expr *B = AS->getBase()->IgnoreParenImpCasts();
      if (int I = paramIndex(B); I >= 0) {
        L.Id = paramId(unsigned(I));
        L.Name = FD->getParamDecl(unsigned(I))->getNameAsString() + "[]";
        return true;
      }
      if (const VarDecl *P = heapPointer(B)) {
        L.Id = heapId(P);
        L.Name = P->getNameAsString() + "[]";
        return true;
      }
      if (const VarDecl *GP = globalPointer(B)) {
        L.Id = "pointee:" + usrOf(GP);
        L.Name = varName(GP) + "[]";
        return true;
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(B)) {
        const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        if (!VD || !VD->getType()->isArrayType() || VD->getTLSKind() != VarDecl::TLS_None)
          return false;
        if (VD->hasGlobalStorage()) {
          L.Id = usrOf(VD);
          L.Name = varName(VD) + "[]";
          return true;
        }
        if (TU.EscapedLocals.count(VD) && !capturedByCopy(DRE)) {
          L.Id = localId(VD);
          L.Name = VD->getNameAsString() + "[]";
          return true;
        }
      }
      return false;
    }
    return false;
  }

  /// Is E the outermost expression of an lvalue path (not the base of a '.'
  /// member access or of an array subscript)?
  bool outermost(const Expr *E) const {
    const Expr *C = nullptr;
    const Stmt *P = lvalueParent(E, &C);
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P))
      return ME->isArrow() || ME->getBase()->IgnoreParens() != C->IgnoreParens() ||
             !isa<FieldDecl>(ME->getMemberDecl());
    if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(P))
      if (IC->getCastKind() == CK_ArrayToPointerDecay)
        if (isa_and_nonnull<ArraySubscriptExpr>(parent(IC)))
          return false;
    return true;
  }

  static bool userDefined(const FunctionDecl *F, TUContext &TU) {
    if (!F)
      return false;
    const FunctionDecl *Def = nullptr;
    if (!F->hasBody(Def) || !Def)
      return false;
    return !TU.inSystem(Def->getLocation());
  }

  AccessKind paramAccess(QualType PT) const {
    if (PT->isReferenceType())
      return PT.getNonReferenceType().isConstQualified() ? AccessKind::Read
                                                         : AccessKind::Write;
    return AccessKind::Read;
  }

  AccessKind accessKind(const Expr *E, bool &AtomicBuiltin) {
    const Expr *C = nullptr;
    const Stmt *P = lvalueParent(E, &C);
    if (!P)
      return AccessKind::None;
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(P))
      return IC->getCastKind() == CK_LValueToRValue ? AccessKind::Read : AccessKind::None;
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == C->IgnoreParens())
        return AccessKind::Write;
      return AccessKind::None;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->isIncrementDecrementOp())
        return AccessKind::Write;
      if (UO->getOpcode() == UO_AddrOf) {
        // __atomic_* / __sync_* builtins and C11 atomic_* take the address.
        const Stmt *Q = parent(UO);
        while (Q && (isa<ImplicitCastExpr>(Q) || isa<ParenExpr>(Q) || isa<CStyleCastExpr>(Q)))
          Q = parent(Q);
        if (const auto *AE = dyn_cast_or_null<AtomicExpr>(Q)) {
          AtomicBuiltin = true;
          AtomicExpr::AtomicOp Op = AE->getOp();
          return Op == AtomicExpr::AO__atomic_load || Op == AtomicExpr::AO__atomic_load_n ||
                         Op == AtomicExpr::AO__c11_atomic_load
                     ? AccessKind::Read
                     : AccessKind::Write;
        }
        if (const auto *CE = dyn_cast_or_null<CallExpr>(Q))
          if (const FunctionDecl *F = CE->getDirectCallee())
            if (F->getIdentifier()) {
              llvm::StringRef N = F->getName();
              if (N.starts_with("__atomic_") || N.starts_with("__sync_") ||
                  N.starts_with("__c11_atomic_") || N.starts_with("atomic_")) {
                AtomicBuiltin = true;
                return N.contains("load") ? AccessKind::Read : AccessKind::Write;
              }
              // A library function (scanf, memset, fread) works on the object
              // itself; a user function's accesses are followed into it.
              if (!userDefined(F, TU) && !isa<CXXMemberCallExpr>(CE) &&
                  classifySpawn(CE).Api == ThreadApi::None &&
                  classifyJoin(CE).Api == JoinApi::None)
                for (unsigned I = 0; I < CE->getNumArgs(); ++I) {
                  if (strip(CE->getArg(I)) != UO)
                    continue;
                  if (I >= F->getNumParams())
                    return AccessKind::Write; // variadic: scanf's targets
                  QualType PT = F->getParamDecl(I)->getType();
                  if (PT->isPointerType())
                    return PT->getPointeeType().isConstQualified() ? AccessKind::Read
                                                                   : AccessKind::Write;
                }
            }
      }
      return AccessKind::None;
    }
    if (const auto *AE = dyn_cast<AtomicExpr>(P)) {
      AtomicBuiltin = true;
      switch (AE->getOp()) {
      case AtomicExpr::AO__atomic_load:
      case AtomicExpr::AO__atomic_load_n:
      case AtomicExpr::AO__c11_atomic_load:
        return AccessKind::Read;
      default:
        return AccessKind::Write;
      }
    }
    // obj.method(): the object is the base of the callee's MemberExpr.
    if (const auto *ME = dyn_cast<MemberExpr>(P))
      if (isa<CXXMethodDecl>(ME->getMemberDecl()))
        P = parent(ME);
    if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(P)) {
      if (MC->getImplicitObjectArgument()->IgnoreParenImpCasts() != C->IgnoreParenImpCasts())
        return AccessKind::None;
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (!MD || userDefined(MD, TU))
        return AccessKind::None; // the callee's own accesses are analysed
      return MD->isConst() ? AccessKind::Read : AccessKind::Write;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      const auto *F = dyn_cast_or_null<FunctionDecl>(OC->getCalleeDecl());
      if (!F || userDefined(F, TU))
        return AccessKind::None;
      for (unsigned I = 0; I < OC->getNumArgs(); ++I) {
        if (OC->getArg(I)->IgnoreParenImpCasts() != C->IgnoreParenImpCasts())
          continue;
        if (const auto *MD = dyn_cast<CXXMethodDecl>(F)) {
          if (I == 0)
            return MD->isConst() ? AccessKind::Read : AccessKind::Write;
          if (I - 1 < MD->getNumParams())
            return paramAccess(MD->getParamDecl(I - 1)->getType());
        } else if (I < F->getNumParams()) {
          return paramAccess(F->getParamDecl(I)->getType());
        }
      }
      return AccessKind::None;
    }
    if (const auto *CE = dyn_cast<CallExpr>(P)) {
      const FunctionDecl *F = CE->getDirectCallee();
      if (!F)
        return AccessKind::None;
      // std::ref(x), std::move(x), std::addressof(x) name the object; they do
      // not touch it.
      if (F->getIdentifier() && F->isInStdNamespace() &&
          llvm::StringSwitch<bool>(F->getName())
              .Cases("ref", "cref", "move", "forward", "addressof", "as_const", true)
              .Default(false))
        return AccessKind::None;
      // A reference bound to a user function's parameter is followed into it.
      bool User = userDefined(F, TU);
      for (unsigned I = 0; I < CE->getNumArgs() && I < F->getNumParams(); ++I)
        if (CE->getArg(I)->IgnoreParenImpCasts() == C->IgnoreParenImpCasts())
          return User ? AccessKind::None : paramAccess(F->getParamDecl(I)->getType());
      return AccessKind::None;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      if (CE->getConstructor()->isCopyOrMoveConstructor())
        return AccessKind::Read;
      return AccessKind::None;
    }
    return AccessKind::None;
  }

  // ---- locks -----------------------------------------------------------

  HeldLock lockOf(const Expr *E, SourceLocation At) {
    HeldLock H;
    H.Where = TU.loc(At);
    const Expr *X = strip(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(X))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
        X = strip(UO->getSubExpr());
    bool Array = false;
    while (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      X = strip(AS->getBase());
      Array = true;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(X)) // locks + i
      if (BO->isAdditiveOp()) {
        X = strip(BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS());
        Array = true;
      }
    if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
        std::string Cls = F->getParent()->getQualifiedNameAsString();
        const Expr *B = ME->getBase()->IgnoreParenImpCasts();
        const auto *DRE = dyn_cast<DeclRefExpr>(B);
        const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
        if (!ME->isArrow() && VD && VD->hasGlobalStorage() && !VD->getType()->isArrayType()) {
          H.Id = "path:" + usrOf(VD) + "." + F->getNameAsString();
          H.Name = varName(VD) + "." + F->getNameAsString();
        } else {
          H.Id = "field:" + Cls + "::" + F->getNameAsString();
          H.Name = Cls + "::" + F->getNameAsString();
        }
      } else if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) {
        H.Id = usrOf(VD);
        H.Name = varName(VD);
      }
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        if (int I = paramIndex(DRE); I >= 0 && !Array) {
          H.Id = paramId(unsigned(I));
          H.Name = VD->getNameAsString();
        } else if (VD->hasGlobalStorage()) {
          H.Id = usrOf(VD);
          H.Name = varName(VD);
        } else {
          H.Id = localId(VD);
          H.Name = VD->getNameAsString();
        }
      }
    }
    if (H.Id.empty()) {
      // Unknown shape: name it by its spelling so that equal text is one lock.
      std::string S;
      llvm::raw_string_ostream OS(S);
      X->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
      H.Id = "expr:" + S;
      H.Name = S;
    }
    if (Array) {
      H.Id = "array:" + H.Id;
      H.Name += "[]";
    }
    return H;
  }

  const VarDecl *guardVar(const Expr *E) const {
    E = strip(E);
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
      return dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  }

  /// The variable a construct expression initialises, if any.
  const VarDecl *constructedVar(const Stmt *S) const {
    const Stmt *C = S;
    const Stmt *P = parent(S);
    while (P && (isa<ExprWithCleanups>(P) || isa<MaterializeTemporaryExpr>(P) ||
                 isa<CXXBindTemporaryExpr>(P) || isa<ImplicitCastExpr>(P) ||
                 isa<CXXFunctionalCastExpr>(P) || isa<ParenExpr>(P) ||
                 (isa<CXXConstructExpr>(P) &&
                  cast<CXXConstructExpr>(P)->getConstructor()->isCopyOrMoveConstructor()))) {
      C = P;
      P = parent(P);
    }
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(P))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() && (VD->getInit() == C || VD->getInit()->IgnoreParenImpCasts() ==
                                                          cast<Expr>(C)->IgnoreParenImpCasts()))
            return VD;
    return nullptr;
  }

  void emitLockOp(State &St, LockOpFact::Op K, const HeldLock &H, SourceLocation At,
                  bool Multi) {
    if (!Emit)
      return;
    LockOpFact F;
    F.Kind = K;
    F.Lock = H;
    F.HeldBefore = St.Locks;
    F.Where = TU.loc(At);
    F.Multi = Multi;
    F.MayHeld = St.mayHold(H.Id);
    F.MayHeldBefore = mayOnly(St);
    F.Recursive = RecursiveIds.count(H.Id) != 0;
    auto Sp = CurSpell.find(H.Id);
    F.Instance = Sp == CurSpell.end() ? std::string() : Sp->second; // "": not spelled here
    auto Ord = CurOrdered.find(H.Id);
    F.Ordered = Ord != CurOrdered.end() && Ord->second;
    if (K == LockOpFact::Wait) {
      F.InLoop = CurWaitLoop;
      F.Pred = CurWaitPred;
      F.Cond = CurWaitCond;
    }
    F.Live = St.live();
    Out.LockOps.push_back(std::move(F));
  }

  /// Remembers a try-lock (or a tested blocking lock) by its call and by the
  /// variable its result is stored in.
  void rememberTry(const Stmt *S, const TryInfo &TI) {
    TryCalls[S] = TI;
    const Stmt *C = S;
    const Stmt *P = parent(S);
    while (P && (isa<ImplicitCastExpr>(P) || isa<ParenExpr>(P))) {
      C = P;
      P = parent(P);
    }
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
      if (BO->getOpcode() == BO_Assign && BO->getRHS() == C)
        if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            TryVars[VD] = TI;
    } else if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit() && VD->getInit()->IgnoreParenImpCasts() == S)
            TryVars[VD] = TI;
    }
  }

  void acquire(State &St, const LockSet &Ls, SourceLocation At, bool Try) {
    for (const HeldLock &H : Ls) {
      AcquiredHere.insert(H.Id);
      emitLockOp(St, Try ? LockOpFact::TryAcquire : LockOpFact::Acquire, H, At, Ls.size() > 1);
      HeldLock Copy = H;
      Copy.Where = TU.loc(At);
      St.add(Copy);
    }
  }

  void release(State &St, const LockSet &Ls, SourceLocation At) {
    for (const HeldLock &H : Ls) {
      if (Emit && !std::binary_search(St.Locks.begin(), St.Locks.end(), H) &&
          ReleasedUnheld.insert(H.Id).second)
        ReleasedUnheldLocks.push_back(H);
      emitLockOp(St, LockOpFact::Release, H, At, false);
      St.remove(H.Id);
    }
  }

  /// Records how a lock expression is written and whether its mutex is recursive.
  /// Does E use a local chosen by comparing two objects ('a < b ? a : b',
  /// std::min/std::max)? Then which lock comes first is decided by the order.
  bool chosenByComparison(const Expr *E) const {
    std::vector<const Stmt *> Todo{E};
    while (!Todo.empty()) {
      const Stmt *S = Todo.back();
      Todo.pop_back();
      if (!S)
        continue;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
            VD && VD->isLocalVarDecl() && VD->getInit()) {
          const Expr *I = strip(VD->getInit());
          if (const auto *CO = dyn_cast<ConditionalOperator>(I))
            if (const auto *BO = dyn_cast<BinaryOperator>(CO->getCond()->IgnoreParenImpCasts());
                BO && BO->isRelationalOp())
              return true;
          if (const auto *CE = dyn_cast<CallExpr>(I))
            if (const FunctionDecl *F = CE->getDirectCallee();
                F && F->getIdentifier() && (F->getName() == "min" || F->getName() == "max"))
              return true;
        }
      for (const Stmt *C : S->children())
        Todo.push_back(C);
    }
    return false;
  }

  void noteLockDetails(const Expr *E, const std::string &Id) {
    const Expr *X = strip(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(X))
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
        X = strip(UO->getSubExpr());
    std::string Sp;
    llvm::raw_string_ostream OS(Sp);
    X->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
    CurSpell[Id] = OS.str();
    CurOrdered[Id] = chosenByComparison(X);
    QualType T = X->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    std::string TS = T.getCanonicalType().getAsString();
    bool Rec = TS.find("recursive_mutex") != std::string::npos ||
               TS.find("recursive_timed_mutex") != std::string::npos;
    const Decl *D = nullptr;
    const Expr *B = X;
    while (const auto *AS = dyn_cast<ArraySubscriptExpr>(B))
      B = strip(AS->getBase());
    if (const auto *DRE = dyn_cast<DeclRefExpr>(B))
      D = DRE->getDecl();
    else if (const auto *ME = dyn_cast<MemberExpr>(B))
      D = ME->getMemberDecl();
    if (D && TU.RecursiveMutexes.count(D->getCanonicalDecl()))
      Rec = true;
    // A member of an object initialised as recursive: 's_t m2 = {
    // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP };' then 'lock(&m2.m)'.
    for (const Expr *Base = B; !Rec && Base;) {
      Base = strip(Base);
      if (const auto *ME = dyn_cast<MemberExpr>(Base)) {
        Base = ME->getBase();
        continue;
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
            VD && VD != D && TU.RecursiveMutexes.count(VD->getCanonicalDecl()))
          Rec = true;
      break;
    }
    if (Rec)
      RecursiveIds.insert(Id);
  }

  /// A condition wait: is it the predicate overload, is it directly in a loop?
  void noteWait(const Stmt *S) {
    // The condition variable: the object of cv.wait(...), or the first argument
    // of pthread_cond_wait / cnd_wait.
    const Expr *CV = nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      CV = MC->getImplicitObjectArgument();
    else if (const auto *CE = dyn_cast<CallExpr>(S); CE && CE->getNumArgs() >= 1)
      CV = CE->getArg(0);
    CurWaitCond.clear();
    if (CV) {
      const Expr *X = strip(CV);
      if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
        X = strip(UO->getSubExpr());
      llvm::raw_string_ostream OS(CurWaitCond);
      X->printPretty(OS, nullptr, Ctx.getPrintingPolicy());
      OS.flush();
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      if (const CXXMethodDecl *M = MC->getMethodDecl())
        if (M->getIdentifier()) {
          StringRef N = M->getName();
          CurWaitPred = (N == "wait" && MC->getNumArgs() >= 2) ||
                        ((N == "wait_for" || N == "wait_until") && MC->getNumArgs() >= 3);
        }
    for (const Stmt *P = parent(S); P; P = parent(P)) {
      if (isa<IfStmt>(P) || isa<ConditionalOperator>(P) || isa<SwitchStmt>(P))
        break;
      if (isLoop(P)) {
        CurWaitLoop = true;
        break;
      }
    }
  }

  bool handleLock(State &St, const Stmt *S) {
    LockCall LC = classifyLockCall(S);
    if (LC.Action == LockAction::None)
      return false;
    SourceLocation At = S->getBeginLoc();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
      At = MC->getExprLoc();
    LockSet Ls;
    CurSpell.clear();
    CurOrdered.clear();
    std::vector<const VarDecl *> LockedGuards; // std::lock(lk1, lk2) on unique_locks
    for (const Expr *E : LC.Locks) {
      if (const VarDecl *GV = guardVar(E);
          GV && LC.Action == LockAction::Acquire && GuardMutex.count(GV)) {
        for (const HeldLock &H : GuardMutex[GV]) {
          Ls.push_back(H);
          auto Sp = GuardSpell[GV].find(H.Id);
          if (Sp != GuardSpell[GV].end())
            CurSpell[H.Id] = Sp->second;
        }
        LockedGuards.push_back(GV);
        continue;
      }
      HeldLock H = lockOf(E, At);
      H.Shared = LC.Shared;
      noteLockDetails(E, H.Id);
      Ls.push_back(H);
    }
    const VarDecl *G = LC.Guard ? guardVar(LC.Guard) : nullptr;
    if (G && LC.Action != LockAction::GuardCtor && GuardSpell.count(G))
      CurSpell = GuardSpell[G];
    CurWaitLoop = CurWaitPred = false;
    if (LC.Action == LockAction::Wait || LC.Action == LockAction::GuardWait)
      noteWait(S);
    switch (LC.Action) {
    case LockAction::None:
      break;
    case LockAction::Acquire:
      acquire(St, Ls, At, false);
      if (isa<CallExpr>(S) && !isa<CXXMemberCallExpr>(S) &&
          cast<CallExpr>(S)->getCallReturnType(Ctx)->isIntegerType()) {
        TryInfo TI{Ls, TrySuccess::Zero, nullptr};
        TI.Blocking = true;
        rememberTry(S, TI);
      }
      for (const VarDecl *GV : LockedGuards)
        St.Guards[GV] = GuardMutex[GV];
      break;
    case LockAction::TryAcquire:
      for (const HeldLock &H : Ls) {
        emitLockOp(St, LockOpFact::TryAcquire, H, At, false);
        AcquiredHere.insert(H.Id);
      }
      rememberTry(S, {Ls, LC.Success, nullptr});
      for (const HeldLock &H : Ls) { // held on some path from here on
        HeldLock Copy = H;
        Copy.Where = TU.loc(At);
        St.addMay(Copy);
      }
      break;
    case LockAction::Release:
      release(St, Ls, At);
      break;
    case LockAction::Wait:
      for (const HeldLock &H : Ls)
        emitLockOp(St, LockOpFact::Wait, H, At, false);
      break;
    case LockAction::GuardCtor: {
      const VarDecl *V = constructedVar(S);
      if (V) {
        GuardMutex[V] = Ls;
        GuardSpell[V] = CurSpell;
      }
      if (LC.Mode == GuardMode::Defer)
        break;
      if (LC.Mode == GuardMode::Adopt) {
        for (const HeldLock &H : Ls)
          St.add(H);
      } else {
        acquire(St, Ls, At, LC.Mode == GuardMode::Try);
      }
      if (V)
        St.Guards[V] = Ls;
      else if (LC.Mode != GuardMode::Adopt) // a temporary guard unlocks at once
        release(St, Ls, At);
      break;
    }
    case LockAction::GuardLock:
      if (G && GuardMutex.count(G)) {
        acquire(St, GuardMutex[G], At, false);
        St.Guards[G] = GuardMutex[G];
      }
      break;
    case LockAction::GuardTryLock:
      if (G && GuardMutex.count(G)) {
        for (const HeldLock &H : GuardMutex[G])
          emitLockOp(St, LockOpFact::TryAcquire, H, At, false);
        TryCalls[S] = {GuardMutex[G], TrySuccess::True, G};
        for (const HeldLock &H : GuardMutex[G]) {
          HeldLock Copy = H;
          Copy.Where = TU.loc(At);
          St.addMay(Copy);
        }
      }
      break;
    case LockAction::GuardUnlock:
      if (G && (!St.Guards.count(G) || St.Guards[G].empty()) && GuardMutex.count(G)) {
        // Unlocking a guard that owns nothing (std::system_error): a release
        // of a lock not held, for parcheck-unlock-not-held.
        for (const HeldLock &H : GuardMutex[G])
          emitLockOp(St, LockOpFact::Release, H, At, false);
        break;
      }
      if (G && St.Guards.count(G)) {
        release(St, St.Guards[G], At);
        St.Guards[G].clear();
      }
      break;
    case LockAction::GuardRelease:
      if (G)
        St.Guards.erase(G);
      break;
    case LockAction::GuardWait:
      if (G && GuardMutex.count(G))
        for (const HeldLock &H : GuardMutex[G])
          emitLockOp(St, LockOpFact::Wait, H, At, false);
      break;
    }
    CurSpell.clear(); // guard destructors and wrapper effects are not spelled
    CurOrdered.clear();
    return true;
  }

  /// Refines successor states where a branch tests a try-lock's result.
  void refineBranch(const CFGBlock *B, std::vector<State> &Succ) {
    const Stmt *T = B->getTerminatorCondition();
    const auto *Cond = dyn_cast_or_null<Expr>(T);
    if (!Cond || Succ.size() != 2)
      return;
    bool TrueMeansTruthy = true; // does the true branch mean "call returned truthy"?
    const Expr *E = Cond->IgnoreParenImpCasts();
    for (;;) {
      if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_LNot) {
        TrueMeansTruthy = !TrueMeansTruthy;
        E = UO->getSubExpr()->IgnoreParenImpCasts();
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(E);
          BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
        const Expr *L = BO->getLHS()->IgnoreParenImpCasts();
        const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
        Expr::EvalResult ER;
        const Expr *Other = nullptr;
        if (R->EvaluateAsInt(ER, Ctx) && ER.Val.getInt() == 0)
          Other = L;
        else if (L->EvaluateAsInt(ER, Ctx) && ER.Val.getInt() == 0)
          Other = R;
        if (!Other)
          return;
        if (BO->getOpcode() == BO_EQ)
          TrueMeansTruthy = !TrueMeansTruthy;
        E = Other;
        continue;
      }
      break;
    }
    const TryInfo *TI = nullptr;
    auto It = TryCalls.find(E);
    if (It != TryCalls.end())
      TI = &It->second;
    else if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        auto V = TryVars.find(VD);
        if (V != TryVars.end())
          TI = &V->second;
      }
    if (!TI)
      return;
    bool SuccessIsTruthy = TI->Success == TrySuccess::True;
    unsigned SuccIdx = (SuccessIsTruthy == TrueMeansTruthy) ? 0 : 1;
    if (TI->Blocking) {
      State &F = Succ[1 - SuccIdx]; // the lock call failed: nothing is held
      for (const HeldLock &H : TI->Locks)
        F.remove(H.Id);
      return;
    }
    // The try failed: it holds nothing new (unless it was held already).
    State &F = Succ[1 - SuccIdx];
    for (const HeldLock &H : TI->Locks)
      if (F.Reached && !std::binary_search(F.Locks.begin(), F.Locks.end(), H))
        F.May.erase(std::remove_if(F.May.begin(), F.May.end(),
                                   [&](const HeldLock &M) { return M.Id == H.Id; }),
                    F.May.end());
    State &S = Succ[SuccIdx];
    if (!S.Reached)
      return;
    for (const HeldLock &H : TI->Locks)
      S.add(H);
    if (TI->Guard)
      S.Guards[TI->Guard] = TI->Locks;
  }

  // ---- threads ---------------------------------------------------------

  /// Handles are named per function: live sets travel along calls, and two
  /// functions' 't' are different threads.
  std::string qualifyHandle(const std::string &H) const { return FnUsr + "|" + H; }

  /// A stable key for a thread handle: the variable (collection for elements).
  std::string handleKey(const Expr *E) const {
    const Expr *X = strip(E);
    for (;;) {
      if (const auto *UO = dyn_cast<UnaryOperator>(X);
          UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)) {
        X = strip(UO->getSubExpr());
        continue;
      }
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
        X = strip(AS->getBase());
        continue;
      }
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(X);
          OC && OC->getOperator() == OO_Subscript) {
        X = strip(OC->getArg(0));
        continue;
      }
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(X)) { // v.at(i), v.back()
        X = strip(MC->getImplicitObjectArgument());
        continue;
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(X); BO && BO->isAdditiveOp()) {
        X = strip(BO->getLHS());
        continue;
      }
      break;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(X))
      return "field:" + ME->getMemberDecl()->getNameAsString();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD)
        return {};
      // A range-for variable stands for its range.
      for (const Stmt *P = parent(DRE); P; P = parent(P))
        if (const auto *RF = dyn_cast<CXXForRangeStmt>(P))
          if (RF->getLoopVariable() == VD)
            return handleKey(RF->getRangeInit());
      return VD->getNameAsString();
    }
    return {};
  }

  /// Where a std::thread / future being constructed is stored.
  std::string constructedHandle(const Stmt *S) const {
    if (const VarDecl *V = constructedVar(S))
      return V->getNameAsString();
    for (const Stmt *P = parent(S); P; P = parent(P)) {
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) // v.push_back(...), emplace_back
        return handleKey(MC->getImplicitObjectArgument());
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P);
          OC && OC->getOperator() == OO_Equal)
        return handleKey(OC->getArg(0));
      if (const auto *BO = dyn_cast<BinaryOperator>(P); BO && BO->isAssignmentOp())
        return handleKey(BO->getLHS());
      if (!isa<Expr>(P))
        break;
    }
    return {};
  }

  ObjRef objOfLValue(const Expr *X, const Stmt *At) {
    ObjRef O;
    X = strip(X);
    QualType T = X->getType();
    // A mutex passed by address is named as a lock (a global, a local, a
    // parameter), so the lock checks can bind lock parameters at call sites.
    if (isSyncType(T) && !isAtomicType(T)) {
      HeldLock H = lockOf(X, X->getBeginLoc());
      if (!H.Id.empty() && H.Id.rfind("field:", 0) != 0 && H.Id.rfind("expr:", 0) != 0 &&
          H.Id.rfind("array:", 0) != 0) {
        O.K = H.Id.rfind("param:", 0) == 0 ? ObjRef::Param : ObjRef::Var;
        O.Id = H.Id;
        O.Name = H.Name;
        return O;
      }
    }
    std::string Rec = T->isRecordType() ? recordName(T) : std::string();
    bool InLoop = false;
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      if (!isConstantIndex(AS->getIdx(), Ctx))
        O.PerInstance = true;
      if (!Rec.empty()) {
        O.K = ObjRef::Class;
        O.Id = O.Name = Rec;
        return O;
      }
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (!VD->hasGlobalStorage() && At) {
          // A local declared inside the loop that spawns is a fresh object per iteration.
          const Stmt *SpawnLoop = enclosingLoop(At);
          if (SpawnLoop) {
            SourceRange R = SpawnLoop->getSourceRange();
            SourceLocation DL = VD->getLocation();
            InLoop = TU.SM.isBeforeInTranslationUnit(R.getBegin(), DL) &&
                     TU.SM.isBeforeInTranslationUnit(DL, R.getEnd());
          }
        }
    if (!Rec.empty()) {
      O.K = ObjRef::Class;
      O.Id = O.Name = Rec;
      O.PerInstance = O.PerInstance || InLoop;
      return O;
    }
    LocInfo L;
    if (classify(X, L) && !L.ClassLevel) {
      O.K = L.Id.rfind("param:", 0) == 0 ? ObjRef::Param : ObjRef::Var;
      O.Id = L.Id;
      O.Name = L.Name;
      O.PerInstance = O.PerInstance || InLoop;
    } else if (L.ClassLevel) {
      O.K = ObjRef::Class;
      O.Id = O.Name = L.Field.substr(0, L.Field.rfind("::"));
    }
    return O;
  }

  /// What a pointer-valued (or std::ref) argument refers to.
  ObjRef objOfArg(const Expr *A, const Stmt *At, bool ByRefParam) {
    ObjRef O;
    const Expr *X = strip(A);
    if (!X)
      return O;
    if (const auto *CE = dyn_cast<CallExpr>(X))
      if (const FunctionDecl *F = CE->getDirectCallee())
        if (F->getIdentifier() && (F->getName() == "ref" || F->getName() == "cref") &&
            CE->getNumArgs() == 1)
          return objOfLValue(CE->getArg(0), At);
    if (ByRefParam)
      return objOfLValue(X, At);
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf) {
      ObjRef R = objOfLValue(UO->getSubExpr(), At);
      if (R.K == ObjRef::Class)
        if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(UO->getSubExpr())))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
            R.Obj = usrOf(VD);
      return R;
    }
    if (X->getType()->isArrayType())
      return objOfLValue(X, At);
    if (isa<CXXThisExpr>(X)) {
      O.K = ObjRef::Class;
      O.Id = O.Name = recordName(X->getType());
      return O;
    }
    if (const auto *NE = dyn_cast<CXXNewExpr>(X)) {
      O.K = ObjRef::Class;
      O.Id = O.Name = recordName(NE->getAllocatedType());
      O.PerInstance = true;
      if (O.Id.empty())
        O.K = ObjRef::None;
      return O;
    }
    if (int I = paramIndex(X); I >= 0) {
      O.K = ObjRef::Param;
      O.Id = paramId(unsigned(I));
      O.Name = FD->getParamDecl(unsigned(I))->getNameAsString();
      return O;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(X); BO && BO->isAdditiveOp()) {
      ObjRef B = objOfArg(BO->getLHS(), At, false);
      B.PerInstance = true; // base + i
      return B;
    }
    // A pointer to a scalar heap object: the object, named by its pointer.
    if (const VarDecl *P = heapPointer(X); P && recordName(X->getType()).empty()) {
      O.K = ObjRef::Var;
      O.Id = heapId(P);
      O.Name = "*" + P->getNameAsString();
      if (const Stmt *L = At ? enclosingLoop(At) : nullptr) {
        SourceRange R = L->getSourceRange();
        SourceLocation DL = P->getLocation();
        O.PerInstance = TU.SM.isBeforeInTranslationUnit(R.getBegin(), DL) &&
                        TU.SM.isBeforeInTranslationUnit(DL, R.getEnd());
      }
      return O;
    }
    if (X->getType()->isPointerType()) {
      std::string Rec = recordName(X->getType());
      if (!Rec.empty()) {
        O.K = ObjRef::Class;
        O.Id = O.Name = Rec;
        // A local initialised with a fresh allocation is a new object each time
        // the spawning code runs: each thread instance gets its own.
        if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
              VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getInit())
            if (isFreshAllocation(VD->getInit()))
              O.PerInstance = true;
        // A pointer variable declared in the spawning loop (p = malloc/new each time).
        if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
          if (const Stmt *L = At ? enclosingLoop(At) : nullptr) {
            SourceLocation DL = DRE->getDecl()->getLocation();
            SourceRange R = L->getSourceRange();
            O.PerInstance = TU.SM.isBeforeInTranslationUnit(R.getBegin(), DL) &&
                            TU.SM.isBeforeInTranslationUnit(DL, R.getEnd());
          }
      }
    }
    return O;
  }

  struct Entry {
    const FunctionDecl *Fn = nullptr;
    bool Member = false;
    std::vector<ObjRef> Escapes;
  };

  Entry resolveCallable(const Expr *C, int Depth = 0) {
    Entry R;
    const Expr *X = strip(C);
    if (!X || Depth > 4)
      return R;
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
      X = strip(UO->getSubExpr());
    if (const auto *LE = dyn_cast<LambdaExpr>(X)) {
      R.Fn = LE->getCallOperator();
      for (const LambdaCapture &Cap : LE->captures()) {
        if (Cap.capturesThis()) {
          ObjRef O;
          O.K = ObjRef::Class;
          if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
            O.Id = O.Name = MD->getParent()->getQualifiedNameAsString();
          if (!O.Id.empty())
            R.Escapes.push_back(O);
          continue;
        }
        if (!Cap.capturesVariable())
          continue;
        const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar());
        if (!VD)
          continue;
        QualType T = VD->getType().getNonReferenceType();
        std::string Rec = recordName(T);
        bool Pointer = T->isPointerType();
        if (Rec.empty() || (!Pointer && !T->isRecordType() && !VD->getType()->isReferenceType()))
          continue;
        if (Cap.getCaptureKind() == LCK_ByRef || Pointer || VD->getType()->isReferenceType()) {
          ObjRef O;
          O.K = ObjRef::Class;
          O.Id = O.Name = Rec;
          R.Escapes.push_back(O);
        }
      }
      return R;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X)) {
      if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl())) {
        R.Fn = F;
        R.Member = isa<CXXMethodDecl>(F) && !cast<CXXMethodDecl>(F)->isStatic();
        return R;
      }
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
        if (VD->getInit() && !VD->getType()->isRecordType())
          return resolveCallable(VD->getInit(), Depth + 1);
        if (const auto *RD = VD->getType()->getAsCXXRecordDecl()) {
          if (RD->isLambda() && VD->getInit())
            return resolveCallable(VD->getInit(), Depth + 1);
          return functor(RD);
        }
      }
      return R;
    }
    if (const auto *RD = X->getType()->getAsCXXRecordDecl())
      return functor(RD);
    return R;
  }

  Entry functor(const CXXRecordDecl *RD) {
    Entry R;
    if (!RD || !RD->hasDefinition())
      return R;
    for (const CXXMethodDecl *M : RD->methods())
      if (M->getOverloadedOperator() == OO_Call && !M->isDeleted()) {
        R.Fn = M;
        break;
      }
    return R;
  }

  std::string entryName(const FunctionDecl *F) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(F))
      if (MD->getParent()->isLambda()) {
        SrcLoc L = TU.loc(MD->getParent()->getLocation());
        return "lambda at " + llvm::sys::path::filename(L.File).str() + ":" +
               std::to_string(L.Line) + ":" + std::to_string(L.Col);
      }
    return F->getQualifiedNameAsString();
  }

  bool handleSpawn(State &St, const Stmt *S) {
    SpawnCall SC = classifySpawn(S);
    if (SC.Api == ThreadApi::None)
      return false;
    std::string H = SC.Handle ? handleKey(SC.Handle) : constructedHandle(S);
    if (H.empty()) {
      SrcLoc L = TU.loc(S->getBeginLoc());
      H = "detached@" + std::to_string(L.Line) + ":" + std::to_string(L.Col);
    }
    H = qualifyHandle(H);
    if (Emit) {
      SpawnFact F;
      F.Api = threadApiName(SC.Api);
      F.Where = TU.loc(S->getBeginLoc());
      F.Handle = H;
      F.InLoop = enclosingLoop(S) != nullptr;
      F.LiveAtSpawn = St.live();
      Entry E = resolveCallable(SC.Callable);
      if (E.Fn) {
        const FunctionDecl *Def = E.Fn;
        if (const FunctionDecl *D = E.Fn->getDefinition())
          Def = D;
        F.Entry = usrOf(Def);
        F.EntryName = entryName(Def);
        F.Escapes = E.Escapes;
        size_t First = 0;
        if (E.Member && !SC.Args.empty()) {
          ObjRef O = objOfArg(SC.Args[0], S, false);
          if (O.K == ObjRef::None) { // an object passed by value or reference_wrapper
            std::string Rec = recordName(SC.Args[0]->getType());
            if (!Rec.empty()) {
              O.K = ObjRef::Class;
              O.Id = O.Name = Rec;
            }
          }
          if (O.K != ObjRef::None)
            F.Escapes.push_back(O);
          First = 1;
        }
        for (size_t I = First; I < SC.Args.size(); ++I) {
          const Expr *A = SC.Args[I];
          ObjRef O;
          bool Pointerish = strip(A)->getType()->isPointerType() ||
                            strip(A)->getType()->isArrayType() || isa<CallExpr>(strip(A));
          if (Pointerish)
            O = objOfArg(A, S, false);
          F.Args.push_back(O);
          if (O.K == ObjRef::Class)
            F.Escapes.push_back(O);
        }
      }
      SpawnLoops.push_back({Out.Spawns.size(), enclosingLoop(S)});
      Out.Spawns.push_back(std::move(F));
    }
    St.Spawned.insert(H);
    St.Joined.erase(H);
    return true;
  }

  bool handleJoin(State &St, const Stmt *S) {
    JoinCall JC = classifyJoin(S);
    if (JC.Api == JoinApi::None)
      return false;
    std::string H = handleKey(JC.Handle);
    if (!H.empty())
      H = qualifyHandle(H);
    // join(t[2]) outside a loop joins one thread, not the collection.
    const Expr *HE = strip(JC.Handle);
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(HE))
      HE = strip(UO->getSubExpr());
    const Expr *Idx = nullptr;
    if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(HE))
      Idx = AS->getIdx();
    else if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(HE);
             OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2)
      Idx = OC->getArg(1);
    if (Idx && isConstantIndex(Idx, Ctx) && !enclosingLoop(S))
      return true;
    if (H.empty())
      return true;
    St.Joined.insert(H);
    if (Emit)
      JoinLoops.push_back({H, enclosingLoop(S)});
    return true;
  }

  // ---- the walk --------------------------------------------------------

  void transfer(State &St, const CFGElement &E) {
    if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
      const VarDecl *V = D->getVarDecl();
      auto G = St.Guards.find(V);
      if (G != St.Guards.end()) {
        release(St, G->second, D->getTriggerStmt() ? D->getTriggerStmt()->getEndLoc()
                                                   : V->getLocation());
        St.Guards.erase(G);
        return;
      }
      // jthread and async futures join in their destructor.
      std::string T = V->getType().getAsString();
      if (T.find("jthread") != std::string::npos || T.find("future<") != std::string::npos)
        St.Joined.insert(qualifyHandle(V->getNameAsString()));
      return;
    }
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return;
    const Stmt *S = CS->getStmt();
    if (isa<CallExpr>(S) || isa<CXXConstructExpr>(S)) {
      if (handleLock(St, S) || handleSpawn(St, S) || handleJoin(St, S))
        return;
      if (Emit) {
        recordCall(St, S);
        // A virtual call reads the object's vtable pointer.
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
          if (MC->getMethodDecl() && MC->getMethodDecl()->isVirtual())
            recordWholeObject(St, S, MC->getImplicitObjectArgument(), false, MC->getExprLoc());
      }
      applyEffects(St, S);
      return;
    }
    // delete p writes the whole object (its destructor resets the vtable pointer).
    if (const auto *DE = dyn_cast<CXXDeleteExpr>(S)) {
      if (Emit)
        recordWholeObject(St, S, DE->getArgument(), true, DE->getBeginLoc());
      return;
    }
    if (Emit)
      if (const auto *Ex = dyn_cast<Expr>(S))
        if (isa<DeclRefExpr>(Ex) || isa<MemberExpr>(Ex) || isa<ArraySubscriptExpr>(Ex) ||
            (isa<UnaryOperator>(Ex) && cast<UnaryOperator>(Ex)->getOpcode() == UO_Deref))
          recordAccess(St, Ex);
  }

  void recordAccess(State &St, const Expr *E) {
    if (!outermost(E))
      return;
    bool AtomicBuiltin = false;
    bool ElementIndexed = false;
    AccessKind K = AccessKind::None;
    // v[i] on a library container reads or writes one element, as its use says;
    // with a non-constant index, per-thread slots as for arrays.
    const Expr *C = nullptr;
    if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(lvalueParent(E, &C));
        OC && OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2 &&
        OC->getArg(0)->IgnoreParenImpCasts() == C->IgnoreParenImpCasts() &&
        !userDefined(dyn_cast_or_null<FunctionDecl>(OC->getCalleeDecl()), TU)) {
      K = accessKind(OC, AtomicBuiltin);
      ElementIndexed = !isConstantIndex(OC->getArg(1), Ctx);
    } else {
      K = accessKind(E, AtomicBuiltin);
    }
    if (K == AccessKind::None)
      return;
    LocInfo L;
    if (!classify(E, L))
      return;
    L.Indexed = L.Indexed || ElementIndexed;
    AccessFact A;
    A.Loc = L.Id;
    A.Name = L.Name;
    A.Field = L.Field;
    A.ClassLevel = L.ClassLevel;
    A.Atomic = L.Atomic || AtomicBuiltin;
    A.Indexed = L.Indexed;
    A.Write = K == AccessKind::Write;
    QualType RT = E->getType().getNonReferenceType();
    while (const ArrayType *AT = RT->getAsArrayTypeUnsafe())
      RT = AT->getElementType();
    if (RT->isRecordType() && !L.Atomic)
      A.Record = recordName(RT);
    SourceLocation At = E->getExprLoc();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      At = ME->getMemberLoc();
    A.Where = TU.loc(At);
    A.Held = heldAt(St, E);
    A.Live = St.live();
    Out.Accesses.push_back(std::move(A));
  }

  /// An access to the whole object a pointer (or, for '.', an object) denotes:
  /// through a global pointer, a fresh heap pointer, or else as its class.
  void recordWholeObject(State &St, const Stmt *S, const Expr *Obj, bool Write,
                         SourceLocation At) {
    const Expr *X = strip(Obj);
    if (!X)
      return;
    QualType T = X->getType();
    if (T->isPointerType())
      T = T->getPointeeType();
    std::string Rec = recordName(T);
    if (Rec.empty() || isSyncType(T))
      return;
    AccessFact A;
    if (const VarDecl *GP = globalPointer(X)) {
      A.Loc = "pointee:" + usrOf(GP);
      A.Name = "*" + varName(GP);
    } else if (const VarDecl *P = heapPointer(X)) {
      A.Loc = heapId(P);
      A.Name = "*" + P->getNameAsString();
    } else if (X->getType()->isPointerType() && !isa<CXXThisExpr>(X)) {
      A.Loc = "field:" + Rec + "::*";
      A.Field = Rec + "::*";
      A.ClassLevel = true;
      A.Name = Rec + " object";
    } else {
      return; // 'this' or a local object: its own accesses are followed
    }
    A.Record = Rec;
    A.Write = Write;
    A.Where = TU.loc(At);
    A.Held = heldAt(St, S);
    A.Live = St.live();
    Out.Accesses.push_back(std::move(A));
  }

  /// A call of F that the code does not spell out (a callback, a function
  /// pointer), as if made at S with the locks held there.
  void recordIndirectCall(const FunctionDecl *F, const State &St, SourceLocation At,
                          const Stmt *S) {
    if (!F || !userDefined(F, TU))
      return;
    const FunctionDecl *FDef = F->getDefinition() ? F->getDefinition() : F;
    CallFact CB;
    CB.Callee = usrOf(FDef);
    CB.CalleeName = FDef->getQualifiedNameAsString();
    CB.Where = TU.loc(At);
    CB.Held = St.Locks;
    CB.Live = St.live();
    CB.InLoop = enclosingLoop(S) != nullptr;
    if (!CB.Callee.empty())
      Out.Calls.push_back(std::move(CB));
  }

  void recordCall(State &St, const Stmt *S) {
    const FunctionDecl *Callee = nullptr;
    std::vector<const Expr *> Args;
    SourceLocation At = S->getBeginLoc();
    if (const auto *CE = dyn_cast<CallExpr>(S)) {
      Callee = CE->getDirectCallee();
      At = CE->getExprLoc();
      unsigned Skip = 0;
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
        if (isa_and_nonnull<CXXMethodDecl>(Callee))
          Skip = 1;
      for (unsigned I = Skip; I < CE->getNumArgs(); ++I)
        Args.push_back(CE->getArg(I));
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
        // A method called on a global object makes the class shared.
        const Expr *Obj = strip(MC->getImplicitObjectArgument());
        if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Obj))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
            if (VD->hasGlobalStorage() && Callee)
              TU.SharedClasses.insert(recordName(VD->getType()));
      }
    } else if (const auto *CC = dyn_cast<CXXConstructExpr>(S)) {
      Callee = CC->getConstructor();
      for (const Expr *A : CC->arguments())
        Args.push_back(A);
    }
    // free(p) writes the whole object p points to.
    if (Callee && Callee->getIdentifier() && Callee->getName() == "free" && Args.size() == 1) {
      std::string Rec = recordName(strip(Args[0])->getType());
      if (!Rec.empty()) {
        AccessFact A;
        A.Loc = "field:" + Rec + "::*";
        A.Name = Rec + " object";
        A.Field = Rec + "::*";
        A.ClassLevel = true;
        A.Record = Rec;
        A.Write = true;
        A.Where = TU.loc(At);
        A.Held = heldAt(St, S);
        A.Live = St.live();
        Out.Accesses.push_back(std::move(A));
      }
    }
    if (Callee && !userDefined(Callee, TU)) {
      // Library functions with hidden shared state (rand, strtok, ...).
      bool Write = false;
      std::string State = mtUnsafeState(Callee, Write);
      if (!State.empty()) {
        AccessFact A;
        A.Loc = "libc:" + State;
        A.Name = State;
        A.Write = Write;
        A.Where = TU.loc(At);
        A.Held = heldAt(St, S);
        A.Live = St.live();
        Out.Accesses.push_back(std::move(A));
      }
    }
    // A call through a global function pointer may call whatever it was set to.
    if (!Callee)
      if (const auto *CE = dyn_cast<CallExpr>(S))
        if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(CE->getCallee())))
          if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
            auto It = TU.FnPtrTargets.find(VD->getCanonicalDecl());
            if (It != TU.FnPtrTargets.end())
              for (const FunctionDecl *F : It->second)
                recordIndirectCall(F, St, At, S);
          }
    // A function handed to other code as a callback may be called right here.
    for (const Expr *A : Args)
      if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(strip(A)))
        if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl()))
          recordIndirectCall(F, St, At, S);
    // Functions defined in another translation unit count too: the merge
    // joins them by USR.
    if (!Callee || (!userDefined(Callee, TU) &&
                    (Callee->hasBody() || TU.inSystem(Callee->getLocation()) ||
                     Callee->getBuiltinID() != 0)))
      return;
    const FunctionDecl *Def = Callee->getDefinition() ? Callee->getDefinition() : Callee;
    CallFact C;
    C.Callee = usrOf(Def);
    if (C.Callee.empty())
      return;
    C.CalleeName = Def->getQualifiedNameAsString();
    C.Where = TU.loc(At);
    C.Held = heldAt(St, S);
    C.MayHeld = mayOnly(St);
    C.Live = St.live();
    C.InLoop = enclosingLoop(S) != nullptr;
    for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
      QualType PT = Callee->getParamDecl(I)->getType();
      if (PT->isPointerType() || PT->isReferenceType())
        C.Args.push_back(objOfArg(Args[I], S, PT->isReferenceType()));
      else
        C.Args.push_back(ObjRef());
    }
    while (!C.Args.empty() && C.Args.back().K == ObjRef::None)
      C.Args.pop_back();
    Out.Calls.push_back(std::move(C));
  }

  /// What calling this function does to the caller's locks (see TUContext::Effect).
  void recordEffect() {
    TUContext::Effect E;
    if (ExitState.Reached)
      for (const HeldLock &H : ExitState.Locks)
        if (H.Id.rfind("local:", 0) != 0)
          E.Acquires.push_back(H);
    for (const HeldLock &H : ReleasedUnheldLocks)
      if (!AcquiredHere.count(H.Id))
        E.Releases.push_back(H);
    if (!E.empty())
      TU.NewEffects[FnUsr] = E;
  }

  /// A call to a lock()/unlock() wrapper takes or releases what the wrapper does,
  /// with its parameters replaced by the call's arguments.
  void applyEffects(State &St, const Stmt *S) {
    const auto *CE = dyn_cast<CallExpr>(S);
    if (!CE || TU.Effects.empty())
      return;
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee)
      return;
    auto It = TU.Effects.find(usrOf(Callee->getDefinition() ? Callee->getDefinition() : Callee));
    if (It == TU.Effects.end())
      return;
    std::string Prefix = "param:" + It->first + "#";
    unsigned Skip = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    auto Map = [&](const LockSet &Ls) {
      LockSet R;
      for (const HeldLock &H : Ls) {
        if (H.Id.rfind(Prefix, 0) == 0) {
          unsigned I = unsigned(std::stoul(H.Id.substr(Prefix.size())));
          if (I + Skip < CE->getNumArgs()) {
            HeldLock M = lockOf(CE->getArg(I + Skip), CE->getExprLoc());
            M.Shared = H.Shared;
            R.push_back(M);
          }
          continue;
        }
        R.push_back(H);
      }
      return R;
    };
    // The state changes silently: the lock operations themselves are facts of
    // the wrapper, where the lock checks see them.
    for (const HeldLock &H : Map(It->second.Releases))
      St.remove(H.Id);
    for (HeldLock H : Map(It->second.Acquires)) {
      H.Where = TU.loc(CE->getExprLoc());
      St.add(H);
    }
  }

  void dataflow() {
    PostOrderCFGView PO(Cfg.get());
    std::vector<State> In(Cfg->getNumBlockIDs());
    In[Cfg->getEntry().getBlockID()].Reached = true;
    auto Step = [&](const CFGBlock *B, bool &Changed) {
      State St = In[B->getBlockID()];
      if (!St.Reached)
        return;
      for (const CFGElement &E : *B)
        transfer(St, E);
      std::vector<State> Succ(B->succ_size(), St);
      refineBranch(B, Succ);
      unsigned I = 0;
      for (const CFGBlock::AdjacentBlock &A : B->succs()) {
        const CFGBlock *S = A.getReachableBlock();
        State &Dst = In[S ? S->getBlockID() : 0];
        if (S) {
          State Before = Dst;
          mergeInto(Dst, Succ[I]);
          if (!(Before == Dst))
            Changed = true;
        }
        ++I;
      }
    };
    for (unsigned Iter = 0; Iter < 50; ++Iter) {
      bool Changed = false;
      for (const CFGBlock *B : PO)
        Step(B, Changed);
      if (!Changed)
        break;
    }
    ExitState = In[Cfg->getExit().getBlockID()];
    if (ExitState.Reached)
      Out.LiveAtExit = ExitState.live();
    // One more pass records facts with the fixpoint state at each point.
    Emit = true;
    const CFGBlock *ExitB = &Cfg->getExit();
    for (const CFGBlock *B : PO) {
      State St = In[B->getBlockID()];
      if (!St.Reached)
        continue;
      for (const CFGElement &E : *B)
        transfer(St, E);
      recordExit(B, ExitB, St);
    }
  }

  /// A block that leaves the function normally: the locks it holds there.
  void recordExit(const CFGBlock *B, const CFGBlock *ExitB, const State &St) {
    if (B == ExitB)
      return;
    bool ToExit = false;
    for (const CFGBlock::AdjacentBlock &A : B->succs())
      ToExit = ToExit || A.getReachableBlock() == ExitB;
    if (!ToExit || B->hasNoReturnElement())
      return;
    if (const Stmt *T = B->getTerminatorStmt())
      if (isa<CXXThrowExpr>(T))
        return;
    ExitFact X;
    for (const CFGElement &E : *B)
      if (auto CS = E.getAs<CFGStmt>()) {
        if (isa<CXXThrowExpr>(CS->getStmt()))
          return;
        if (isa<ReturnStmt>(CS->getStmt()))
          X.Where = TU.loc(CS->getStmt()->getBeginLoc());
      }
    if (!X.Where.valid())
      X.Where = TU.loc(FD->getBody()->getEndLoc());
    X.Held = St.Locks;
    Out.Exits.push_back(std::move(X));
  }

  void finish() {
    for (auto &[Idx, Loop] : SpawnLoops) {
      if (!Loop)
        continue;
      for (auto &[H, JL] : JoinLoops)
        if (JL == Loop && H == Out.Spawns[Idx].Handle)
          Out.Spawns[Idx].JoinedInSameLoop = true;
    }
    auto ByLoc = [](const auto &A, const auto &B) { return A.Where < B.Where; };
    std::stable_sort(Out.Accesses.begin(), Out.Accesses.end(), ByLoc);
    std::stable_sort(Out.Calls.begin(), Out.Calls.end(), ByLoc);
    std::stable_sort(Out.Spawns.begin(), Out.Spawns.end(), ByLoc);
    std::stable_sort(Out.LockOps.begin(), Out.LockOps.end(), ByLoc);
    std::stable_sort(Out.Exits.begin(), Out.Exits.end(), ByLoc);
  }
};

// ---- the TU walk -------------------------------------------------------

class Collector : public RecursiveASTVisitor<Collector> {
public:
  explicit Collector(TUContext &TU) : TU(TU) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  // Pass 1: locals that other code may reach.
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (Pass == 1) {
      for (const LambdaCapture &C : LE->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar()))
            TU.EscapedLocals.insert(VD);
      return true;
    }
    analyse(LE->getCallOperator());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (Pass == 1 && UO->getOpcode() == UO_AddrOf)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (VD->isLocalVarDecl() && !VD->isStaticLocal())
            TU.EscapedLocals.insert(VD);
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (Pass != 1)
      return true;
    noteRecursivePthread(CE);
    // std::ref(x) and arrays passed to thread APIs escape too.
    if (const FunctionDecl *F = CE->getDirectCallee())
      if (F->getIdentifier() && (F->getName() == "ref" || F->getName() == "cref" ||
                                 F->getName() == "pthread_create" ||
                                 F->getName() == "thrd_create"))
        for (const Expr *A : CE->arguments())
          if (const auto *DRE = dyn_cast<DeclRefExpr>(A->IgnoreParenCasts()))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
              if (VD->isLocalVarDecl() && !VD->isStaticLocal())
                TU.EscapedLocals.insert(VD);
    return true;
  }
  static const Decl *declOf(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl()->getCanonicalDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl()->getCanonicalDecl();
    return nullptr;
  }
  std::string spelling(SourceRange R) {
    return Lexer::getSourceText(CharSourceRange::getTokenRange(R), TU.SM,
                                TU.Ctx.getLangOpts())
        .str();
  }
  /// pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE); pthread_mutex_init(&m, &a).
  void noteRecursivePthread(const CallExpr *CE) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F || !F->getIdentifier() || CE->getNumArgs() < 2)
      return;
    if (F->getName() == "pthread_mutexattr_settype") {
      if (spelling(CE->getArg(1)->getSourceRange()).find("RECURSIVE") != std::string::npos)
        if (const auto *VD = dyn_cast_or_null<VarDecl>(declOf(CE->getArg(0))))
          TU.RecursiveAttrs.insert(VD);
    } else if (F->getName() == "pthread_mutex_init") {
      if (const auto *A = dyn_cast_or_null<VarDecl>(declOf(CE->getArg(1))))
        if (TU.RecursiveAttrs.count(A))
          if (const Decl *M = declOf(CE->getArg(0)))
            TU.RecursiveMutexes.insert(M);
    }
  }

  /// Where a global pointer may point: "pointee:<P>" ~ the target's id.
  std::string pointerTarget(const Expr *E) {
    const Expr *X = strip(E);
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(X); BO && BO->getOpcode() == BO_Assign)
      X = strip(BO->getLHS());
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf) {
      const Expr *T = strip(UO->getSubExpr());
      while (const auto *AS = dyn_cast<ArraySubscriptExpr>(T))
        T = strip(AS->getBase());
      if (const auto *DRE = dyn_cast<DeclRefExpr>(T))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
          return usrOf(VD);
      return {};
    }
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (VD && VD->hasGlobalStorage() && VD->getType()->isPointerType())
        return "pointee:" + usrOf(VD);
      // A local lock pointer ('p = a; q = a;' with 'a' a fresh mutex each
      // time): what it points to, so that p and q may be one mutex.
      if (VD && !VD->hasGlobalStorage() && VD->getType()->isPointerType() &&
          isSyncType(VD->getType()->getPointeeType()))
        return "pointee:local:" +
               usrOf(dyn_cast_or_null<Decl>(VD->getParentFunctionOrMethod())) + "|" +
               usrOf(VD);
    }
    return {};
  }
  void noteFnPtr(const VarDecl *P, const Expr *Value) {
    if (!P || !Value || !P->hasGlobalStorage() || !P->getType()->isFunctionPointerType())
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Value)))
      if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl()))
        TU.FnPtrTargets[P->getCanonicalDecl()].insert(F);
  }
  void notePointsTo(const VarDecl *P, const Expr *Value) {
    noteFnPtr(P, Value);
    if (!P || !Value || !P->hasGlobalStorage() || !P->getType()->isPointerType())
      return;
    std::string T = pointerTarget(Value);
    if (!T.empty())
      TU.PointsTo.insert({"pointee:" + usrOf(P), T});
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (Pass == 1 && BO->getOpcode() == BO_Assign)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        notePointsTo(dyn_cast<VarDecl>(DRE->getDecl()), BO->getRHS());
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (Pass == 2)
      noteStaticInit(VD);
    noteDeclaredOrder(VD);
    if (Pass == 1 && VD->hasGlobalStorage() && VD->getInit())
      notePointsTo(VD, VD->getInit());
    if (Pass == 1 && VD->hasGlobalStorage() && VD->getInit() &&
        !TU.inSystem(VD->getLocation()) &&
        spelling(VD->getInit()->getSourceRange()).find("RECURSIVE") != std::string::npos)
      TU.RecursiveMutexes.insert(VD->getCanonicalDecl());
    if (Pass == 1 && VD->hasGlobalStorage() && !TU.inSystem(VD->getLocation())) {
      std::string R = recordName(VD->getType());
      QualType T = VD->getType();
      while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
        T = AT->getElementType();
      if (R.empty())
        R = recordName(T);
      if (!R.empty() && !isSyncType(T))
        TU.SharedClasses.insert(R);
    }
    return true;
  }
  /// Lock id and display name of a mutex named in a thread-safety attribute
  /// (as lockOf() names it: a member as its lock class, a global by USR).
  static bool lockOfDecl(const Decl *D, std::string &Id, std::string &Name) {
    if (const auto *F = dyn_cast_or_null<FieldDecl>(D)) {
      std::string Cls = F->getParent()->getQualifiedNameAsString();
      Id = "field:" + Cls + "::" + F->getNameAsString();
      Name = Cls + "::" + F->getNameAsString();
      return true;
    }
    if (const auto *V = dyn_cast_or_null<VarDecl>(D);
        V && V->hasGlobalStorage() && !V->isStaticLocal()) {
      Id = usrOf(V);
      Name = V->getQualifiedNameAsString();
      return !Id.empty();
    }
    return false;
  }
  static const Decl *declOfArg(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl();
    return nullptr;
  }
  /// ACQUIRED_BEFORE(...) / ACQUIRED_AFTER(...) on a mutex: declared order.
  void noteDeclaredOrder(const Decl *D) {
    if (Pass != 1 || TU.inSystem(D->getLocation()))
      return;
    std::string Id, Name;
    if ((!D->hasAttr<AcquiredBeforeAttr>() && !D->hasAttr<AcquiredAfterAttr>()) ||
        !lockOfDecl(D, Id, Name))
      return;
    auto Add = [&](const Expr *Other, bool ThisFirst, SourceLocation At) {
      LockOrderDecl O;
      std::string OId, OName;
      if (!Other || !lockOfDecl(declOfArg(Other), OId, OName))
        return;
      O.Before = ThisFirst ? Id : OId;
      O.BeforeName = ThisFirst ? Name : OName;
      O.After = ThisFirst ? OId : Id;
      O.AfterName = ThisFirst ? OName : Name;
      O.Where = TU.loc(At);
      TU.Out.DeclaredOrders.push_back(O);
    };
    for (const auto *A : D->specific_attrs<AcquiredBeforeAttr>())
      for (const Expr *E : A->args())
        Add(E, true, A->getLocation());
    for (const auto *A : D->specific_attrs<AcquiredAfterAttr>())
      for (const Expr *E : A->args())
        Add(E, false, A->getLocation());
  }
  bool VisitFieldDecl(FieldDecl *FD) {
    noteDeclaredOrder(FD);
    return true;
  }

  bool VisitRecordDecl(RecordDecl *RD) {
    if (Pass != 1 || !RD->isCompleteDefinition() || TU.inSystem(RD->getLocation()))
      return true;
    if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
      if (CRD->isLambda() || CRD->isDependentContext())
        return true;
    ClassFacts C;
    C.Name = recordName(QualType(RD->getTypeForDecl(), 0));
    if (C.Name.empty())
      return true;
    for (const FieldDecl *F : RD->fields()) {
      QualType T = F->getType();
      while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
        T = AT->getElementType();
      std::string R = recordName(T);
      if (!isSyncType(T) && !F->getName().empty())
        C.Members.push_back({F->getNameAsString(), T->isRecordType() ? R : std::string()});
      if (!R.empty() && !isSyncType(T))
        C.Fields.push_back(R);
      // Template arguments: std::vector<Account>, std::unique_ptr<Node>.
      if (const auto *Spec =
              dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
        for (const TemplateArgument &TA : Spec->getTemplateArgs().asArray())
          if (TA.getKind() == TemplateArgument::Type) {
            std::string AR = recordName(TA.getAsType());
            if (!AR.empty() && !isSyncType(TA.getAsType()))
              C.Fields.push_back(AR);
          }
    }
    std::sort(C.Fields.begin(), C.Fields.end());
    C.Fields.erase(std::unique(C.Fields.begin(), C.Fields.end()), C.Fields.end());
    TU.Out.Classes.push_back(std::move(C));
    return true;
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (Pass == 2)
      analyse(FD);
    return true;
  }

  /// Constructors and calls in the initialisers of globals run before main:
  /// they are calls from the TU's "static-init:<file>" function, which main's
  /// root reaches before anything else.
  void noteStaticInit(const VarDecl *VD) {
    if (!VD->hasGlobalStorage() || VD->isStaticLocal() || !VD->getInit() ||
        TU.inSystem(VD->getLocation()) || VD->getDeclContext()->isDependentContext())
      return;
    std::vector<const Stmt *> Todo{VD->getInit()};
    while (!Todo.empty()) {
      const Stmt *S = Todo.back();
      Todo.pop_back();
      if (!S || isa<LambdaExpr>(S))
        continue;
      const FunctionDecl *Callee = nullptr;
      if (const auto *CE = dyn_cast<CallExpr>(S))
        Callee = CE->getDirectCallee();
      else if (const auto *CC = dyn_cast<CXXConstructExpr>(S))
        Callee = CC->getConstructor();
      if (Callee) {
        const FunctionDecl *Def = nullptr;
        if (Callee->hasBody(Def) && Def && !TU.inSystem(Def->getLocation())) {
          CallFact C;
          C.Callee = usrOf(Def);
          C.CalleeName = Def->getQualifiedNameAsString();
          C.Where = TU.loc(S->getBeginLoc());
          if (!C.Callee.empty())
            StaticInit.Calls.push_back(std::move(C));
        }
      }
      for (const Stmt *C : S->children())
        Todo.push_back(C);
    }
  }

  FunctionFacts StaticInit;
  void analyse(const FunctionDecl *FD) {
    if (!FD || !FD->hasBody() || !FD->doesThisDeclarationHaveABody() ||
        FD->isDependentContext() || TU.inSystem(FD->getLocation()) || !Done.insert(FD).second)
      return;
    if (FD->isImplicit() && !(isa<CXXMethodDecl>(FD) &&
                              cast<CXXMethodDecl>(FD)->getParent()->isLambda()))
      return;
    FunctionFacts F;
    FunctionAnalyzer A(TU, FD, F);
    A.run();
    if (F.Usr.empty())
      return;
    if (F.Name == "lambda") {
      SrcLoc L = TU.loc(cast<CXXMethodDecl>(FD)->getParent()->getLocation());
      F.Name = "lambda at " + llvm::sys::path::filename(L.File).str() + ":" +
               std::to_string(L.Line) + ":" + std::to_string(L.Col);
    }
    TU.Out.Functions.push_back(std::move(F));
  }

  int Pass = 1;

private:
  TUContext &TU;
  llvm::DenseSet<const FunctionDecl *> Done;

public:
  void reset() {
    Done.clear();
    StaticInit = FunctionFacts();
  }
};

class FactsConsumer : public ASTConsumer {
public:
  explicit FactsConsumer(TUFacts &Out) : Out(Out) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return; // the driver reports the TU as failed
    TUContext TU(Ctx, Out);
    SourceManager &SM = Ctx.getSourceManager();
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getMainFileID()))
      Out.MainFile = TU.loc(SM.getLocForStartOfFile(SM.getMainFileID())).File;
    Collector C(TU);
    C.Pass = 1;
    C.TraverseDecl(Ctx.getTranslationUnitDecl());
    // Pass 2 extracts every function. Where some function turns out to be a
    // lock()/unlock() wrapper, extract again with its effect applied at its
    // calls, until the effects settle (wrappers of wrappers).
    for (int Round = 0; Round < 4; ++Round) {
      Out.Functions.clear();
      TU.NewEffects.clear();
      C.Pass = 2;
      C.reset();
      C.TraverseDecl(Ctx.getTranslationUnitDecl());
      if (!C.StaticInit.Calls.empty()) {
        C.StaticInit.Usr = "static-init:" + Out.MainFile;
        C.StaticInit.Name = "static initialisation";
        C.StaticInit.Where = TU.loc(SM.getLocForStartOfFile(SM.getMainFileID()));
        Out.Functions.push_back(C.StaticInit);
      }
      if (TU.NewEffects == TU.Effects)
        break;
      TU.Effects = TU.NewEffects;
    }
    Out.SharedClasses.assign(TU.SharedClasses.begin(), TU.SharedClasses.end());
    Out.Aliases.assign(TU.PointsTo.begin(), TU.PointsTo.end());
    Out.SharedClasses.erase(
        std::remove(Out.SharedClasses.begin(), Out.SharedClasses.end(), std::string()),
        Out.SharedClasses.end());
    std::sort(Out.Functions.begin(), Out.Functions.end(),
              [](const FunctionFacts &A, const FunctionFacts &B) { return A.Usr < B.Usr; });
    std::sort(Out.DeclaredOrders.begin(), Out.DeclaredOrders.end());
    std::sort(Out.Classes.begin(), Out.Classes.end(),
              [](const ClassFacts &A, const ClassFacts &B) { return A.Name < B.Name; });
  }

private:
  TUFacts &Out;
};

} // namespace

std::unique_ptr<ASTConsumer> makeFactsConsumer(TUFacts &Out) {
  return std::make_unique<FactsConsumer>(Out);
}

} // namespace parcheck
