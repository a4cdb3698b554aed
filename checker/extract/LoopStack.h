//===- LoopStack.h - a visitor that knows the loops around it ---*- C++ -*-===//
//
// A RecursiveASTVisitor base (CRTP) that keeps the loop statements
// ('for', 'while', 'do', range 'for') around the node it visits, innermost
// last: the passes over one function body that ask whether a statement is
// repeated (CommonPointees in Escape.cpp, the creation sites of
// ObjectCounts.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_EXTRACT_LOOPSTACK_H
#define PARCHECK_EXTRACT_LOOPSTACK_H

#include "clang/AST/RecursiveASTVisitor.h"

#include <vector>

namespace parcheck {
namespace extract {

template <typename Derived> class LoopStackVisitor : public clang::RecursiveASTVisitor<Derived> {
public:
  bool dataTraverseStmtPre(clang::Stmt *S) {
    if (clang::isa<clang::ForStmt, clang::WhileStmt, clang::DoStmt, clang::CXXForRangeStmt>(S))
      Loops.push_back(S);
    return true;
  }
  bool dataTraverseStmtPost(clang::Stmt *S) {
    if (!Loops.empty() && Loops.back() == S)
      Loops.pop_back();
    return true;
  }

protected:
  /// The loops around the node being visited, outermost first.
  std::vector<const clang::Stmt *> Loops;
};

} // namespace extract
} // namespace parcheck

#endif
