//===- Origins.cpp - where a pointer's object comes from ------------------===//
//
// The nodes and what they mean: extract/Origins.h. What is followed:
//   * a pointer value read from a variable, a parameter or a member is its
//     node; '&x' is x's object ('&x->f' is the member's embedded object, or,
//     for a first member, x's own: the same address); an array's decay is the
//     array's object; 'p + k', 'p[i]' and '&p[i]' are p's; a call is what its
//     function returns (a library allocator's: a fresh object, no node);
//   * a flow for every assignment, initialisation (of a variable, of a member
//     in an initialiser list or a constructor), argument bound to a parameter
//     of a function the program may define, and return.
// What is unknown ("?", so it may alias anything):
//   * a value read through a pointer to a pointer ('*pp', 'pp[i]'), a cast
//     from an integer, a cast between two record types (a struct prefix
//     cast, a base/derived cast), 'p - k' and arithmetic on a pointer cast
//     to another type (container_of), 'this', a library call's result, a
//     member of a union;
//   * a pointer variable or member whose address is taken ('&c->p': it can
//     be written through it, memcpy too), or bound to a reference;
//   * the parameters of a function whose address goes where calls are not
//     seen: to a library function (a thread's entry, qsort's comparator),
//     a library's record ('sa.sa_handler'), a cast or a return.
// A function whose address is stored into a slot the analysis follows (a
// variable, a member of the program's records, a parameter of its
// functions) has its parameters "&": bound where the analysis resolves
// the calls through those slots, to their arguments (CallFact::ArgValues).
// An address cast to an integer or compared is an identity, not a value
// anything calls. A call through a function value returns "v:<slot>".
//
//===----------------------------------------------------------------------===//
#include "extract/Origins.h"

#include "extract/LockModel.h"

#include "llvm/ADT/StringSwitch.h"

namespace parcheck {
namespace extract {

namespace {

const char *const Unknown = "?";
const char *const Fresh = "*";
/// A parameter of a function handed to a followed slot: bound where the
/// analysis resolves the slot's calls (CallFact::ArgValues).
const char *const Bound = "&";

bool isRecordPointer(QualType T) {
  const auto *PT = T->getAs<PointerType>();
  return PT && PT->getPointeeType()->isRecordType();
}

/// A cast from one record pointer type to another: the result is not the
/// object its operand points to (a struct prefix cast: another type's view).
bool recastsRecord(const CastExpr *CE) {
  QualType From = CE->getSubExpr()->getType(), To = CE->getType();
  if (!isRecordPointer(From) || !isRecordPointer(To))
    return false;
  return From->getPointeeType().getCanonicalType().getUnqualifiedType() !=
         To->getPointeeType().getCanonicalType().getUnqualifiedType();
}

/// A cast that changes what a pointer points to (before arithmetic on it:
/// '(char *)p - offsetof(..)', '(uint8_t *)p + k').
bool changesPointee(const Expr *E) {
  const auto *CE = dyn_cast<CastExpr>(E->IgnoreParens());
  if (!CE || !CE->getSubExpr()->getType()->isPointerType() || !CE->getType()->isPointerType())
    return false;
  return CE->getSubExpr()->getType()->getPointeeType().getCanonicalType().getUnqualifiedType() !=
         CE->getType()->getPointeeType().getCanonicalType().getUnqualifiedType();
}

/// The member expression of Field ("Class::f") in an access E, through '.'
/// members and subscripts, not through another '->'; null when none.
const MemberExpr *fieldMember(const Expr *E, const std::string &Field) {
  for (const Expr *X = E; X;) {
    X = X->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (F && memberFieldName(F) == Field)
        return ME;
      if (ME->isArrow())
        return nullptr;
      X = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      X = AS->getBase();
    } else {
      return nullptr;
    }
  }
  return nullptr;
}

std::string fieldSignature(const FieldDecl *F) {
  return F->getNameAsString() + ":" + F->getType().getCanonicalType().getAsString();
}

/// Is LV a slot of function values the analysis follows (FnValues.cpp): a
/// variable, or a member of a record the program declares (a library's
/// record, as 'sa.sa_handler', is called by the library)?
bool followedSlot(const Expr *LV, TUContext &TU) {
  if (!isFnValueType(LV->getType()) || fnSlotOf(LV).empty())
    return false;
  const Expr *X = strip(LV);
  while (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(X))
    X = strip(AS->getBase());
  if (const auto *ME = dyn_cast_or_null<MemberExpr>(X))
    return !TU.inSystem(ME->getMemberDecl()->getLocation());
  return true;
}

/// The function E names, as a value ('f', '&f'), or null.
const DeclRefExpr *functionRef(const Expr *E) {
  const Expr *X = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
    X = UO->getSubExpr()->IgnoreParenImpCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(X);
  return DRE && isa<FunctionDecl>(DRE->getDecl()) ? DRE : nullptr;
}

} // namespace

std::string OriginNamer::fieldKey(const FieldDecl *F) {
  const RecordDecl *RD = F->getParent();
  if (RD->isUnion())
    return "";
  if (!TU.SharedPrefix) {
    // Records that begin with the same members (name and type) are read
    // through each other's types (the struct-prefix idiom): the members of
    // their common initial sequence are one node. Bucketed by the first two.
    TU.SharedPrefix.emplace();
    std::map<std::string, std::vector<std::vector<std::string>>> Sigs;
    std::map<std::string, std::vector<const RecordDecl *>> Recs;
    std::vector<const DeclContext *> Todo{TU.Ctx.getTranslationUnitDecl()};
    while (!Todo.empty()) {
      const DeclContext *DC = Todo.back();
      Todo.pop_back();
      for (const Decl *D : DC->decls()) {
        if (const auto *NS = dyn_cast<NamespaceDecl>(D))
          Todo.push_back(NS);
        else if (const auto *LS = dyn_cast<LinkageSpecDecl>(D))
          Todo.push_back(LS);
        const auto *R = dyn_cast<RecordDecl>(D);
        if (!R || !R->isThisDeclarationADefinition() || R->isUnion())
          continue;
        Todo.push_back(R); // nested records
        std::vector<std::string> S;
        for (const FieldDecl *FD : R->fields())
          S.push_back(fieldSignature(FD));
        if (S.size() < 2)
          continue;
        std::string Key = S[0] + "|" + S[1];
        Sigs[Key].push_back(std::move(S));
        Recs[Key].push_back(R);
      }
    }
    for (auto &[Key, List] : Sigs)
      for (size_t I = 0; I < List.size(); ++I)
        for (size_t J = 0; J < List.size(); ++J) {
          if (I == J || Recs[Key][I] == Recs[Key][J])
            continue;
          size_t K = 0;
          while (K < List[I].size() && K < List[J].size() && List[I][K] == List[J][K])
            ++K;
          unsigned &P = (*TU.SharedPrefix)[Recs[Key][I]];
          P = std::max(P, unsigned(K));
        }
  }
  auto It = TU.SharedPrefix->find(RD->getDefinition() ? RD->getDefinition() : RD);
  if (It != TU.SharedPrefix->end() && F->getFieldIndex() < It->second)
    return "~" + fieldSignature(F);
  return memberFieldName(F);
}

std::string OriginNamer::varNode(const VarDecl *VD, bool Object) {
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD)) {
    if (Object && !PVD->getType()->isReferenceType()) {
      std::string U = usrOf(PVD);
      return U.empty() ? Unknown : "a:" + U;
    }
    const auto *Owner = dyn_cast<FunctionDecl>(PVD->getDeclContext());
    std::string U = Owner ? usrOf(Owner) : "";
    return U.empty() ? Unknown : "p:" + U + "#" + std::to_string(PVD->getFunctionScopeIndex());
  }
  if (VD->getType()->isReferenceType())
    return Unknown;
  std::string U = usrOf(VD);
  if (U.empty())
    return Unknown;
  if (VD->hasGlobalStorage())
    return (Object ? "o:" : "g:") + U;
  return (Object ? "a:" : "l:") + U;
}

void OriginNamer::flow(const std::string &To, const std::string &From) {
  if (!Sink || To.empty() || From.empty() || To == Fresh || (To == Unknown && From == Fresh) ||
      To == From)
    return;
  Sink->insert({To, From});
}

std::string OriginNamer::fnObjectNode(const Expr *E) {
  if (!E)
    return "";
  E = E->IgnoreParenImpCasts();
  if (E->getType()->isPointerType()) {
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      return fnObjectNode(UO->getSubExpr());
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    const auto *PV = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (!FD || !PV || PV->getDeclContext() != FD || !FD->getBody())
      return "";
    auto It = TU.ReassignedParams.find(FD);
    if (It == TU.ReassignedParams.end())
      It = TU.ReassignedParams.try_emplace(FD, reassignedParams(FD->getBody())).first;
    if (It->second.count(PV))
      return "";
    std::string N = varNode(PV, /*Object=*/false);
    return N == Unknown ? "" : N;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    std::string K = F ? fieldKey(F) : "";
    return K.empty() ? "" : "e:" + K;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || VD->getType()->isReferenceType())
      return "";
    std::string N = varNode(VD, /*Object=*/true);
    return N == Unknown ? "" : N;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
    return fnObjectNode(UO->getSubExpr());
  return "";
}

std::string OriginNamer::valueOf(const Expr *E) {
  if (!E)
    return Unknown;
  E = E->IgnoreParens();
  if (E->getType()->isPointerType() || E->getType()->isNullPtrType())
    if (E->isNullPointerConstant(TU.Ctx, Expr::NPC_ValueDependentIsNotNull))
      return "";
  if (E->isGLValue() && E->getType()->isPointerType())
    return cellOf(E);
  if (const auto *CE = dyn_cast<CastExpr>(E)) {
    switch (CE->getCastKind()) {
    case CK_ArrayToPointerDecay:
      return objectOf(CE->getSubExpr());
    case CK_FunctionToPointerDecay:
    case CK_NullToPointer:
      return "";
    case CK_LValueToRValue:
      return CE->getType()->isPointerType() ? cellOf(CE->getSubExpr()) : Unknown;
    case CK_NoOp:
    case CK_BitCast:
      if (!CE->getSubExpr()->getType()->isPointerType() || recastsRecord(CE))
        return Unknown;
      return valueOf(CE->getSubExpr());
    default:
      return Unknown;
    }
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    switch (UO->getOpcode()) {
    case UO_AddrOf:
      return objectOf(UO->getSubExpr());
    case UO_PreInc:
    case UO_PreDec:
    case UO_PostInc:
    case UO_PostDec:
      return UO->getSubExpr()->getType()->isPointerType() ? cellOf(UO->getSubExpr()) : Unknown;
    default:
      return Unknown;
    }
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    switch (BO->getOpcode()) {
    case BO_Add: {
      const Expr *P = BO->getLHS()->getType()->isPointerType() ? BO->getLHS() : BO->getRHS();
      return changesPointee(P) ? Unknown : valueOf(P);
    }
    case BO_Assign:
    case BO_Comma:
      return valueOf(BO->getRHS());
    case BO_AddAssign:
    case BO_SubAssign:
      return cellOf(BO->getLHS());
    default:
      return Unknown;
    }
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E)) {
    std::string T = valueOf(CO->getTrueExpr()), F = valueOf(CO->getFalseExpr());
    if (T.empty() || T == Fresh)
      return F;
    if (F.empty() || F == Fresh)
      return T;
    flow(T, F); // one value, from either: the two are one node
    flow(F, T);
    return T;
  }
  if (const auto *OV = dyn_cast<OpaqueValueExpr>(E))
    return valueOf(OV->getSourceExpr());
  if (isa<CXXNewExpr>(E))
    return Fresh;
  if (isa<StringLiteral>(E) || isa<PredefinedExpr>(E) || isa<CXXNullPtrLiteralExpr>(E) ||
      isa<GNUNullExpr>(E))
    return "";
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F) {
      // A call through a function value: what the functions the analysis
      // resolves its slot to return ("v:<slot>").
      Id Slot = fnSlotOf(CE->getCallee());
      return Slot.empty() ? Unknown : "v:" + Slot.str();
    }
    if (!isLibraryFunction(F, TU)) {
      std::string U = usrOf(F);
      return U.empty() ? Unknown : "r:" + U;
    }
    if (!F->getIdentifier())
      return Unknown;
    llvm::StringRef N = F->getName();
    if (N.consume_front("__builtin_"))
      ;
    if (llvm::StringSwitch<bool>(N)
            .Cases("malloc", "calloc", "aligned_alloc", "valloc", "memalign", "pvalloc", true)
            .Cases("strdup", "strndup", "alloca", true)
            .Default(false))
      return Fresh;
    // These return their first argument (or a block that replaces it).
    if (CE->getNumArgs() > 0 && llvm::StringSwitch<bool>(N)
                                    .Cases("realloc", "reallocarray", "memcpy", "memmove", true)
                                    .Cases("memset", "strcpy", "strncpy", "strcat", true)
                                    .Default(false))
      return valueOf(CE->getArg(0));
    return Unknown;
  }
  return Unknown;
}

std::string OriginNamer::cellOf(const Expr *LV) {
  LV = LV->IgnoreParens();
  if (const auto *CE = dyn_cast<ImplicitCastExpr>(LV); CE && CE->getCastKind() == CK_NoOp)
    return cellOf(CE->getSubExpr());
  if (const auto *DRE = dyn_cast<DeclRefExpr>(LV)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD ? varNode(VD, false) : Unknown;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(LV)) {
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl())) // static member
      return varNode(VD, false);
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    std::string K = F ? fieldKey(F) : "";
    if (K.empty())
      return Unknown;
    noteGlobalCell(ME, "f:" + K);
    return "f:" + K;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(LV)) {
    // An element of an array of pointers is the array's node.
    const Expr *B = AS->getBase()->IgnoreParenImpCasts();
    if (!B->getType()->isArrayType())
      return Unknown;
    return cellOf(B);
  }
  return Unknown;
}

/// Is ME a member of a global (or static) object itself, not of one reached
/// through a pointer: 'eng.stats.pages', 'g_conf[i].buf'?
static bool onGlobalObject(const MemberExpr *ME) {
  for (const Expr *B = ME; B;) {
    B = B->IgnoreParenImpCasts();
    if (const auto *M = dyn_cast<MemberExpr>(B)) {
      if (M->isArrow())
        return false;
      B = M->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(B)) {
      const Expr *Base = AS->getBase()->IgnoreParenImpCasts();
      if (!Base->getType()->isArrayType())
        return false;
      B = Base;
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(B)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      return VD && VD->hasGlobalStorage();
    } else {
      return false;
    }
  }
  return false;
}

void OriginNamer::noteGlobalCell(const MemberExpr *ME, const std::string &Node) {
  if (!onGlobalObject(ME))
    return;
  if (FD)
    TU.FnGlobalCells[usrOf(FD)].insert(Node);
  else
    TU.GlobalCells.insert(Node);
}

std::string OriginNamer::ownerOf(const MemberExpr *ME) {
  return ME->isArrow() ? valueOf(ME->getBase()) : objectOf(ME->getBase());
}

std::string OriginNamer::objectOf(const Expr *LV) {
  LV = LV->IgnoreParens();
  if (const auto *CE = dyn_cast<ImplicitCastExpr>(LV); CE && CE->getCastKind() == CK_NoOp)
    return objectOf(CE->getSubExpr());
  if (LV->getType()->isPointerType()) {
    // '&p': the pointer can be written through its address.
    flow(cellOf(LV), Unknown);
    return Unknown;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(LV)) {
    if (isa<FunctionDecl>(DRE->getDecl()))
      return "";
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD ? varNode(VD, true) : Unknown;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(LV)) {
    if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
      return varNode(VD, true);
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!F || F->getParent()->isUnion())
      return Unknown;
    if (F->getFieldIndex() == 0) // at the owner's own address
      return ownerOf(ME);
    std::string K = fieldKey(F);
    if (K.empty())
      return Unknown;
    noteGlobalCell(ME, "e:" + K);
    return "e:" + K;
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(LV))
    return valueOf(AS->getBase());
  if (const auto *UO = dyn_cast<UnaryOperator>(LV); UO && UO->getOpcode() == UO_Deref)
    return valueOf(UO->getSubExpr());
  return Unknown;
}

std::string OriginNamer::accessOrigin(const Expr *E, const std::string &Field) {
  if (!E)
    return Unknown;
  llvm::StringRef FieldRef(Field);
  if (FieldRef.ends_with("::*")) {
    const Expr *X = E->IgnoreParens();
    return X->getType()->isPointerType() ? valueOf(X) : objectOf(X);
  }
  const MemberExpr *ME = fieldMember(E, Field);
  return ME ? ownerOf(ME) : Unknown;
}

std::string OriginNamer::containerOrigin(const Expr *E, const std::string &Field,
                                         std::string &Embed) {
  Embed.clear();
  const MemberExpr *Target = fieldMember(E, Field);
  if (!Target)
    return "";
  // The embedded object: 'c->head' of 'c->head.f' or of '(&c->head)->f'.
  const Expr *Obj = Target->getBase()->IgnoreParenImpCasts();
  if (Target->isArrow()) {
    const auto *UO = dyn_cast<UnaryOperator>(Obj);
    if (!UO || UO->getOpcode() != UO_AddrOf)
      return "";
    Obj = UO->getSubExpr()->IgnoreParens();
  }
  std::vector<std::string> Path;
  while (const auto *ME = dyn_cast<MemberExpr>(Obj)) {
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    std::string K = F && !F->getParent()->isUnion() ? fieldKey(F) : "";
    if (K.empty())
      return "";
    Path.push_back(std::move(K));
    if (ME->isArrow()) {
      std::string N = valueOf(ME->getBase());
      if (N.empty() || N == Unknown || N == Fresh)
        return "";
      for (auto It = Path.rbegin(); It != Path.rend(); ++It)
        Embed += (Embed.empty() ? "" : "/") + *It;
      return N;
    }
    Obj = ME->getBase()->IgnoreParenImpCasts();
  }
  return "";
}

void OriginNamer::initFlows(const std::string &Cell, QualType T, const Expr *Init) {
  if (!Init)
    return;
  T = T.getCanonicalType();
  if (T->isPointerType()) {
    flow(Cell, valueOf(Init));
    return;
  }
  const auto *IL = dyn_cast<InitListExpr>(Init->IgnoreParenImpCasts());
  if (!IL)
    return;
  if (IL->isSyntacticForm() && IL->getSemanticForm())
    IL = IL->getSemanticForm();
  if (const ArrayType *AT = T->getAsArrayTypeUnsafe()) {
    if (AT->getElementType()->isPointerType())
      for (const Expr *E : IL->inits())
        flow(Cell, valueOf(E));
  }
  // Record initialisers are followed where they are (recordFlows sees every
  // InitListExpr).
}

void OriginNamer::recordInit(const VarDecl *VD) {
  if (!VD->hasInit() || VD->getDeclContext()->isDependentContext())
    return;
  const Expr *Init = VD->getInit();
  QualType T = VD->getType();
  if (T->isReferenceType()) {
    // 'T *&r = x->p': x->p can be written through r.
    if (T.getNonReferenceType()->isPointerType() && Init->isGLValue())
      flow(cellOf(Init), Unknown);
    return;
  }
  initFlows(varNode(VD, false), T, Init);
  // 'fn_t f = cb;' (an array's initialiser list is recordFlows's).
  if (isFnValueType(T) && !TU.inSystem(VD->getLocation()))
    track(Init);
}

void OriginNamer::track(const Expr *E) {
  if (!E)
    return;
  const Expr *X = E->IgnoreParenImpCasts();
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(X)) {
    track(CO->getTrueExpr());
    track(CO->getFalseExpr());
  } else if (const DeclRefExpr *DRE = functionRef(X)) {
    Tracked.insert(DRE);
  }
}

void OriginNamer::callFlows(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args) {
  if (!Callee || isLibraryFunction(Callee, TU))
    return;
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I)
    if (isFnValueType(Callee->getParamDecl(I)->getType()))
      track(Args[I]);
  std::string U = usrOf(Callee);
  if (U.empty())
    return;
  for (unsigned I = 0; I < Args.size() && I < Callee->getNumParams(); ++I) {
    QualType PT = Callee->getParamDecl(I)->getType();
    std::string P = "p:" + U + "#" + std::to_string(I);
    if (PT->isPointerType()) {
      flow(P, valueOf(Args[I]));
    } else if (PT->isReferenceType()) {
      QualType R = PT.getNonReferenceType();
      if (R->isPointerType() && Args[I]->isGLValue())
        flow(cellOf(Args[I]), Unknown);
      else if (R->isRecordType() && Args[I]->isGLValue())
        flow(P, objectOf(Args[I]));
    }
  }
}

void OriginNamer::recordFlows(const Stmt *Root) {
  llvm::DenseSet<const Expr *> Called; // callee DeclRefExprs of direct calls
  std::vector<const Stmt *> Todo{Root};
  if (const auto *Ctor = dyn_cast_or_null<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *CI : Ctor->inits())
      if (const FieldDecl *F = CI->getMember()) {
        std::string K = fieldKey(F);
        initFlows(K.empty() ? Unknown : "f:" + K, F->getType(), CI->getInit());
        if (isFnValueType(F->getType()))
          track(CI->getInit());
        Todo.push_back(CI->getInit());
      }
  while (!Todo.empty()) {
    const Stmt *S = Todo.back();
    Todo.pop_back();
    if (!S || isa<LambdaExpr>(S) || isa<BlockExpr>(S))
      continue; // a lambda's body is its own function
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->getOpcode() == BO_Assign && BO->getLHS()->getType()->isPointerType())
        flow(cellOf(BO->getLHS()), valueOf(BO->getRHS()));
      if (BO->getOpcode() == BO_Assign && followedSlot(BO->getLHS(), TU))
        track(BO->getRHS());
      // 'p == &f': a comparison of identities calls nothing.
      if (BO->isComparisonOp())
        for (const Expr *Side : {BO->getLHS(), BO->getRHS()})
          if (const DeclRefExpr *DRE = functionRef(Side))
            Called.insert(DRE);
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          recordInit(VD);
    } else if (const auto *CE = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *F = CE->getDirectCallee();
      unsigned Skip = isa<CXXOperatorCallExpr>(CE) && isa_and_nonnull<CXXMethodDecl>(F) ? 1 : 0;
      std::vector<const Expr *> Args;
      for (unsigned I = Skip; I < CE->getNumArgs(); ++I)
        Args.push_back(CE->getArg(I));
      callFlows(F, Args);
      if (const auto *DRE = dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts()))
        Called.insert(DRE);
      else if (const auto *ME = dyn_cast<MemberExpr>(CE->getCallee()->IgnoreParenImpCasts()))
        Called.insert(ME);
    } else if (const auto *CE = dyn_cast<CastExpr>(S);
               CE && CE->getType()->isIntegralOrEnumerationType()) {
      // '(uintptr_t)&f': an identity kept or compared ('next->init =
      // (uintptr_t)&f'), not a value anything calls.
      if (const DeclRefExpr *DRE = functionRef(CE->getSubExpr()))
        Called.insert(DRE);
    } else if (const auto *CC = dyn_cast<CXXConstructExpr>(S)) {
      callFlows(CC->getConstructor(), llvm::ArrayRef(CC->getArgs(), CC->getNumArgs()));
    } else if (const auto *RS = dyn_cast<ReturnStmt>(S)) {
      if (FD && RS->getRetValue()) {
        QualType RT = FD->getReturnType();
        std::string R = "r:" + usrOf(FD);
        if (RT->isPointerType())
          flow(R, valueOf(RS->getRetValue()));
        else if (RT->isReferenceType() && RT.getNonReferenceType()->isRecordType() &&
                 RS->getRetValue()->isGLValue())
          flow(R, objectOf(RS->getRetValue()));
        else if (RT->isReferenceType())
          flow(R, Unknown);
      }
    } else if (const auto *IL = dyn_cast<InitListExpr>(S)) {
      const InitListExpr *Sem = IL->isSyntacticForm() && IL->getSemanticForm()
                                    ? IL->getSemanticForm()
                                    : IL;
      if (const RecordDecl *RD = Sem->getType()->getAsRecordDecl()) {
        unsigned I = 0;
        for (const FieldDecl *F : RD->fields()) {
          if (I >= Sem->getNumInits())
            break;
          const Expr *Init = Sem->getInit(I++);
          if (RD->isUnion() && Sem->getInitializedFieldInUnion() != F)
            continue;
          std::string K = fieldKey(F);
          initFlows(K.empty() ? Unknown : "f:" + K, F->getType(), Init);
          if (isFnValueType(F->getType()) && !TU.inSystem(F->getLocation()))
            track(Init);
        }
      } else if (const ArrayType *AT = Sem->getType()->getAsArrayTypeUnsafe();
                 AT && isFnValueType(AT->getElementType())) {
        for (const Expr *Init : Sem->inits())
          track(Init); // 'handler_t table[] = {f, g}'
      }
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      // A function's address: its parameters are bound by calls not seen.
      if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl()); F && !Called.count(DRE))
        for (unsigned I = 0; I < F->getNumParams(); ++I) {
          QualType PT = F->getParamDecl(I)->getType();
          if (PT->isPointerType() || PT->isReferenceType())
            flow("p:" + usrOf(F) + "#" + std::to_string(I), Tracked.count(DRE) ? Bound : Unknown);
        }
    } else if (const auto *UO = dyn_cast<UnaryOperator>(S);
               UO && UO->getOpcode() == UO_AddrOf) {
      objectOf(UO->getSubExpr()); // '&p': p is unknown from here on
    } else if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      // '&Class::method' or 'obj.method' not called.
      if (const auto *F = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()); F && !Called.count(ME))
        for (unsigned I = 0; I < F->getNumParams(); ++I)
          flow("p:" + usrOf(F) + "#" + std::to_string(I), Unknown);
    }
    for (const Stmt *C : S->children())
      Todo.push_back(C);
  }
}

} // namespace extract
} // namespace parcheck
