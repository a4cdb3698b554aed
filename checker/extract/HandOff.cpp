//===- HandOff.cpp - objects handed over through locked containers --------===//
//
// Facts for ownership transfer (the analysis decides: "hand-off through
// containers" in analysis/HandOff.cpp). As RacerD's ownership, extended the
// way Goblint's lockset reasoning orders a producer and a consumer:
//   * State::Owned: local pointers holding an object this thread took out of
//     a container under a lock, a dequeue: the pointer is read from a member
//     or a global while a lock is held, and the function also assigns that
//     member or global (the removal: 'it = q->head; q->head = it->next;').
//     An array pool's pop is a take too: an element of a member or global
//     array of pointers whose index reads a count the function steps or
//     assigns ('p->avail--; c = p->items[p->avail];', 'items[--n]').
//     The object is the thread's own until it publishes it again (stores it,
//     returns it, hands it to a thread or to a callee that lets it go: the
//     same uses as for a fresh object, Escape.cpp). Accesses through it are
//     AccessFact::HandedOff.
//   * ring takes: a pointer read out of a ring slot ('e = &ring[i & mask];
//     r = e->item;') in a function that acquires the ring's tail and
//     releases its head with atomics (takesFromRing) is taken as a dequeue's
//     is. The acquire, the slot and the release are only required to be in
//     one function, not checked to be of one ring.
//   * TUContext::OwnedReturns: a function of the TU whose every non-null
//     return is a local pointer still owned there hands that ownership to its
//     caller: an allocation wrapper ('cqi_new': fresh) or a dequeue function
//     ('cq_pop': taken). A call of it initialises a local as the function's
//     return would. Settled over the extraction rounds. A return of a fresh
//     allocation, of such a wrapper, or of a pointer-returning constructor of
//     another TU named '*create*' (a pool's fallback when it is empty) does
//     not stop a function with a taken return from being a dequeue.
//   * the producer's side (below): puts of an object into a link under a
//     lock (FunctionFacts::LinkedParams, EnqueuedParams), the links takes
//     read (TakeLinks), and the puts that follow an access on every path
//     (AccessFact::BeforeHandOff, BeforeEnqueue).
// Known limits:
//   * the removal is matched by declaration: an assignment to the same member
//     of any object, or to the same global, anywhere in the function (not
//     checked to be under the same lock, nor on the same path);
//   * a peek (a read of the container under its lock, with no removal) is
//     not a take: its object stays shared;
//   * a copy of an owned (or fresh) pointer into another local ('end =
//     stack', 'eio = &p->io_ctx') keeps both owned (State::Copies;
//     publishing one publishes both); a pointer
//     read from an owned object's fields ('next = it->next') is owned only
//     as the rest of a batch: a link to the same type that the function cuts
//     ('end->next = NULL', batchNext), not checked to end at the cut;
//   * wrappers are per TU: a dequeue or allocation function of another TU is
//     not known here (unless its name says alloc, Aliases.cpp).
//
//===----------------------------------------------------------------------===//
#include "extract/FunctionAnalyzer.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/BitVector.h"

#include <algorithm>

namespace parcheck {
namespace extract {

namespace {

const Expr *bare(const Expr *E) { return E ? strip(E->IgnoreParenCasts()) : nullptr; }

/// A getter: a function whose body is 'return p->link;' for a pointer
/// parameter p ('uv__queue_head(q)'). The member it reads, or null.
const MemberExpr *getterRead(const CallExpr *CE) {
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  const auto *Body = Def ? dyn_cast_or_null<CompoundStmt>(Def->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *RS = dyn_cast<ReturnStmt>(Body->body_front());
  const auto *ME = RS ? dyn_cast_or_null<MemberExpr>(bare(RS->getRetValue())) : nullptr;
  if (!ME || !ME->isArrow())
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(bare(ME->getBase()));
  return DRE && isa<ParmVarDecl>(DRE->getDecl()) ? ME : nullptr;
}

/// The member or global a container link read or write names, or null: a
/// read through a getter names the getter's member.
const Decl *linkDecl(const Expr *E) {
  const Expr *X = bare(E);
  if (const MemberExpr *ME = getterRead(dyn_cast_or_null<CallExpr>(X)))
    return ME->getMemberDecl();
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(X))
    return ME->getMemberDecl();
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
      return VD;
  return nullptr;
}

/// A link's name for FunctionFacts::TakeLinks: "field:Rec::m" for a member,
/// a global's USR.
Id linkId(const Decl *D) {
  if (const auto *F = dyn_cast_or_null<FieldDecl>(D))
    return makeId(IdKind::Field,
                  recordName(F->getASTContext().getRecordType(F->getParent())) + "::" +
                      F->getNameAsString());
  if (const auto *VD = dyn_cast_or_null<VarDecl>(D))
    return makeId(IdKind::Usr, usrOf(VD));
  return Id();
}

/// The list head a link read starts from, when it is a local record of this
/// activation ('q = uv__queue_head(&local)', 'it = local.head'): a list only
/// this function reaches (a list moved out of a shared one under its lock).
bool readsLocalHead(const Expr *E) {
  const Expr *X = bare(E);
  const Expr *Base = nullptr;
  if (const auto *CE = dyn_cast_or_null<CallExpr>(X); CE && getterRead(CE) && CE->getNumArgs() == 1)
    if (const auto *UO = dyn_cast<UnaryOperator>(bare(CE->getArg(0))); UO && UO->getOpcode() == UO_AddrOf)
      Base = UO->getSubExpr();
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(X); ME && !ME->isArrow())
    Base = ME->getBase();
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(bare(Base));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isRecordType();
}

/// E without the offsets added to or subtracted from it ('(char *)q + k'
/// is q), through casts.
const Expr *stripOffsets(const Expr *E) {
  const Expr *X = bare(E);
  while (const auto *BO = dyn_cast_or_null<BinaryOperator>(X)) {
    if ((BO->getOpcode() != BO_Add && BO->getOpcode() != BO_Sub) ||
        !BO->getLHS()->getType()->isPointerType())
      break;
    X = bare(BO->getLHS());
  }
  return X;
}

/// The local pointer an address computed from it names: 'q', '(T *)q',
/// '(T *)((char *)q - offsetof(T, link))' (container_of), or null.
const DeclRefExpr *addressRoot(const Expr *E) {
  return dyn_cast_or_null<DeclRefExpr>(stripOffsets(E));
}

} // namespace

/// A local pointer to an array element: '&ring[i & mask]'.
static bool slotAddress(const Expr *E) {
  const auto *UO = dyn_cast_or_null<UnaryOperator>(bare(E));
  return UO && UO->getOpcode() == UO_AddrOf && isa<ArraySubscriptExpr>(bare(UO->getSubExpr()));
}

void FunctionAnalyzer::findContainerWrites(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (const auto *AE = dyn_cast<AtomicExpr>(S)) {
    // Only a constant order counts: an unknown one is neither.
    std::optional<uint64_t> Order = constantOrder(AE->getOrder(), Ctx);
    switch (AE->getOp()) {
    case AtomicExpr::AO__c11_atomic_store:
    case AtomicExpr::AO__atomic_store:
    case AtomicExpr::AO__atomic_store_n:
      ReleasesIndex |= Order == 3 || Order == 5;
      break;
    case AtomicExpr::AO__c11_atomic_load:
    case AtomicExpr::AO__atomic_load:
    case AtomicExpr::AO__atomic_load_n:
      AcquiresIndex |= Order == 2 || Order == 5;
      break;
    default:
      break;
    }
  }
  // The assignments of local pointers: ring slots or not.
  auto Slot = [&](const VarDecl *VD, const Expr *Init) {
    if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal() || !VD->getType()->isPointerType())
      return;
    (slotAddress(Init) ? RingSlots : NotRingSlots).insert(VD);
  };
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit())
        Slot(VD, VD->getInit());
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
    if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      Slot(dyn_cast<VarDecl>(DRE->getDecl()), BO->getRHS());
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isAssignmentOp())
    if (const Decl *D = linkDecl(BO->getLHS()))
      ContainerWrites.insert(D);
  // A link set to null through a pointer ('end->next = NULL'): a chain cut.
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
    if (const auto *ME = dyn_cast<MemberExpr>(bare(BO->getLHS()));
        ME && ME->isArrow() && ME->getType()->isPointerType() &&
        BO->getRHS()->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      CutLinks.insert(ME->getMemberDecl());
  // A count stepped in place ('p->avail--', 'items[--n]'): the index of an
  // array pool's pop (takesFromContainer).
  if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isIncrementDecrementOp())
    if (const Decl *D = linkDecl(UO->getSubExpr()))
      ContainerWrites.insert(D);
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *F = CE->getDirectCallee(); F && CE->getNumArgs() > 0) {
      llvm::SmallPtrSet<const FunctionDecl *, 8> Seen;
      findCalleeLinkWrites(F, 2, Seen);
    }
  for (const Stmt *C : S->children())
    findContainerWrites(C);
}

void FunctionAnalyzer::findCalleeLinkWrites(const FunctionDecl *F, unsigned Depth,
                                            llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  const FunctionDecl *Def = TU.linkDef(F);
  if (!Def || !Seen.insert(Def).second)
    return;
  // Only the member writes through the callee's parameters' paths
  // ('q->prev->next = q->next'): what an unlink does to the links.
  std::unique_ptr<TUContext::BodyLinks> &Entry = TU.BodyLinksMemo[Def];
  if (!Entry) {
    Entry = std::make_unique<TUContext::BodyLinks>();
    forEachStmt(Def->getBody(), [&, &L = *Entry](const Stmt *S) {
      if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
        if (const auto *ME = dyn_cast<MemberExpr>(bare(BO->getLHS())))
          L.MemberWrites.push_back(ME->getMemberDecl());
      if (const auto *CE = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *D = TU.linkDef(CE->getDirectCallee()))
          L.Callees.push_back(D);
      return true;
    });
  }
  const TUContext::BodyLinks &L = *Entry; // stays put while the recursion grows the memo
  ContainerWrites.insert(L.MemberWrites.begin(), L.MemberWrites.end());
  if (Depth > 0)
    for (const FunctionDecl *Callee : L.Callees)
      findCalleeLinkWrites(Callee, Depth - 1, Seen);
}

/// Does Body hand a mutex to a function its TU does not define: a lock
/// wrapper of another TU ('uv_mutex_lock(&mutex)'), which the walk does not
/// see as a lock (LockImports are resolved by the analysis)? Known limit: the
/// lock is not checked to be held at the read.
static bool locksThroughWrapper(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *CE = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *F = CE->getDirectCallee(); F && !F->getDefinition())
      for (const Expr *A : CE->arguments())
        if (const auto *UO = dyn_cast<UnaryOperator>(bare(A)); UO && UO->getOpcode() == UO_AddrOf)
          if (isSyncType(UO->getSubExpr()->getType()))
            return true;
  for (const Stmt *C : S->children())
    if (locksThroughWrapper(C))
      return true;
  return false;
}

bool FunctionAnalyzer::bodyLocksThroughWrapper() const {
  if (!BodyLocksThroughWrapper)
    BodyLocksThroughWrapper = locksThroughWrapper(FD->getBody());
  return *BodyLocksThroughWrapper;
}

/// Does E read a member or global that the function writes (ContainerWrites)?
static bool readsWritten(const Expr *E, const llvm::DenseSet<const Decl *> &Writes) {
  if (!E)
    return false;
  if (const Decl *D = linkDecl(E); D && Writes.count(D))
    return true;
  for (const Stmt *C : E->children())
    if (readsWritten(dyn_cast_or_null<Expr>(C), Writes))
      return true;
  return false;
}

/// The pop of an array pool: 'items[n]' for a member or global array (or
/// pointer) of pointers whose index reads a count the function steps or
/// assigns ('p->avail--; c = p->items[p->avail];', 'c = items[--n];').
static const Decl *arrayPop(const Expr *E, const llvm::DenseSet<const Decl *> &Writes) {
  const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(bare(E));
  if (!AS || !AS->getType()->isPointerType())
    return nullptr;
  const Decl *D = linkDecl(AS->getBase());
  return D && readsWritten(AS->getIdx(), Writes) ? D : nullptr;
}

bool FunctionAnalyzer::takesFromRing(const Expr *Init) const {
  if (!ReleasesIndex || !AcquiresIndex)
    return false;
  const Expr *X = bare(Init);
  // 'ring[i]' (a slot holding the pointer), 'ring[i].item', 'e->item' for a
  // slot local e; the item may be kept as an integer ('(T *)e->user_data').
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(X)) {
    const Expr *Base = bare(ME->getBase());
    if (!ME->isArrow())
      return isa_and_nonnull<ArraySubscriptExpr>(Base);
    const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Base);
    const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return VD && RingSlots.count(VD) && !NotRingSlots.count(VD);
  }
  return isa_and_nonnull<ArraySubscriptExpr>(X) && X->getType()->isPointerType();
}

bool FunctionAnalyzer::takesFromContainer(const State &St, const Expr *Init) const {
  if (!Init || !Init->getType()->isPointerType())
    return false;
  if (takesFromRing(Init))
    return true;
  // 'n ? items[--n] : NULL': the arm that is not null.
  if (const auto *CO = dyn_cast<ConditionalOperator>(bare(Init))) {
    const Expr *T = CO->getTrueExpr(), *F = CO->getFalseExpr();
    if (F->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return takesFromContainer(St, T);
    if (T->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return takesFromContainer(St, F);
    return false;
  }
  const Decl *Pool = arrayPop(Init, ContainerWrites);
  const Decl *D = Pool ? Pool : linkDecl(Init);
  if (!D || (!Pool && !ContainerWrites.count(D)))
    return false;
  if (St.Locks.empty() && !readsLocalHead(Init) && !bodyLocksThroughWrapper())
    return false;
  const auto *VD = dyn_cast<ValueDecl>(D);
  if (!Pool && !(VD && VD->getType()->isPointerType()))
    return false;
  if (Id L = linkId(D); !L.empty())
    TakeLinkSet.insert(L);
  return true;
}

std::optional<TUContext::Returned> FunctionAnalyzer::ownedReturnOf(const Expr *Init) const {
  const auto *CE = dyn_cast_or_null<CallExpr>(bare(Init));
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  if (!F)
    return std::nullopt;
  const FunctionDecl *Def = F->getDefinition() ? F->getDefinition() : F;
  auto It = TU.OwnedReturns.find(usrOf(Def));
  if (It == TU.OwnedReturns.end())
    return std::nullopt;
  return It->second;
}

void FunctionAnalyzer::ownOnAssign(State &St, const VarDecl *VD, const Expr *Init,
                                   bool Ownable) const {
  std::optional<std::set<Id>> Batch;
  if (const std::set<Id> *Vias = Ownable ? batchNext(St, Init) : nullptr)
    Batch = *Vias;
  St.Fresh.erase(VD);
  St.Owned.erase(VD);
  St.Null.erase(VD);
  // VD names another object now: no longer a copy of its old partners.
  if (auto C = St.Copies.find(VD); C != St.Copies.end()) {
    for (const VarDecl *Other : C->second)
      if (auto D = St.Copies.find(Other); D != St.Copies.end())
        D->second.erase(VD);
    St.Copies.erase(C);
  }
  if (!Ownable || !Init)
    return;
  if (Init->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull)) {
    St.Null.insert(VD);
    return;
  }
  if (Batch) {
    St.Owned[VD] = std::move(*Batch);
    return;
  }
  std::optional<TUContext::Returned> R = ownedReturnOf(Init);
  if (isFreshAllocation(Init) || R == TUContext::Returned::Fresh)
    St.Fresh[VD].clear();
  else if (R == TUContext::Returned::Taken || takesFromContainer(St, Init))
    St.Owned[VD].clear();
  else if (const std::set<Id> *Vias = movedOwnership(Init))
    St.Owned[VD] = *Vias;
  else if (const auto *CE = dyn_cast_or_null<CallExpr>(bare(Init)))
    // A function of another TU: fresh if its own TU finds it returns fresh
    // objects (FunctionFacts::ReturnsFresh), which the analysis checks
    // through this hand-off.
    if (const FunctionDecl *F = CE->getDirectCallee();
        F && !F->getDefinition() && F->getReturnType()->isPointerType() &&
        !libraryFunction(F, TU))
      St.Fresh[VD] = {makeId(IdKind::Return, usrOf(F))};
  // A copy of a local that kept its ownership (copiedTo): two names of one
  // fresh or taken object, linked.
  const VarDecl *SV = copySource(Init);
  if (!SV || SV == VD)
    return;
  auto F = St.Fresh.find(SV);
  auto O = St.Owned.find(SV);
  if (F == St.Fresh.end() && O == St.Owned.end())
    return;
  if (F != St.Fresh.end())
    St.Fresh[VD] = F->second;
  else
    St.Owned[VD] = O->second;
  St.Copies[VD].insert(SV);
  St.Copies[SV].insert(VD);
}

const VarDecl *FunctionAnalyzer::copySource(const Expr *Init) const {
  // An address inside the object, computed with offsets from a part of it
  // ('(char *)&it->data + it->nkey + 1', memcached's ITEM_data(it)).
  const Expr *X = stripOffsets(Init);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf) {
    X = bare(UO->getSubExpr());
    while (const auto *ME = dyn_cast_or_null<MemberExpr>(X)) {
      if (ME->isArrow()) {
        X = bare(ME->getBase());
        break;
      }
      X = bare(ME->getBase());
    }
    if (!X || !X->getType()->isPointerType())
      return nullptr;
  }
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  return VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isPointerType()
             ? VD
             : nullptr;
}

const VarDecl *FunctionAnalyzer::copiedTo(const DeclRefExpr *DRE) const {
  const Stmt *Cur = DRE, *P = parent(DRE);
  auto Offset = [&](const Stmt *S) { // 'p + k' with Cur the pointer side
    const auto *BO = dyn_cast<BinaryOperator>(S);
    return BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) &&
           BO->getLHS() == Cur && BO->getLHS()->getType()->isPointerType();
  };
  while (P && (isa<ParenExpr>(P) || isa<CastExpr>(P) || isa<MemberExpr>(P) || Offset(P) ||
               (isa<UnaryOperator>(P) && cast<UnaryOperator>(P)->getOpcode() == UO_AddrOf))) {
    Cur = P;
    P = parent(P);
  }
  const VarDecl *To = nullptr;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(P)) {
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D); VD && VD->getInit() == Cur)
        To = VD;
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
             BO && BO->getOpcode() == BO_Assign && BO->getRHS() == Cur) {
    if (const auto *L = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
      To = dyn_cast<VarDecl>(L->getDecl());
  }
  if (!To || !To->isLocalVarDecl() || To->isStaticLocal() || !To->getType()->isPointerType() ||
      TU.AddrTaken.count(To) || TU.RefCaptured.count(To))
    return nullptr;
  // The value must be a copy of DRE's variable (or of a part of its object).
  const Expr *Val = nullptr;
  if (isa<DeclStmt>(P))
    Val = To->getInit();
  else
    Val = cast<BinaryOperator>(P)->getRHS();
  return copySource(Val) == DRE->getDecl() ? To : nullptr;
}

void FunctionAnalyzer::dropOwned(State &St, const VarDecl *VD, bool OnlyFresh) {
  std::vector<const VarDecl *> Todo{VD};
  std::set<const VarDecl *> Seen{VD};
  while (!Todo.empty()) {
    const VarDecl *V = Todo.back();
    Todo.pop_back();
    St.Fresh.erase(V);
    if (!OnlyFresh)
      St.Owned.erase(V);
    auto C = St.Copies.find(V);
    if (C == St.Copies.end())
      continue;
    for (const VarDecl *Other : C->second)
      if (Seen.insert(Other).second)
        Todo.push_back(Other);
  }
}

void FunctionAnalyzer::keepUntilUnlock(State &St, const VarDecl *VD) {
  std::set<Id> Held;
  for (const HeldLock &H : St.Locks)
    Held.insert(H.Id);
  std::vector<const VarDecl *> Todo{VD};
  std::set<const VarDecl *> Seen{VD};
  while (!Todo.empty()) {
    const VarDecl *V = Todo.back();
    Todo.pop_back();
    if (St.Fresh.count(V) || St.Owned.count(V))
      St.PutUnder[V].insert(Held.begin(), Held.end());
    if (auto C = St.Copies.find(V); C != St.Copies.end())
      for (const VarDecl *Other : C->second)
        if (Seen.insert(Other).second)
          Todo.push_back(Other);
  }
}

/// Does E compute an address in the object parameter PV points to: 'p',
/// '&p->f', '(T *)p', '(char *)p + k'?
static bool addressIn(const Expr *E, const ParmVarDecl *PV) {
  const Expr *X = bare(E);
  while (X) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      return DRE->getDecl() == PV;
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf) {
      const auto *ME = dyn_cast<MemberExpr>(bare(UO->getSubExpr()));
      if (!ME || !ME->isArrow())
        return false;
      X = bare(ME->getBase());
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(X);
        BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) &&
        BO->getLHS()->getType()->isPointerType()) {
      X = bare(BO->getLHS());
      continue;
    }
    return false;
  }
  return false;
}

/// Does F (defined in this TU, not a library's) store what parameter I
/// points to into a pointer member or a global, itself or through calls
/// Depth deep?
static bool storesParamIntoLink(const FunctionDecl *F, unsigned I, unsigned Depth,
                                TUContext &TU) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || !Def->getBody() || TU.inSystem(Def->getLocation()) || I >= Def->getNumParams())
    return false;
  const ParmVarDecl *PV = Def->getParamDecl(I);
  bool Stored = !forEachStmt(Def->getBody(), [&](const Stmt *S) {
    // Not into the object itself ('q->next = q', an empty list's self
    // link).
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->getOpcode() == BO_Assign)
      if (const auto *D = dyn_cast_or_null<ValueDecl>(linkDecl(BO->getLHS()));
          D && D->getType()->isPointerType() && addressIn(BO->getRHS(), PV)) {
        const auto *ME = dyn_cast<MemberExpr>(bare(BO->getLHS()));
        const auto *Base = ME && ME->isArrow() ? dyn_cast<DeclRefExpr>(bare(ME->getBase())) : nullptr;
        if (!Base || Base->getDecl() != PV)
          return false;
      }
    if (const auto *CE = dyn_cast<CallExpr>(S); CE && Depth > 0)
      for (unsigned J = 0; J < CE->getNumArgs(); ++J)
        if (addressIn(CE->getArg(J), PV) &&
            storesParamIntoLink(CE->getDirectCallee(), J, Depth - 1, TU))
          return false;
    return true;
  });
  return Stored;
}

bool FunctionAnalyzer::putsIntoContainer(const DeclRefExpr *DRE) const {
  // The address value the use is part of: 'p', '&p->link', '(T *)p + k'.
  const Stmt *Cur = DRE;
  for (const Stmt *P = parent(Cur); P; Cur = P, P = parent(P)) {
    if (isa<ParenExpr, ImplicitCastExpr, CStyleCastExpr>(P))
      continue;
    if (const auto *ME = dyn_cast<MemberExpr>(P); ME && ME->isArrow() && ME->getBase() == Cur)
      if (const auto *UO = dyn_cast_or_null<UnaryOperator>(parent(P));
          UO && UO->getOpcode() == UO_AddrOf) {
        P = UO;
        continue;
      }
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub) &&
        BO->getType()->isPointerType() && BO->getLHS() == Cur)
      continue;
    break;
  }
  const Stmt *P = parent(Cur);
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
      BO && BO->getOpcode() == BO_Assign && BO->getRHS() == Cur) {
    const auto *D = dyn_cast_or_null<ValueDecl>(linkDecl(BO->getLHS()));
    return D && D->getType()->isPointerType();
  }
  if (const auto *CE = dyn_cast_or_null<CallExpr>(P))
    for (unsigned J = 0; J < CE->getNumArgs(); ++J)
      if (CE->getArg(J) == Cur)
        return storesParamIntoLink(CE->getDirectCallee(), J, 1, TU);
  return false;
}

const std::set<Id> *FunctionAnalyzer::movedOwnership(const Expr *Init) const {
  const DeclRefExpr *DRE = addressRoot(Init);
  auto It = DRE ? OwnedAtUse.find(DRE) : OwnedAtUse.end();
  return It == OwnedAtUse.end() ? nullptr : &It->second;
}

void FunctionAnalyzer::noteTakenArgs(const State &St, llvm::ArrayRef<const Expr *> Args,
                                     CallFact &C) const {
  std::set<Id> Via;
  for (unsigned I = 0; I < Args.size(); ++I) {
    if (auto [P, M] = paramMember(Args[I]); P >= 0)
      C.MemberArgs.emplace_back(I, unsigned(P), M);
    const Expr *X = bare(Args[I]);
    // p itself (through casts and offsets), or the address of something
    // inside *p (&p->f).
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
      X = accessBase(UO->getSubExpr());
    else if (X && !X->getType()->isPointerType())
      X = nullptr;
    const DeclRefExpr *DRE = addressRoot(X);
    if (!DRE)
      continue;
    if (int P = paramIndex(DRE); P >= 0) {
      if (DRE->getDecl() != FD->getParamDecl(unsigned(P)) || !isa<DeclRefExpr>(bare(Args[I])))
        C.ParamParts.push_back({I, unsigned(P)});
      continue;
    }
    auto It = St.Owned.find(dyn_cast<VarDecl>(DRE->getDecl()));
    if (It == St.Owned.end())
      continue;
    C.TakenArgs.push_back(I);
    Via.insert(It->second.begin(), It->second.end());
  }
  C.TakenVia.assign(Via.begin(), Via.end());
}

void FunctionAnalyzer::noteOwnedReturn(const State &St, const DeclRefExpr *DRE,
                                       const VarDecl *VD) {
  const Stmt *P = parent(DRE);
  while (P && isa<Expr>(P) && bare(cast<Expr>(P)) == DRE)
    P = parent(P);
  const auto *RS = dyn_cast_or_null<ReturnStmt>(P);
  if (!RS)
    return;
  auto F = St.Fresh.find(VD);
  if (F != St.Fresh.end() && F->second.empty())
    OwnedRets[RS] = TUContext::Returned::Fresh;
  else if (auto O = St.Owned.find(VD); O != St.Owned.end() && O->second.empty())
    OwnedRets[RS] = TUContext::Returned::Taken;
}

/// A call of a function that its name says creates an object
/// ('ZSTD_createCCtx_advanced', 'pool_create'), returning a pointer.
static bool createsByName(const Expr *E) {
  const auto *CE = dyn_cast_or_null<CallExpr>(bare(E));
  const FunctionDecl *F = CE ? CE->getDirectCallee() : nullptr;
  return F && F->getIdentifier() && F->getReturnType()->isPointerType() &&
         F->getName().contains_insensitive("create");
}

void FunctionAnalyzer::recordOwnedReturns() {
  if (OwnedRets.empty() || !FD->getReturnType()->isPointerType())
    return;
  // Every return: null, or one noted by noteOwnedReturn on the walk.
  struct Returns : RecursiveASTVisitor<Returns> {
    std::vector<const ReturnStmt *> All;
    bool VisitReturnStmt(ReturnStmt *RS) {
      All.push_back(RS);
      return true;
    }
    bool TraverseLambdaExpr(LambdaExpr *) { return true; }
  } V;
  V.TraverseStmt(const_cast<Stmt *>(FD->getBody()));
  TUContext::Returned Kind = TUContext::Returned::Fresh;
  for (const ReturnStmt *RS : V.All) {
    const Expr *E = RS->getRetValue();
    if (E && E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      continue;
    auto It = OwnedRets.find(RS);
    if (It == OwnedRets.end()) {
      // A pool's fallback when it is empty: 'return create_ctx(..);', a
      // fresh object (an allocation, a function whose every return is
      // fresh, or a constructor of another TU named '*create*').
      if (E && (isFreshAllocation(E) || ownedReturnOf(E) == TUContext::Returned::Fresh ||
                createsByName(E)))
        continue;
      return;
    }
    if (It->second == TUContext::Returned::Taken)
      Kind = TUContext::Returned::Taken;
  }
  TU.NewOwnedReturns[FnUsr] = Kind;
}

const std::set<Id> *FunctionAnalyzer::batchNext(const State &St, const Expr *Init) const {
  const auto *ME = dyn_cast_or_null<MemberExpr>(bare(Init));
  if (!ME || !ME->isArrow() || !CutLinks.count(ME->getMemberDecl()))
    return nullptr;
  // A link to an object of the same type: the next one of a chain.
  QualType Base = ME->getBase()->getType();
  if (!Base->isPointerType() || !ME->getType()->isPointerType() ||
      Ctx.getCanonicalType(Base->getPointeeType().getUnqualifiedType()) !=
          Ctx.getCanonicalType(ME->getType()->getPointeeType().getUnqualifiedType()))
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(bare(ME->getBase()));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  auto It = VD ? St.Owned.find(VD) : St.Owned.end();
  return It == St.Owned.end() ? nullptr : &It->second;
}

// The producer's side. An object is put into a container by a store of its
// pointer (or of the address of its link: '&w->wq') into a pointer member or
// a global while a lock is held ('t->queue = io;' under t->mutex), directly
// or through helpers (a link helper 'uv__queue_insert_tail(&wq, q)' called
// under the lock, a submit function 'post(&w->wq)' that does so); the
// analysis closes that over calls (analysis/HandOff.cpp). Here: which
// parameters a function stores into a link (LinkedParams, EnqueuedParams),
// and for each access through a parameter or a local, the puts of the same
// object that follow it on every path and after which it is not reached again.

const VarDecl *FunctionAnalyzer::objectRoot(const Expr *E) const {
  const Expr *X = E ? E->IgnoreParenImpCasts() : nullptr;
  while (X) {
    if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      if (ME->isArrow())
        return pointerRoot(ME->getBase());
      X = ME->getBase()->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      const Expr *B = AS->getBase()->IgnoreParenImpCasts();
      if (B->getType()->isPointerType())
        return pointerRoot(B);
      X = B;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_Deref)
      return pointerRoot(UO->getSubExpr());
    // A local record named by itself ('wrap.io.mode'): one object for the
    // activation, whatever is assigned to it or done with its address.
    if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isRecordType())
        return VD;
    return nullptr;
  }
  return nullptr;
}

const VarDecl *FunctionAnalyzer::pointerRoot(const Expr *E) const {
  const Expr *X = bare(E);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
    return isSyncType(UO->getSubExpr()->getType()) ? nullptr : objectRoot(UO->getSubExpr());
  if (!X || !X->getType()->isPointerType())
    return nullptr;
  const DeclRefExpr *DRE = addressRoot(X);
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || Reassigned.count(VD))
    return nullptr;
  if (int P = paramIndex(DRE); P >= 0) {
    const ParmVarDecl *PV = FD->getParamDecl(unsigned(P));
    return Reassigned.count(PV) ? nullptr : PV;
  }
  if (VD->isLocalVarDecl() && !VD->isStaticLocal() && VD->getType()->isPointerType())
    return VD;
  return nullptr;
}

void FunctionAnalyzer::noteRootUse(const Expr *E, bool Pointer) {
  if (const VarDecl *Root = Pointer ? pointerRoot(E) : objectRoot(E))
    RootUses.push_back({Out.Accesses.size(), CurElem, Root});
}

void FunctionAnalyzer::noteRootPuts(const State &St, const Stmt *S, const FunctionDecl *Callee,
                                    llvm::ArrayRef<const Expr *> Args) {
  bool Locked = !St.Locks.empty();
  if (!Callee) {
    // A store into a link: a pointer member or a global ('h->prev = q').
    const auto *BO = dyn_cast<BinaryOperator>(S);
    if (!BO || BO->getOpcode() != BO_Assign)
      return;
    const auto *D = dyn_cast_or_null<ValueDecl>(linkDecl(BO->getLHS()));
    if (!D || !D->getType()->isPointerType())
      return;
    if (const VarDecl *Root = pointerRoot(BO->getRHS()))
      if (Id L = linkId(D); !L.empty())
        RootPuts.push_back({S, Root, Id(), L, Locked});
    return;
  }
  std::string Usr = usrOf(Callee);
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I)
    if (Callee->getParamDecl(I)->getType()->isPointerType())
      if (const VarDecl *Root = pointerRoot(Args[I]))
        RootPuts.push_back({S, Root, parcheck::paramId(Usr, I), Id(), Locked});
}

void FunctionAnalyzer::recordBeforeHandOff() {
  Out.TakeLinks.assign(TakeLinkSet.begin(), TakeLinkSet.end());
  std::set<std::pair<unsigned, Id>> Linked, Enqueued;
  for (const RootPut &P : RootPuts)
    if (const auto *PV = dyn_cast<ParmVarDecl>(P.Root); PV && P.Param.empty()) {
      Linked.insert({PV->getFunctionScopeIndex(), P.Link});
      if (P.Locked)
        Enqueued.insert({PV->getFunctionScopeIndex(), P.Link});
    }
  Out.LinkedParams.assign(Linked.begin(), Linked.end());
  Out.EnqueuedParams.assign(Enqueued.begin(), Enqueued.end());
  if (RootUses.empty() || RootPuts.empty())
    return;
  // Where each statement of the walk is: block and element.
  llvm::DenseMap<const Stmt *, std::pair<unsigned, unsigned>> Pos;
  for (const CFGBlock *B : *Cfg) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>())
        Pos.try_emplace(CS->getStmt(), B->getBlockID(), I);
      ++I;
    }
  }
  const std::vector<const CFGBlock *> ById = blocksById();
  // Blocks reachable from the successors of From, not going on through Avoid
  // (none when Avoid is ~0u).
  auto Reach = [&](unsigned From, unsigned Avoid) { return reachedFrom(ById, From, Avoid); };
  std::map<unsigned, llvm::BitVector> Escapes; // put block: reachingExitAvoiding
  std::map<unsigned, llvm::BitVector> After;   // put block
  for (const RootUse &U : RootUses) {
    auto UP = Pos.find(U.At);
    if (UP == Pos.end())
      continue;
    AccessFact &A = Out.Accesses[U.Access];
    for (const RootPut &P : RootPuts) {
      if (P.Root != U.Root || (P.Param.empty() && !P.Locked))
        continue;
      auto PP = Pos.find(P.At);
      if (PP == Pos.end())
        continue;
      auto [PB, PI] = PP->second;
      auto [UB, UI] = UP->second;
      // The put follows the access on every path to the return ...
      bool Follows;
      if (PB == UB) {
        Follows = PI > UI;
      } else {
        auto [It, New] = Escapes.try_emplace(PB);
        if (New)
          It->second = reachingExitAvoiding(*Cfg, ById, PB);
        Follows = !It->second.test(UB);
      }
      if (!Follows)
        continue;
      // ... and the access never follows the put (a loop around both).
      auto [It, New] = After.try_emplace(PB);
      if (New)
        It->second = Reach(PB, ~0u);
      if (It->second.test(UB))
        continue;
      if (P.Param.empty()) {
        if (std::find(A.BeforeEnqueue.begin(), A.BeforeEnqueue.end(), P.Link) ==
            A.BeforeEnqueue.end())
          A.BeforeEnqueue.push_back(P.Link);
      } else if (std::none_of(A.BeforeHandOff.begin(), A.BeforeHandOff.end(),
                              [&](const AccessFact::HandOffCall &C) {
                                return C.Param == P.Param && C.Locked == P.Locked;
                              })) {
        A.BeforeHandOff.push_back({P.Param, P.Locked});
      }
    }
  }
}

} // namespace extract
} // namespace parcheck
