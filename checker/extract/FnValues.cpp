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
#include "facts/EventSlots.h"
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

static Id memberSlot(const FieldDecl *F) {
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

Id fnSlotOfDecl(const ValueDecl *D) {
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
      return makeId(IdKind::Usr, usrOf(VD));
    const DeclContext *DC = VD->getParentFunctionOrMethod();
    return makeId(IdKind::Local, usrOf(dyn_cast_or_null<Decl>(DC)) + "|" + usrOf(VD));
  }
  return {};
}

Id fnSlotOf(const Expr *E) {
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

static bool named(const FunctionDecl *F, std::initializer_list<llvm::StringRef> Names) {
  if (!F || !F->getIdentifier())
    return false;
  for (llvm::StringRef N : Names)
    if (F->getName() == N)
      return true;
  return false;
}

// The event-loop model (libevent, libuv): a callback registered with an
// event bound to base B runs on the thread that runs the loop of B
// (facts/EventSlots.h). Per library function: its role and where its base
// and its event object are among the arguments (-1: none; for a
// registration with neither, the base is not known: libevent's event_once and
// bufferevent_setcb take the base of an object not followed).
namespace {
struct EventApiEntry {
  llvm::StringLiteral Name;
  EventRole Role;
  int Base, Event;
};
} // namespace

static const EventApiEntry EventApis[] = {
    // libevent: event_set(ev, fd, flags, cb, arg) then event_base_set(base, ev).
    {"event_set", EventRole::Register, -1, 0},
    {"evtimer_set", EventRole::Register, -1, 0},
    {"evsignal_set", EventRole::Register, -1, 0},
    {"signal_set", EventRole::Register, -1, 0},
    {"event_assign", EventRole::Register, 1, 0},
    {"evtimer_assign", EventRole::Register, 1, 0},
    {"evsignal_assign", EventRole::Register, 1, 0},
    {"event_new", EventRole::Register, 0, -1},
    {"evtimer_new", EventRole::Register, 0, -1},
    {"evsignal_new", EventRole::Register, 0, -1},
    {"event_base_once", EventRole::Register, 0, -1},
    {"evconnlistener_new", EventRole::Register, 0, -1},
    {"evconnlistener_new_bind", EventRole::Register, 0, -1},
    {"event_once", EventRole::Register, -1, -1},
    {"bufferevent_setcb", EventRole::Register, -1, -1},
    {"evhttp_set_cb", EventRole::Register, -1, -1},
    {"evhttp_set_gencb", EventRole::Register, -1, -1},
    {"event_base_set", EventRole::Bind, 0, 1},
    {"event_base_loop", EventRole::Loop, 0, -1},
    {"event_base_dispatch", EventRole::Loop, 0, -1},
    {"event_dispatch", EventRole::Loop, -1, -1},
    {"event_loop", EventRole::Loop, -1, -1},
    // libuv: uv_<handle>_init(loop, handle) binds the handle to the loop,
    // uv_<handle>_start(handle, .., cb) registers, uv_run(loop) runs them.
    {"uv_timer_init", EventRole::Bind, 0, 1},
    {"uv_idle_init", EventRole::Bind, 0, 1},
    {"uv_prepare_init", EventRole::Bind, 0, 1},
    {"uv_check_init", EventRole::Bind, 0, 1},
    {"uv_signal_init", EventRole::Bind, 0, 1},
    {"uv_poll_init", EventRole::Bind, 0, 1},
    {"uv_tcp_init", EventRole::Bind, 0, 1},
    {"uv_udp_init", EventRole::Bind, 0, 1},
    {"uv_pipe_init", EventRole::Bind, 0, 1},
    {"uv_tty_init", EventRole::Bind, 0, 1},
    {"uv_timer_start", EventRole::Register, -1, 0},
    {"uv_idle_start", EventRole::Register, -1, 0},
    {"uv_prepare_start", EventRole::Register, -1, 0},
    {"uv_check_start", EventRole::Register, -1, 0},
    {"uv_signal_start", EventRole::Register, -1, 0},
    {"uv_signal_start_oneshot", EventRole::Register, -1, 0},
    {"uv_poll_start", EventRole::Register, -1, 0},
    {"uv_read_start", EventRole::Register, -1, 0},
    {"uv_listen", EventRole::Register, -1, 0},
    {"uv_udp_recv_start", EventRole::Register, -1, 0},
    {"uv_async_init", EventRole::Register, 0, 1},
    {"uv_run", EventRole::Loop, 0, -1},
};

/// The record types of event bases: a pointer to one passed to a function of
/// the program carries the callbacks registered there to the caller's base.
static const llvm::StringLiteral EventBaseRecords[] = {"event_base", "uv_loop_s"};

std::optional<EventApi> eventApi(const FunctionDecl *F) {
  if (!F || !F->getIdentifier())
    return std::nullopt;
  for (const EventApiEntry &E : EventApis)
    if (F->getName() == E.Name)
      return EventApi{E.Role, E.Base, E.Event};
  return std::nullopt;
}

bool isEventBaseType(QualType T) {
  T = T.getNonReferenceType();
  if (!T->isPointerType())
    return false;
  const RecordType *RT = T->getPointeeType()->getAs<RecordType>();
  if (!RT || !RT->getDecl()->getIdentifier())
    return false;
  for (llvm::StringRef N : EventBaseRecords)
    if (RT->getDecl()->getName() == N)
      return true;
  return false;
}

Id eventObjectSlot(const Expr *E) {
  const Expr *X = strip(E);
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(X); UO && UO->getOpcode() == UO_AddrOf)
    X = strip(UO->getSubExpr());
  return X ? fnSlotOf(X) : Id();
}

/// The base Args[Index] names: its slot, or "" when none (Index -1, an
/// argument missing, a call's result).
static Id baseArgSlot(llvm::ArrayRef<const Expr *> Args, int Index) {
  if (Index < 0 || unsigned(Index) >= Args.size())
    return {};
  return eventObjectSlot(Args[Index]);
}

/// The variable an object argument of a registration is reached from:
/// '&c->ev', 'c', '(void *)c' name c; '&g.ev', 'g_ptr->ev', 'g[i]' name the
/// global. unknownRegisteredObject() for anything else (a call's result); ""
/// for a null pointer or a non-pointer argument (nothing to receive).
static Id registeredObject(const Expr *E) {
  const Expr *X = strip(E);
  if (!X || !E->getType()->isPointerType() || isa<CXXNullPtrLiteralExpr>(X) ||
      isa<GNUNullExpr>(X))
    return {};
  if (const auto *IL = dyn_cast<IntegerLiteral>(X); IL && IL->getValue() == 0)
    return {};
  while (X) {
    if (const auto *UO = dyn_cast<UnaryOperator>(X);
        UO && (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)) {
      X = strip(UO->getSubExpr());
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X)) {
      X = strip(AS->getBase());
    } else if (const auto *ME = dyn_cast<MemberExpr>(X)) {
      X = strip(ME->getBase());
    } else {
      break;
    }
  }
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(X))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
      Id Slot = fnSlotOfDecl(VD);
      if (!Slot.empty())
        return Slot;
    }
  return unknownRegisteredObject();
}

std::vector<Id> eventApiCall(const EventApi &Api, llvm::ArrayRef<const Expr *> Args,
                             const std::vector<FnArg> &FnArgs, std::set<FnStore> &Stores) {
  Id Base = baseArgSlot(Args, Api.Base);
  switch (Api.Role) {
  case EventRole::Loop:
    // A loop on B runs B's callbacks and those of unknown bases; a loop on
    // an unknown base runs every callback.
    if (Base.empty())
      return {loopSlotAll()};
    return {loopSlotOfBase(Base), loopSlotUnknownBase()};
  case EventRole::Bind: {
    Id Event = baseArgSlot(Args, Api.Event);
    if (!Event.empty())
      Stores.insert({Base.empty() ? loopSlotUnknownBase() : loopSlotOfBase(Base),
                     FnValue{"", callbacksOfEvent(Event)}, ""});
    return {};
  }
  case EventRole::Register: {
    // With neither a base nor an event, the callback's base is unknown. An
    // event's callbacks that never reach a loop of the program (no bind of
    // the event, or a base no loop names) go to the unknown base at the
    // analysis (FunctionValues.cpp).
    Id Event = Base.empty() ? baseArgSlot(Args, Api.Event) : Id();
    Id To = !Base.empty()    ? loopSlotOfBase(Base)
            : !Event.empty() ? callbacksOfEvent(Event)
                             : loopSlotUnknownBase();
    for (const FnArg &A : FnArgs) {
      Stores.insert({To, A.Value, ""});
      Stores.insert({loopSlotAll(), A.Value, ""});
    }
    // What the callbacks can receive: every object argument but the base and
    // the callbacks themselves (libevent's 'arg', a libuv handle).
    for (size_t I = 0; I < Args.size(); ++I) {
      bool IsFn = false;
      for (const FnArg &A : FnArgs)
        IsFn = IsFn || A.Index == I;
      if (IsFn || int(I) == Api.Base || !Args[I])
        continue;
      Id Obj = registeredObject(Args[I]);
      if (!Obj.empty())
        for (const FnArg &A : FnArgs)
          Stores.insert({registeredArgSlot(Obj), A.Value, ""});
    }
    return {};
  }
  }
  return {};
}

void noteBaseArgs(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args,
                  std::set<FnStore> &Stores) {
  const FunctionDecl *Def = Callee->getDefinition() ? Callee->getDefinition() : Callee;
  std::string Fn = usrOf(Def);
  if (Fn.empty())
    return;
  for (unsigned I = 0; I < Args.size() && I < Def->getNumParams(); ++I) {
    if (!isEventBaseType(Def->getParamDecl(I)->getType()))
      continue;
    Id Base = eventObjectSlot(Args[I]);
    Stores.insert({Base.empty() ? loopSlotUnknownBase() : loopSlotOfBase(Base),
                   FnValue{"", loopSlotOfBase(paramId(Fn, I))}, ""});
  }
}

bool runsOnce(const FunctionDecl *F) { return named(F, {"pthread_once", "call_once"}); }

bool registersForkHandler(const FunctionDecl *F) { return named(F, {"pthread_atfork"}); }

} // namespace extract
} // namespace parcheck
