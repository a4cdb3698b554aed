//===- Origins.h - where a pointer's object comes from ----------*- C++ -*-===//
//
// Facts for object origins (the model and its limits are in
// analysis/Origins.cpp). A pointer value is named by the node it was read
// from, and every copy of a pointer value between nodes is a flow; the
// analysis propagates objects along the flows (inclusion, Andersen-style),
// so two class-level accesses whose pointers hold no object in common are
// to two different objects.
//
// Nodes (strings, TUFacts::OriginFlows, AccessFact::Origin):
//   "f:<Class::field>"  a pointer member (every object's); a member of a
//                       common initial sequence two records share (the C
//                       struct-prefix idiom: UV_HANDLE_FIELDS) is named by
//                       "f:~<name>:<type>", the same in each of them
//   "e:<Class::field>"  the objects embedded as that member ('&x->ev', 'x->ev.f')
//   "g:<usr>"           a global (or static) pointer variable, or the elements
//                       of a global array of pointers
//   "o:<usr>"           a global object ('&g', a global array)
//   "l:<usr>" "a:<usr>" a local pointer variable; a local object
//   "p:<fn usr>#i"      a pointer (or reference) parameter
//   "r:<fn usr>"        what a function returns
//   "v:<slot id>"       what a call through a function value of that slot
//                       (FnValues.cpp naming) returns
//   "*"                 a fresh allocation of a library allocator (no node)
//   "&"                 (a source only) a parameter of a function handed to
//                       a slot the analysis follows: bound at the calls
//                       through that slot (no node)
//   "?"                 unknown: anything
// and "" for a null pointer or a function's address (no object).
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_EXTRACT_ORIGINS_H
#define PARCHECK_EXTRACT_ORIGINS_H

#include "extract/ExtractContext.h"

#include "llvm/ADT/DenseSet.h"

namespace parcheck {
namespace extract {

using OriginFlowSet = std::set<std::pair<std::string, std::string>>;

/// Names origins in one function (FD) or, with FD null, in a global's
/// initialiser, and records the flows it meets into Sink (none when null).
class OriginNamer {
public:
  OriginNamer(TUContext &TU, const FunctionDecl *FD, OriginFlowSet *Sink)
      : TU(TU), FD(FD), Sink(Sink) {}

  /// The node a pointer-valued expression's value comes from.
  std::string valueOf(const Expr *E);
  /// The object a record lvalue denotes ('g', 'x->ev', 'a[i]', '*p').
  std::string objectOf(const Expr *LV);
  /// The node a pointer-typed lvalue is ('p', 'x->next', 'g_ptrs[i]').
  std::string cellOf(const Expr *LV);
  /// The object whose member ME is.
  std::string ownerOf(const MemberExpr *ME);
  /// The object an access E to a class-level location Field ("Class::f") is
  /// made on: ownerOf the member expression of that field inside E; for a
  /// whole object ("Class::*"), what the pointer E points to. "?" if unknown.
  std::string accessOrigin(const Expr *E, const std::string &Field);
  /// For such an access made on a member object embedded in an object a
  /// pointer reaches ('c->head.f', '(&c->head)->f', 'c->a.b.f'): the node
  /// that pointer's value comes from, with Embed set to the path of
  /// embedded members ("Rec::head", "Rec::a/A::b"); empty otherwise.
  std::string containerOrigin(const Expr *E, const std::string &Field, std::string &Embed);

  /// For calls through function members (FnStore::Owner, CallFact::
  /// ThroughOwner, CallFact::ArgObjects): the object E denotes (a record
  /// lvalue) or points to (a pointer value): "e:<key>" an object embedded as
  /// that member (fieldKey: "Class::member", or "~name:type" for a member of
  /// a common initial sequence; '&w->block', also a first member), "o:<usr>"
  /// / "a:<usr>" a global / local variable, "p:<fn usr>#i" what parameter i
  /// points to (when the function never reassigns it), "" anything else.
  std::string fnObjectNode(const Expr *E);
  std::string fieldKey(const FieldDecl *F);

  /// Records the flows of S's assignments, initialisations, calls and
  /// returns (and of everything below S), and makes every pointer whose
  /// address is taken unknown (it can be written through that address).
  void recordFlows(const Stmt *S);
  /// The flows of a variable's initialiser (a global's or a local's).
  void recordInit(const VarDecl *VD);

private:
  TUContext &TU;
  const FunctionDecl *FD;
  OriginFlowSet *Sink;

  /// Function references handed to a slot the analysis follows (a member
  /// of a program's record, a variable, a parameter of a program's
  /// function): their parameters are bound where those slots are called.
  llvm::DenseSet<const Expr *> Tracked;
  void track(const Expr *E);

  std::string varNode(const VarDecl *VD, bool Object);
  /// Notes Node (ME's "f:"/"e:" node) as a global cell of the function
  /// (TUContext::FnGlobalCells), or of the TU outside one (GlobalCells), when
  /// ME is a member of a global object itself.
  void noteGlobalCell(const MemberExpr *ME, const std::string &Node);
  void flow(const std::string &To, const std::string &From);
  void initFlows(const std::string &Cell, QualType T, const Expr *Init);
  void callFlows(const FunctionDecl *Callee, llvm::ArrayRef<const Expr *> Args);
};

} // namespace extract
} // namespace parcheck

#endif
