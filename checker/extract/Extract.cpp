//===- Extract.cpp - one translation unit to facts ------------------------===//
//
// The AST consumer: an index pass over the TU (locals that escape, recursive
// mutexes, function pointers, declared lock orders, shared classes), then
// extraction rounds that walk every function (FunctionAnalyzer.h) until the
// lock effects of wrapper functions settle.
//
//===----------------------------------------------------------------------===//
#include "extract/Extract.h"
#include "extract/FunctionAnalyzer.h"
#include "extract/Origins.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

namespace parcheck {
namespace extract {
namespace {

/// Orders a TU's functions by USR (ties: as they were made). Their facts are
/// large (hundreds of bytes of vectors and strings each): sorting them in
/// place moved each one about log n times, 5% of the extraction of a
/// program of 10,000 small functions; this sorts their indices and moves
/// each once.
void sortFunctions(std::vector<FunctionFacts> &Fns) {
  std::vector<unsigned> Order(Fns.size());
  for (unsigned I = 0; I < Order.size(); ++I)
    Order[I] = I;
  std::sort(Order.begin(), Order.end(), [&](unsigned A, unsigned B) {
    int C = Fns[A].Usr.compare(Fns[B].Usr);
    return C != 0 ? C < 0 : A < B;
  });
  std::vector<FunctionFacts> Sorted;
  Sorted.reserve(Fns.size());
  for (unsigned I : Order)
    Sorted.push_back(std::move(Fns[I]));
  Fns = std::move(Sorted);
}

class Collector : public RecursiveASTVisitor<Collector> {
public:
  explicit Collector(TUContext &TU) : TU(TU) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  // Index pass: locals that other code may reach.
  bool VisitLambdaExpr(LambdaExpr *LE) {
    if (Phase == Pass::Index) {
      for (const LambdaCapture &C : LE->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
          if (const auto *VD = dyn_cast<VarDecl>(C.getCapturedVar())) {
            TU.EscapedLocals.insert(VD);
            TU.SharedLocals.insert(VD);
            TU.RefCaptured.insert(VD);
          }
      return true;
    }
    analyse(LE->getCallOperator());
    return true;
  }
  // Index pass: a local bound to a reference member ('Inc{total}',
  // 'Add(total)' with 'n(n)') goes with the object, to whatever thread runs
  // it (SpawnFact::RefBinds).
  void refMemberLocal(const FieldDecl *F, const Expr *Init) {
    if (!F || !Init || !F->getType()->isReferenceType())
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Init->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && VD->isLocalVarDecl() && !VD->isStaticLocal() && !VD->getType()->isReferenceType()) {
        TU.EscapedLocals.insert(VD);
        TU.SharedLocals.insert(VD);
      }
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *CE) {
    if (Phase == Pass::Index)
      ctorMemberArgs(CE, [&](const FieldDecl *F, const Expr *A) { refMemberLocal(F, A); });
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (Phase == Pass::Index && UO->getOpcode() == UO_AddrOf)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (VD->isLocalVarDecl() && !VD->isStaticLocal()) {
            TU.EscapedLocals.insert(VD);
            ++TU.AddrTaken[VD];
          }
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    if (Phase != Pass::Index)
      return true;
    countCallObjects(TU, CE);
    noteRecursivePthread(CE);
    noteRecordCopies(CE);
    // std::ref(x) and arrays passed to thread APIs escape too.
    bool ThreadCall = false;
    if (const FunctionDecl *F = CE->getDirectCallee())
      if (F->getIdentifier() && (F->getName() == "ref" || F->getName() == "cref" ||
                                 F->getName() == "pthread_create" ||
                                 F->getName() == "thrd_create")) {
        ThreadCall = true;
        for (const Expr *A : CE->arguments())
          if (const auto *DRE = dyn_cast<DeclRefExpr>(A->IgnoreParenCasts()))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
              if (VD->isLocalVarDecl() && !VD->isStaticLocal()) {
                TU.EscapedLocals.insert(VD);
                TU.SharedLocals.insert(VD);
              }
      }
    // '&x' given directly to a named function, or to a call through a
    // function value the analysis resolves (a slot: it checks each function
    // the slot holds as a direct callee, and an unresolved call as escaping):
    // the analysis decides whether the callee lets it escape (ArgOnlyLocals).
    bool Followed = CE->getDirectCallee()
                        ? !ThreadCall && !isa<CXXOperatorCallExpr>(CE)
                        : !fnSlotOf(CE->getCallee()).empty();
    if (Followed)
      for (const Expr *A : CE->arguments())
        if (const auto *UO = dyn_cast<UnaryOperator>(A->IgnoreParenCasts());
            UO && UO->getOpcode() == UO_AddrOf)
          if (const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts()))
            if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
              if (VD->isLocalVarDecl() && !VD->isStaticLocal())
                ++TU.AddrAsArg[VD];
    return true;
  }
  /// The variable or member an argument names ('m', '&m', 's.m'), as its
  /// canonical declaration or (Canonical false) the one the expression refers to.
  static const Decl *declOf(const Expr *E, bool Canonical = true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
      E = UO->getSubExpr()->IgnoreParenImpCasts();
    const Decl *D = nullptr;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      D = DRE->getDecl();
    else if (const auto *ME = dyn_cast<MemberExpr>(E))
      D = ME->getMemberDecl();
    return D && Canonical ? D->getCanonicalDecl() : D;
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
  Id pointerTarget(const Expr *E) {
    const Expr *X = strip(E);
    if (const auto *BO = dyn_cast_or_null<BinaryOperator>(X); BO && BO->getOpcode() == BO_Assign)
      X = strip(BO->getLHS());
    if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf) {
      const Expr *T = strip(UO->getSubExpr());
      while (const auto *AS = dyn_cast<ArraySubscriptExpr>(T))
        T = strip(AS->getBase());
      if (const auto *DRE = dyn_cast<DeclRefExpr>(T))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()); VD && VD->hasGlobalStorage())
          return makeId(IdKind::Usr, usrOf(VD));
      return {};
    }
    if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X)) {
      const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (VD && VD->hasGlobalStorage() && VD->getType()->isPointerType())
        return makeId(IdKind::Pointee, usrOf(VD));
      // A local lock pointer ('p = a; q = a;' with 'a' a fresh mutex each
      // time): what it points to, so that p and q may be one mutex.
      if (VD && !VD->hasGlobalStorage() && VD->getType()->isPointerType() &&
          isSyncType(VD->getType()->getPointeeType()))
        return makeId(IdKind::Pointee,
                      localId(usrOf(dyn_cast_or_null<Decl>(VD->getParentFunctionOrMethod())),
                              usrOf(VD)));
    }
    return {};
  }
  void notePointsTo(const VarDecl *P, const Expr *Value) {
    if (!P || !Value || !P->hasGlobalStorage() || !P->getType()->isPointerType())
      return;
    Id T = pointerTarget(Value);
    if (!T.empty())
      TU.PointsTo.insert({makeId(IdKind::Pointee, usrOf(P)), T});
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (Phase == Pass::Index && BO->getOpcode() == BO_Assign)
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        notePointsTo(dyn_cast<VarDecl>(DRE->getDecl()), BO->getRHS());
    if (Phase == Pass::Index && BO->getOpcode() == BO_Assign)
      noteRecordCopy(BO->getLHS()->getType(), BO->getRHS());
    if (Phase == Pass::Index && BO->getOpcode() == BO_Assign &&
        isFnValueType(BO->getLHS()->getType()))
      TU.storeFn(fnSlotOf(BO->getLHS()), BO->getRHS(), storeOwner(BO->getLHS()));
    return true;
  }
  /// A value of record type T made from Src: a copy of another object's
  /// (TUContext::CopiedRecords) unless Src is an aggregate or compound
  /// literal, whose function members are stores of their own.
  void noteRecordCopy(QualType T, const Expr *Src) {
    const RecordDecl *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
    if (!RD || !Src || TU.inSystem(RD->getLocation()))
      return;
    const Expr *X = Src->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(X); CE && CE->getNumArgs() == 1)
      X = CE->getArg(0)->IgnoreParenImpCasts();
    else if (isa<CXXConstructExpr>(X))
      return; // a constructor of its own: not a copy
    if (isa<InitListExpr>(X) || isa<CompoundLiteralExpr>(X) || isa<ImplicitValueInitExpr>(X))
      return;
    TU.CopiedRecords.insert(recordClassName(RD));
  }
  /// By-value record arguments, and memcpy/memmove of records.
  void noteRecordCopies(const CallExpr *CE) {
    const FunctionDecl *F = CE->getDirectCallee();
    for (unsigned I = 0; I < CE->getNumArgs(); ++I)
      noteRecordCopy(CE->getArg(I)->getType(), CE->getArg(I));
    if (F && F->getIdentifier() && CE->getNumArgs() >= 2 &&
        (F->getName().contains("memcpy") || F->getName().contains("memmove")))
      for (unsigned I = 0; I < 2; ++I)
        if (QualType P = CE->getArg(I)->IgnoreParenImpCasts()->getType(); P->isPointerType())
          if (const RecordDecl *RD = P->getPointeeType()->getAsRecordDecl())
            TU.CopiedRecords.insert(recordClassName(RD));
  }
  bool VisitReturnStmt(ReturnStmt *RS) {
    if (Phase == Pass::Index && RS->getRetValue())
      noteRecordCopy(RS->getRetValue()->getType(), RS->getRetValue());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
    if (Phase == Pass::Index && OC->isAssignmentOp() && OC->getNumArgs() == 2)
      noteRecordCopy(OC->getArg(0)->getType(), OC->getArg(1));
    return true;
  }
  /// The function whose body the traversal is in (none in a lambda's, a
  /// block's or a global's initialiser): FnStore::Owner names parameters.
  const FunctionDecl *CurFn = nullptr;
  using Base = RecursiveASTVisitor<Collector>;
  bool TraverseFunctionDecl(FunctionDecl *FD) {
    return traverseIn(FD, [&] { return Base::TraverseFunctionDecl(FD); });
  }
  bool TraverseCXXMethodDecl(CXXMethodDecl *FD) {
    return traverseIn(FD, [&] { return Base::TraverseCXXMethodDecl(FD); });
  }
  bool TraverseCXXConstructorDecl(CXXConstructorDecl *FD) {
    return traverseIn(FD, [&] { return Base::TraverseCXXConstructorDecl(FD); });
  }
  bool TraverseLambdaExpr(LambdaExpr *LE) {
    return traverseIn(nullptr, [&] { return Base::TraverseLambdaExpr(LE); });
  }
  template <class Fn> bool traverseIn(const FunctionDecl *FD, Fn Traverse) {
    const FunctionDecl *Saved = CurFn;
    CurFn = FD;
    bool R = Traverse();
    CurFn = Saved;
    return R;
  }
  /// FnStore::Owner of a store into LHS: the object whose member it is, when
  /// LHS is a member and the store is in a function's body.
  std::string storeOwner(const Expr *LHS) {
    const auto *ME = dyn_cast<MemberExpr>(LHS->IgnoreParenImpCasts());
    if (!ME || !CurFn)
      return "";
    return OriginNamer(TU, CurFn, nullptr).fnObjectNode(ME->getBase());
  }
  // Function values stored by aggregate initialisation: 'job = {fn, arg}',
  // '{ .run = f }', an array of handlers; and locals bound to reference
  // members (refMemberLocal).
  bool VisitInitListExpr(InitListExpr *ILE) {
    // The traversal sees the syntactic form; the semantic one maps inits to fields.
    if (Phase != Pass::Index || !ILE->isSyntacticForm())
      return true;
    if (!ILE->isSemanticForm())
      ILE = ILE->getSemanticForm();
    if (!ILE)
      return true;
    QualType T = ILE->getType();
    if (const auto *RT = T->getAs<RecordType>()) {
      const RecordDecl *RD = RT->getDecl();
      if (RD->isUnion()) {
        if (const FieldDecl *F = ILE->getInitializedFieldInUnion())
          if (ILE->getNumInits() == 1 && isFnValueType(F->getType()))
            TU.storeFn(fnSlotOfDecl(F), ILE->getInit(0));
        return true;
      }
      unsigned I = 0;
      for (const FieldDecl *F : RD->fields()) {
        if (I >= ILE->getNumInits())
          break;
        if (isFnValueType(F->getType()) && !F->getType()->isArrayType())
          TU.storeFn(fnSlotOfDecl(F), ILE->getInit(I));
        refMemberLocal(F, ILE->getInit(I));
        ++I;
      }
      noteDescriptor(RD, ILE);
    }
    return true;
  }
  /// A record initialiser that gives function members functions: which, and
  /// the integer constants of its scalar members (DescriptorFact).
  void noteDescriptor(const RecordDecl *RD, const InitListExpr *ILE) {
    DescriptorFact D;
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      const Expr *Init = ILE->getInit(I++);
      QualType T = F->getType();
      if (isFnValueType(T) && !T->isArrayType()) {
        const auto *DRE = dyn_cast<DeclRefExpr>(strip(Init));
        const auto *Fn = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
        if (Fn)
          D.Fns.push_back(
              {memberFieldName(F), usrOf(Fn->getDefinition() ? Fn->getDefinition() : Fn)});
        continue;
      }
      Expr::EvalResult R;
      if (T->isIntegralOrEnumerationType() && !Init->isValueDependent() &&
          Init->EvaluateAsInt(R, TU.Ctx))
        D.Consts.push_back({memberFieldName(F), R.Val.getInt().getExtValue()});
    }
    if (D.Fns.empty())
      return;
    D.Fixed = TU.GlobalInits.count(ILE) || TU.GlobalInits.count(ILE->getSyntacticForm());
    TU.Descriptors.insert(std::move(D));
  }
  /// Marks the record initialisers of a global, element by element
  /// (TUContext::GlobalInits), before the traversal reaches them.
  void noteGlobalInits(const Expr *E) {
    const auto *ILE = dyn_cast_or_null<InitListExpr>(E ? E->IgnoreParenImpCasts() : nullptr);
    if (!ILE)
      return;
    TU.GlobalInits.insert(ILE);
    for (const InitListExpr *Form : {ILE->getSyntacticForm(), ILE->getSemanticForm()})
      if (Form)
        TU.GlobalInits.insert(Form);
    for (const Expr *Sub : ILE->inits())
      noteGlobalInits(Sub);
  }
  bool VisitCXXConstructorDecl(CXXConstructorDecl *CD) {
    if (Phase != Pass::Index || !CD->doesThisDeclarationHaveABody() ||
        TU.inSystem(CD->getLocation()))
      return true;
    for (const CXXCtorInitializer *Init : CD->inits())
      if (const FieldDecl *F = Init->getMember(); F && isFnValueType(F->getType()))
        TU.storeFn(fnSlotOfDecl(F), Init->getInit());
    return true;
  }

  bool VisitVarDecl(VarDecl *VD) {
    if (Phase == Pass::Extract)
      noteStaticInit(VD);
    if (Phase == Pass::Index)
      countGlobalObjects(TU, VD);
    if (Phase == Pass::Index && VD->hasGlobalStorage() && VD->getInit())
      noteGlobalInits(VD->getInit());
    if (Phase == Pass::Index && VD->getInit() && !isa<ParmVarDecl>(VD))
      noteRecordCopy(VD->getType(), VD->getInit());
    noteDeclaredOrder(VD);
    if (Phase == Pass::Index && VD->hasGlobalStorage() && VD->getInit())
      notePointsTo(VD, VD->getInit());
    // A global's initialiser (a static local's is its function's).
    if (Phase == Pass::Index && VD->hasGlobalStorage() && !VD->isStaticLocal() &&
        !isa<ParmVarDecl>(VD) && VD->getInit() && !TU.inSystem(VD->getLocation()) &&
        !VD->getDeclContext()->isDependentContext()) {
      OriginNamer ON(TU, nullptr, &TU.OriginFlows);
      ON.recordInit(VD);
      ON.recordFlows(VD->getInit());
    }
    // 'void (*fn)(void *) = cb;', 'handler_t table[] = {f, g};'
    if (Phase == Pass::Index && VD->getInit() && isFnValueType(VD->getType()) &&
        !isa<ParmVarDecl>(VD) && !TU.inSystem(VD->getLocation())) {
      Id Slot = fnSlotOfDecl(VD);
      const Expr *Init = VD->getInit();
      if (const auto *ILE = dyn_cast<InitListExpr>(strip(Init)))
        for (const Expr *E : ILE->inits())
          TU.storeFn(Slot, E);
      else
        TU.storeFn(Slot, Init);
    }
    if (Phase == Pass::Index && VD->hasGlobalStorage() && VD->getInit() &&
        !TU.inSystem(VD->getLocation()) &&
        spelling(VD->getInit()->getSourceRange()).find("RECURSIVE") != std::string::npos)
      TU.RecursiveMutexes.insert(VD->getCanonicalDecl());
    if (Phase == Pass::Index && VD->hasGlobalStorage() && !TU.inSystem(VD->getLocation())) {
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
  static bool lockOfDecl(const Decl *D, Id &Lock, std::string &Name) {
    if (const auto *F = dyn_cast_or_null<FieldDecl>(D)) {
      std::string Cls = F->getParent()->getQualifiedNameAsString();
      Lock = makeId(IdKind::Field, Cls + "::" + F->getNameAsString());
      Name = Cls + "::" + F->getNameAsString();
      return true;
    }
    if (const auto *V = dyn_cast_or_null<VarDecl>(D);
        V && V->hasGlobalStorage() && !V->isStaticLocal()) {
      Lock = makeId(IdKind::Usr, usrOf(V));
      Name = V->getQualifiedNameAsString();
      return !Lock.empty();
    }
    return false;
  }
  /// ACQUIRED_BEFORE(...) / ACQUIRED_AFTER(...) on a mutex: declared order.
  void noteDeclaredOrder(const Decl *D) {
    if (Phase != Pass::Index || TU.inSystem(D->getLocation()))
      return;
    Id Lock;
    std::string Name;
    if ((!D->hasAttr<AcquiredBeforeAttr>() && !D->hasAttr<AcquiredAfterAttr>()) ||
        !lockOfDecl(D, Lock, Name))
      return;
    auto Add = [&](const Expr *Other, bool ThisFirst, SourceLocation At) {
      LockOrderDecl O;
      Id OId;
      std::string OName;
      if (!Other || !lockOfDecl(declOf(Other, /*Canonical=*/false), OId, OName))
        return;
      O.Before = ThisFirst ? Lock : OId;
      O.BeforeName = ThisFirst ? Name : OName;
      O.After = ThisFirst ? OId : Lock;
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
    if (Phase == Pass::Index)
      countMemberObjects(TU, FD);
    return true;
  }
  // Objects made other than as variables (ObjectCounts.cpp).
  bool VisitCompoundLiteralExpr(CompoundLiteralExpr *E) {
    if (Phase == Pass::Index)
      countManyObjects(TU, E->getType());
    return true;
  }
  bool VisitMaterializeTemporaryExpr(MaterializeTemporaryExpr *E) {
    if (Phase == Pass::Index)
      countManyObjects(TU, E->getType());
    return true;
  }

  bool VisitRecordDecl(RecordDecl *RD) {
    if (Phase != Pass::Index || !RD->isCompleteDefinition() || TU.inSystem(RD->getLocation()))
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
    if (Phase == Pass::Extract)
      analyse(FD);
    if (Phase == Pass::Index)
      countManyObjects(TU, FD->getReturnType());
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
  /// A function whose body extraction walks: defined here, outside system
  /// headers, not a template pattern, not implicit unless a lambda's.
  bool analysable(const FunctionDecl *FD) {
    if (!FD || !FD->hasBody() || !FD->doesThisDeclarationHaveABody() ||
        FD->isDependentContext() || TU.inSystem(FD->getLocation()))
      return false;
    return !FD->isImplicit() ||
           (isa<CXXMethodDecl>(FD) && cast<CXXMethodDecl>(FD)->getParent()->isLambda());
  }
  /// Runs an analyzer A of FD into F, set up by SetUp; when its one-pass walk
  /// must be redone (needsRerun), a new one into new facts.
  template <typename SetUpFn>
  void runAnalyzer(std::optional<FunctionAnalyzer> &A, const FunctionDecl *FD, FunctionFacts &F,
                   SetUpFn SetUp) {
    A.emplace(TU, FD, F);
    SetUp(*A);
    A->run();
    if (!A->needsRerun())
      return;
    F = FunctionFacts();
    A.emplace(TU, FD, F);
    SetUp(*A);
    A->onePass(false);
    A->run();
  }
  /// A lock wrapper that selects on an integer parameter: its effect for
  /// each constant it selects on, and a copy of its facts for that value
  /// (LockEffect::ByValue). At most MaxValues of them.
  void valueEffects(const FunctionDecl *FD, const FunctionAnalyzer &A, const std::string &Usr) {
    constexpr size_t MaxValues = 8;
    auto It = TU.NewEffects.find(Usr);
    if (It == TU.NewEffects.end())
      return;
    std::vector<std::pair<unsigned, int64_t>> Values = A.selectorValues();
    if (Values.size() > MaxValues)
      return;
    std::vector<ValueEffect> ByValue;
    for (auto [Param, Value] : Values) {
      FunctionFacts Clone;
      TUContext::Effect E;
      std::optional<FunctionAnalyzer> S;
      runAnalyzer(S, FD, Clone,
                  [&E, P = Param, V = Value](FunctionAnalyzer &A) { A.assume(P, V, &E); });
      if (Clone.Usr.empty())
        continue;
      // A wrapper that starts threads is not copied (a copy would be a
      // second creation site of the same threads): its calls take the
      // value's effect and follow the function's one body.
      if (!Clone.Spawns.empty()) {
        ByValue.push_back({Param, Value, std::move(E), std::string()});
        continue;
      }
      // The calls passing the value call a copy of the function that takes
      // only that value's paths, so that what the analysis follows through
      // them (the locks taken inside, the accesses) is that value's too;
      // also when its effect is the function's ('pause_threads(RESUME_..)'
      // releases what any call may, but takes nothing).
      Clone.Usr += "@arg" + std::to_string(Param) + "=" + std::to_string(Value);
      collectStateFacts(TU, FD, Clone);
      Clone.OriginFlows = originFlows(FD);
      ByValue.push_back({Param, Value, std::move(E), Clone.Usr});
      TU.Out.Functions.push_back(std::move(Clone));
    }
    It->second.ByValue = std::move(ByValue);
  }

  void analyse(const FunctionDecl *FD) {
    if (!analysable(FD) || !Done.insert(FD).second)
      return;
    FunctionFacts F;
    std::optional<FunctionAnalyzer> A;
    runAnalyzer(A, FD, F, [](FunctionAnalyzer &) {});
    if (F.Usr.empty())
      return;
    valueEffects(FD, *A, F.Usr);
    // Three walks that act only on some kinds of node: skipped for a body
    // with none (the analyzer's walk noted its kinds).
    const FunctionAnalyzer::BodyKinds &K = A->bodyKinds();
    if (K.State || K.Opaque)
      collectStateFacts(TU, FD, F);
    F.OriginFlows = originFlows(FD);
    if (K.Loop || K.Opaque)
      collectCommonPointees(TU, FD);
    if (K.ObjectSite || K.Opaque)
      collectObjectSites(TU, FD);
    if (F.Name == "lambda") {
      SrcLoc L = TU.loc(cast<CXXMethodDecl>(FD)->getParent()->getLocation());
      F.Name = "lambda at " + llvm::sys::path::filename(L.File.str()).str() + ":" +
               std::to_string(L.Line) + ":" + std::to_string(L.Col);
    }
    TU.Out.Functions.push_back(std::move(F));
  }

  /// Index: one traversal that notes what extraction needs to know about the
  /// whole TU (escaping locals, recursive mutexes, function pointers, declared
  /// orders, shared classes). Extract: each later traversal walks every function.
  enum class Pass { Index, Extract };
  Pass Phase = Pass::Index;

private:
  TUContext &TU;
  llvm::DenseSet<const FunctionDecl *> Done;
  /// Each function's origin flows: they do not depend on the lock effects
  /// the extract rounds settle, so they are collected in the first round
  /// only (kept across reset()).
  llvm::DenseMap<const FunctionDecl *, std::vector<std::pair<std::string, std::string>>> Flows;
  const std::vector<std::pair<std::string, std::string>> &originFlows(const FunctionDecl *FD) {
    auto [It, New] = Flows.try_emplace(FD);
    if (New) {
      OriginFlowSet Set;
      OriginNamer(TU, FD, &Set).recordFlows(FD->getBody());
      It->second.assign(Set.begin(), Set.end());
    }
    return It->second;
  }

public:
  void reset() {
    Done.clear();
    StaticInit = FunctionFacts();
  }
};

class FactsConsumer : public ASTConsumer {
public:
  FactsConsumer(TUFacts &Out, const std::vector<LockEffectFact> &Imports)
      : Out(Out), Imports(Imports) {}
  void HandleTranslationUnit(ASTContext &Ctx) override {
    if (Ctx.getDiagnostics().hasErrorOccurred())
      return; // the driver reports the TU as failed
    UsrMemo Usrs; // this TU's declarations' USRs, each computed once
    TUContext TU(Ctx, Out);
    for (const LockEffectFact &E : Imports)
      TU.Imported[E.Fn] = E;
    SourceManager &SM = Ctx.getSourceManager();
    if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getMainFileID()))
      Out.MainFile = TU.mainFileName();
    Collector C(TU);
    C.Phase = Collector::Pass::Index;
    C.TraverseDecl(Ctx.getTranslationUnitDecl());
    // The extract pass walks every function. Where some function turns out to be a
    // lock()/unlock() wrapper, extract again with its effect applied at its
    // calls, until the effects settle (wrappers of wrappers).
    for (int Round = 0; Round < 4; ++Round) {
      Out.Functions.clear();
      TU.NewEffects.clear();
      TU.NewOwnedReturns.clear();
      C.Phase = Collector::Pass::Extract;
      C.reset();
      C.TraverseDecl(Ctx.getTranslationUnitDecl());
      if (!C.StaticInit.Calls.empty()) {
        C.StaticInit.Usr = staticInitUsr(Out.MainFile);
        C.StaticInit.Name = "static initialisation";
        C.StaticInit.Where = TU.loc(SM.getLocForStartOfFile(SM.getMainFileID()));
        Out.Functions.push_back(C.StaticInit);
      }
      if (TU.NewEffects == TU.Effects && TU.NewOwnedReturns == TU.OwnedReturns)
        break;
      TU.Effects = TU.NewEffects;
      TU.OwnedReturns = TU.NewOwnedReturns;
    }
    for (const auto &[Usr, E] : TU.NewEffects) {
      LockEffectFact F;
      static_cast<LockEffect &>(F) = E;
      F.Fn = Usr;
      Out.LockEffects.push_back(std::move(F));
    }
    for (FunctionFacts &F : Out.Functions)
      if (auto It = TU.NewOwnedReturns.find(F.Usr);
          It != TU.NewOwnedReturns.end() && It->second == TUContext::Returned::Fresh)
        F.ReturnsFresh = true;
    Out.SharedClasses.assign(TU.SharedClasses.begin(), TU.SharedClasses.end());
    Out.Aliases.assign(TU.PointsTo.begin(), TU.PointsTo.end());
    Out.FnStores.assign(TU.FnStores.begin(), TU.FnStores.end());
    Out.Descriptors.assign(TU.Descriptors.begin(), TU.Descriptors.end());
    Out.CopiedRecords.assign(TU.CopiedRecords.begin(), TU.CopiedRecords.end());
    Out.ObjectSites.assign(TU.ObjectSites.begin(), TU.ObjectSites.end());
    Out.ManyObjects.assign(TU.ManyObjects.begin(), TU.ManyObjects.end());
    Out.OneObjectNodes.assign(TU.OneObjectNodes.begin(), TU.OneObjectNodes.end());
    for (FunctionFacts &F : Out.Functions)
      if (auto It = TU.FnGlobalCells.find(F.Usr); It != TU.FnGlobalCells.end()) {
        F.GlobalCells.assign(It->second.begin(), It->second.end());
        TU.FnGlobalCells.erase(It);
      }
    // Uses in a function that has no facts of its own here: every thread's.
    for (const auto &[Usr, Cells] : TU.FnGlobalCells)
      TU.GlobalCells.insert(Cells.begin(), Cells.end());
    Out.GlobalCells.assign(TU.GlobalCells.begin(), TU.GlobalCells.end());
    Out.OriginFlows.assign(TU.OriginFlows.begin(), TU.OriginFlows.end());
    Out.SharedClasses.erase(
        std::remove(Out.SharedClasses.begin(), Out.SharedClasses.end(), std::string()),
        Out.SharedClasses.end());
    sortFunctions(Out.Functions);
    std::sort(Out.DeclaredOrders.begin(), Out.DeclaredOrders.end());
    std::sort(Out.Classes.begin(), Out.Classes.end(),
              [](const ClassFacts &A, const ClassFacts &B) { return A.Name < B.Name; });
  }

private:
  TUFacts &Out;
  std::vector<LockEffectFact> Imports;
};

} // namespace
} // namespace extract

std::unique_ptr<clang::ASTConsumer> makeFactsConsumer(TUFacts &Out,
                                                      const std::vector<LockEffectFact> &Imports) {
  return std::make_unique<extract::FactsConsumer>(Out, Imports);
}

} // namespace parcheck
