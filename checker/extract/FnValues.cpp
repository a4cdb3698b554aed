//===- FnValues.cpp - function values: slots, values, library callbacks ---===//
//
// Function values are named flow-insensitively, as a points-to analysis over
// functions needs them (analysis/FunctionValues.h): a parameter by its index,
// a member by its record (field-based: every object of the record is one
// slot), a global by its USR, a local by its owner and USR.
//
//===----------------------------------------------------------------------===//
#include "extract/ExtractContext.h"
#include "extract/LockModel.h"
#include "facts/Ids.h"

#include "clang/AST/ExprCXX.h"

namespace parcheck {
namespace extract {

bool isFnValueType(QualType T) {
  T = T.getNonReferenceType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  return T->isFunctionPointerType() || T->isFunctionType() || T->isMemberFunctionPointerType();
}

static std::string memberSlot(const FieldDecl *F) {
  const RecordDecl *RD = F->getParent();
  std::string Rec = recordName(QualType(RD->getTypeForDecl(), 0));
  if (Rec.empty() || !RD->getIdentifier())
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      Rec = TD->getQualifiedNameAsString();
  if (Rec.empty() || (!RD->getIdentifier() && !RD->getTypedefNameForAnonDecl()))
    Rec = usrOf(RD); // an unnamed struct or union: its USR names it in every TU
  if (Rec.empty())
    return {};
  // The members of a union are one storage: 'f.in = entry; call(f.out)'.
  return makeId(IdKind::Field, Rec + "::" + (RD->isUnion() ? "*" : F->getNameAsString()));
}

std::string fnSlotOfDecl(const ValueDecl *D) {
  if (const auto *F = dyn_cast_or_null<FieldDecl>(D))
    return memberSlot(F);
  if (const auto *P = dyn_cast_or_null<ParmVarDecl>(D)) {
    const auto *Fn = dyn_cast_or_null<FunctionDecl>(P->getDeclContext());
    if (!Fn)
      return {};
    const FunctionDecl *Def = Fn->getDefinition() ? Fn->getDefinition() : Fn;
    return paramId(usrOf(Def), P->getFunctionScopeIndex());
  }
  if (const auto *VD = dyn_cast_or_null<VarDecl>(D)) {
    if (VD->hasGlobalStorage() && !VD->isStaticLocal())
      return usrOf(VD);
    const DeclContext *DC = VD->getParentFunctionOrMethod();
    return makeId(IdKind::Local, usrOf(dyn_cast_or_null<Decl>(DC)) + "|" + usrOf(VD));
  }
  return {};
}

std::string fnSlotOf(const Expr *E) {
  const Expr *X = strip(E);
  while (X) {
    if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_Deref) {
      X = strip(UO->getSubExpr());
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      X = strip(AS->getBase());
      continue;
    }
    break;
  }
  if (!X)
    return {};
  if (const auto *ME = dyn_cast<MemberExpr>(X))
    return fnSlotOfDecl(dyn_cast<FieldDecl>(ME->getMemberDecl()));
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
    return fnSlotOfDecl(dyn_cast<VarDecl>(DRE->getDecl()));
  return {};
}

void fnValuesOf(const Expr *E, std::vector<FnValue> &Out) {
  const Expr *X = strip(E);
  if (!X)
    return;
  if (const auto *UO = dyn_cast<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
    X = strip(UO->getSubExpr());
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(X)) {
    fnValuesOf(CO->getTrueExpr(), Out);
    fnValuesOf(CO->getFalseExpr(), Out);
    return;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(X))
    if (const auto *F = dyn_cast<FunctionDecl>(DRE->getDecl())) {
      const FunctionDecl *Def = F->getDefinition() ? F->getDefinition() : F;
      FnValue V;
      V.Fn = usrOf(Def);
      if (!V.Fn.empty())
        Out.push_back(V);
      return;
    }
  if (!isFnValueType(X->getType()))
    return;
  FnValue V;
  V.Slot = fnSlotOf(X);
  if (!V.Slot.empty())
    Out.push_back(V);
}

// The library model: callbacks that an event loop runs later, on the thread
// that runs the loop. The base an event belongs to is not followed: every
// registered callback may run in every loop (a known over-approximation; a
// callback registered with main's base is taken to run in the workers' loops
// too).
static bool named(const FunctionDecl *F, std::initializer_list<llvm::StringRef> Names) {
  if (!F || !F->getIdentifier())
    return false;
  for (llvm::StringRef N : Names)
    if (F->getName() == N)
      return true;
  return false;
}

bool registersCallback(const FunctionDecl *F) {
  return named(F, {"event_set", "event_assign", "event_new", "evtimer_set", "evtimer_assign",
                   "evtimer_new", "evsignal_set", "evsignal_assign", "evsignal_new",
                   "signal_set", "event_base_once", "event_once", "bufferevent_setcb",
                   "evconnlistener_new", "evconnlistener_new_bind", "evhttp_set_cb",
                   "evhttp_set_gencb"});
}

bool runsOnce(const FunctionDecl *F) { return named(F, {"pthread_once", "call_once"}); }

bool registersForkHandler(const FunctionDecl *F) { return named(F, {"pthread_atfork"}); }

bool runsEventLoop(const FunctionDecl *F) {
  return named(F, {"event_base_loop", "event_base_dispatch", "event_dispatch", "event_loop"});
}

std::string eventLoopSlot() { return makeId(IdKind::Expr, "<event loop callbacks>"); }

} // namespace extract
} // namespace parcheck
