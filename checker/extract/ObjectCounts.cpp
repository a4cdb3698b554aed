//===- ObjectCounts.cpp - where a program makes the objects of each record -===//
//
// Facts for ProgramAnalysis::perObjectNode (analysis/Origins.cpp): a pointer
// read from a member of an object ('c->resp', 'job->out') most likely names
// one of many objects, one per owner, unless the owner's class has static
// objects only: a fixed set of named objects. A class's objects are static
// when every site that makes one runs once: a global (or static local)
// variable, an allocation ('malloc(sizeof *p)', 'calloc(1, sizeof *p)',
// 'new T') or a local of main, or of a function main calls once, out of any
// loop, or a member of a class whose objects are static (TUFacts::
// ObjectSites, decided in ProgramAnalysis::countObjects). Every other way an
// object is made counts as many (TUFacts::ManyObjects), and errs that way: an
// array element, 'calloc(n, ..)' or 'n * sizeof', a by-value parameter or
// return, a compound literal, a temporary, a template argument (a container's
// elements, 'std::make_shared<T>'). An allocation whose size is not a
// 'sizeof' of the record is not seen: a class with a global and such
// allocations counts as static (its races keep medium), one made only that
// way has no site and is not static.
//
//===----------------------------------------------------------------------===//
#include "extract/ExtractContext.h"
#include "extract/LockModel.h"
#include "extract/LoopStack.h"

#include "clang/AST/DeclTemplate.h"

namespace parcheck {
namespace extract {

bool allocatorCall(const CallExpr *CE) {
  const FunctionDecl *F = CE->getDirectCallee();
  return F && F->getIdentifier() && F->getName().contains_insensitive("alloc");
}

namespace {
/// The record type T is an object of (not through pointers or references),
/// through arrays (Array says whether it went through one); null for any
/// other type, for unions and locks, and for records of system headers (no
/// origin node is of their members that matters; counted nowhere, they are
/// never static).
const RecordDecl *objectRecord(TUContext &TU, QualType T, bool &Array) {
  Array = false;
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe()) {
    T = AT->getElementType();
    Array = true;
  }
  const auto *RT = T->getAs<RecordType>();
  if (!RT || RT->getDecl()->isUnion() || isSyncType(T) || TU.inSystem(RT->getDecl()->getLocation()))
    return nullptr;
  return RT->getDecl();
}

void countTemplateArgs(TUContext &TU, llvm::ArrayRef<TemplateArgument> Args) {
  for (const TemplateArgument &A : Args)
    if (A.getKind() == TemplateArgument::Type)
      countManyObjects(TU, A.getAsType());
    else if (A.getKind() == TemplateArgument::Pack)
      countTemplateArgs(TU, A.pack_elements());
}

void countTemplateArgsOf(TUContext &TU, QualType T) {
  T = T.getNonReferenceType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(T->getAsCXXRecordDecl()))
    countTemplateArgs(TU, Spec->getTemplateArgs().asArray());
}

/// The creation sites of one function's body (ObjectSites): allocations
/// sized by a record, 'new', and local objects, each with whether a loop
/// repeats it.
class SiteCollector : public LoopStackVisitor<SiteCollector> {
public:
  SiteCollector(TUContext &TU, const FunctionDecl *FD) : TU(TU), Fn(usrOf(FD)) {}

  bool VisitCallExpr(CallExpr *CE) {
    if (!allocatorCall(CE))
      return true;
    // One object: an argument that is the 'sizeof' itself, and for a
    // 'calloc'-like call a count of 1; any other (a 'n * sizeof(T)', a
    // 'calloc(n, sizeof(T))') allocates an array.
    bool Counted = CE->getDirectCallee()->getName().contains_insensitive("calloc");
    bool OneCount = Counted && CE->getNumArgs() == 2;
    if (OneCount) {
      Expr::EvalResult N;
      OneCount = CE->getArg(0)->EvaluateAsInt(N, TU.Ctx) && N.Val.getInt() == 1;
    }
    for (const Expr *A : CE->arguments())
      forEachStmt(A, [&](const Stmt *X) {
        if (const auto *SO = dyn_cast<UnaryExprOrTypeTraitExpr>(X))
          if (SO->getKind() == UETT_SizeOf) {
            if (SO == A->IgnoreParenImpCasts() && (!Counted || OneCount))
              site(SO->getTypeOfArgument(), SO->getBeginLoc());
            else
              countManyObjects(TU, SO->getTypeOfArgument());
          }
        return true;
      });
    return true;
  }
  bool VisitCXXNewExpr(CXXNewExpr *NE) {
    if (NE->isArray())
      countManyObjects(TU, NE->getAllocatedType());
    else
      site(NE->getAllocatedType(), NE->getBeginLoc());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->isLocalVarDecl() && !VD->isStaticLocal())
      site(VD->getType(), VD->getLocation());
    return true;
  }

private:
  void site(QualType T, SourceLocation At) {
    bool Array;
    const RecordDecl *RD = objectRecord(TU, T, Array);
    if (!RD)
      return;
    if (Array || Fn.empty()) {
      countManyObjects(TU, T);
      return;
    }
    SrcLoc L = TU.loc(At);
    TU.ObjectSites.insert({recordClassName(RD), std::string(Loops.empty() ? "once:" : "loop:") +
                                                    std::to_string(L.Line) + ":" +
                                                    std::to_string(L.Col) + ":" + Fn});
  }

  TUContext &TU;
  std::string Fn;
};
} // namespace

void countManyObjects(TUContext &TU, QualType T) {
  bool Array;
  if (const RecordDecl *RD = objectRecord(TU, T, Array))
    TU.ManyObjects.insert(recordClassName(RD));
  countTemplateArgsOf(TU, T);
}

void countGlobalObjects(TUContext &TU, const VarDecl *VD) {
  QualType T = VD->getType();
  bool Array;
  const RecordDecl *RD = objectRecord(TU, T, Array);
  if (RD && !Array && !isa<ParmVarDecl>(VD) && VD->hasGlobalStorage())
    TU.ObjectSites.insert({recordClassName(RD), "global:" + usrOf(VD)});
  else if (isa<ParmVarDecl>(VD) || (Array && VD->hasGlobalStorage()))
    countManyObjects(TU, T);
  countTemplateArgsOf(TU, T);
}

void countMemberObjects(TUContext &TU, const FieldDecl *FD) {
  QualType T = FD->getType();
  bool Array;
  const RecordDecl *RD = objectRecord(TU, T, Array);
  if (RD && !Array && !FD->getParent()->isUnion())
    TU.ObjectSites.insert({recordClassName(RD), "member:" + memberFieldName(FD)});
  else
    countManyObjects(TU, T);
  countTemplateArgsOf(TU, T);
}

void countCallObjects(TUContext &TU, const CallExpr *CE) {
  if (const FunctionDecl *F = CE->getDirectCallee())
    if (const TemplateArgumentList *Args = F->getTemplateSpecializationArgs())
      countTemplateArgs(TU, Args->asArray());
}

void collectObjectSites(TUContext &TU, const FunctionDecl *FD) {
  if (Stmt *Body = FD->getBody())
    SiteCollector(TU, FD).TraverseStmt(Body);
}

} // namespace extract
} // namespace parcheck
