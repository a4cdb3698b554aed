//===- LockModel.h - the lock and thread API model --------------*- C++ -*-===//
//
// Every lock, condition-variable and thread API parcheck understands is one
// table entry in LockModel.cpp. Extraction asks this file what a call does; it
// never matches API names itself.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_LOCKMODEL_H
#define PARCHECK_LOCKMODEL_H

#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace parcheck {

enum class LockAction {
  None,
  Acquire,     ///< Blocks until held.
  TryAcquire,  ///< Held on the success branch only.
  Release,
  Wait,        ///< Condition wait: released while blocked, held again after.
  GuardCtor,   ///< RAII guard constructed (lock_guard, unique_lock, ...).
  GuardLock,   ///< unique_lock::lock / shared_lock::lock
  GuardTryLock,
  GuardUnlock, ///< unique_lock::unlock
  GuardRelease,///< unique_lock::release: the guard forgets the mutex, still held.
  GuardWait,   ///< condition_variable::wait(unique_lock&)
};

enum class TrySuccess { Zero, True };
enum class GuardMode { Lock, Defer, Adopt, Try };

/// What one call does to locks. Lock expressions point into the AST and are
/// only valid while the TU is alive.
struct LockCall {
  LockAction Action = LockAction::None;
  bool Shared = false;
  TrySuccess Success = TrySuccess::Zero;
  GuardMode Mode = GuardMode::Lock;
  llvm::SmallVector<const clang::Expr *, 2> Locks; ///< Mutex lvalues or pointers.
  const clang::Expr *Guard = nullptr;              ///< The guard object, for Guard*.
};

/// Classifies a call, member call or construction. Action None when it is not
/// a lock API.
LockCall classifyLockCall(const clang::Stmt *S);

/// True for lock, condition-variable, atomic and thread-handle types, which are
/// synchronisation objects rather than data.
bool isSyncType(clang::QualType T);
bool isAtomicType(clang::QualType T);
/// std::lock_guard, std::unique_lock, std::scoped_lock, std::shared_lock.
bool isGuardType(clang::QualType T);

enum class ThreadApi { None, PthreadCreate, ThrdCreate, StdThread, StdJThread, StdAsync };
enum class JoinApi { None, PthreadJoin, ThrdJoin, MemberJoin, FutureGet };

struct SpawnCall {
  ThreadApi Api = ThreadApi::None;
  const clang::Expr *Handle = nullptr;   ///< pthread_t*/thrd_t* argument.
  const clang::Expr *Callable = nullptr;
  llvm::SmallVector<const clang::Expr *, 4> Args; ///< Arguments for the callable.
};
SpawnCall classifySpawn(const clang::Stmt *S);
const char *threadApiName(ThreadApi A);

struct JoinCall {
  JoinApi Api = JoinApi::None;
  const clang::Expr *Handle = nullptr;
};
JoinCall classifyJoin(const clang::Stmt *S);

/// Library functions with hidden shared state (rand, strtok, localtime, ...):
/// the name of that state, or "" when F is not one. Write tells whether a call
/// modifies it.
std::string mtUnsafeState(const clang::FunctionDecl *F, bool &Write);

/// Qualified name of the record behind T (through pointers/references), or "".
std::string recordName(clang::QualType T);

} // namespace parcheck

#endif
