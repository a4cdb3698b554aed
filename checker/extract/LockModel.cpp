//===- LockModel.cpp - the lock and thread API model ----------------------===//
#include "extract/LockModel.h"

#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

using namespace clang;

namespace parcheck {
namespace {

struct FreeFn {
  LockAction Action;
  bool Shared;
  unsigned LockArg;
};

// C APIs: pthreads, C11 threads. Try-variants return 0 (thrd_success) on success.
const llvm::StringMap<FreeFn> &freeFunctions() {
  static const llvm::StringMap<FreeFn> M = {
      {"pthread_mutex_lock", {LockAction::Acquire, false, 0}},
      {"pthread_mutex_timedlock", {LockAction::Acquire, false, 0}},
      {"pthread_mutex_clocklock", {LockAction::Acquire, false, 0}},
      {"pthread_mutex_trylock", {LockAction::TryAcquire, false, 0}},
      {"pthread_mutex_unlock", {LockAction::Release, false, 0}},
      {"pthread_rwlock_rdlock", {LockAction::Acquire, true, 0}},
      {"pthread_rwlock_timedrdlock", {LockAction::Acquire, true, 0}},
      {"pthread_rwlock_clockrdlock", {LockAction::Acquire, true, 0}},
      {"pthread_rwlock_tryrdlock", {LockAction::TryAcquire, true, 0}},
      {"pthread_rwlock_wrlock", {LockAction::Acquire, false, 0}},
      {"pthread_rwlock_timedwrlock", {LockAction::Acquire, false, 0}},
      {"pthread_rwlock_clockwrlock", {LockAction::Acquire, false, 0}},
      {"pthread_rwlock_trywrlock", {LockAction::TryAcquire, false, 0}},
      {"pthread_rwlock_unlock", {LockAction::Release, false, 0}},
      {"pthread_spin_lock", {LockAction::Acquire, false, 0}},
      {"pthread_spin_trylock", {LockAction::TryAcquire, false, 0}},
      {"pthread_spin_unlock", {LockAction::Release, false, 0}},
      {"mtx_lock", {LockAction::Acquire, false, 0}},
      {"mtx_timedlock", {LockAction::Acquire, false, 0}},
      {"mtx_trylock", {LockAction::TryAcquire, false, 0}},
      {"mtx_unlock", {LockAction::Release, false, 0}},
      {"pthread_cond_wait", {LockAction::Wait, false, 1}},
      {"pthread_cond_timedwait", {LockAction::Wait, false, 1}},
      {"pthread_cond_clockwait", {LockAction::Wait, false, 1}},
      {"cnd_wait", {LockAction::Wait, false, 1}},
      {"cnd_timedwait", {LockAction::Wait, false, 1}},
      // The GCC spinlock builtins: the test-and-set returns 0 when it took it.
      {"__sync_lock_test_and_set", {LockAction::TryAcquire, false, 0}},
      {"__sync_lock_release", {LockAction::Release, false, 0}},
  };
  return M;
}

const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  return T->getAsCXXRecordDecl();
}

/// Declared in namespace std, or in an inline namespace inside it (std::__cxx11,
/// std::__1): the one std-namespace test of the model.
bool inStd(const Decl *D) {
  const DeclContext *DC = D ? D->getDeclContext() : nullptr;
  while (DC && DC->isInlineNamespace())
    DC = DC->getParent();
  return DC && DC->isStdNamespace();
}

/// S as a call of a named function (not an operator call), with that function.
const CallExpr *plainCall(const Stmt *S, const FunctionDecl *&FD) {
  const auto *C = dyn_cast_or_null<CallExpr>(S);
  if (!C || isa<CXXOperatorCallExpr>(C))
    return nullptr;
  FD = C->getDirectCallee();
  return FD && FD->getIdentifier() ? C : nullptr;
}

/// The name of a class in namespace std (looking through inline namespaces).
llvm::StringRef stdName(const CXXRecordDecl *RD) {
  if (!RD || !RD->getIdentifier() || !inStd(RD))
    return {};
  return RD->getName();
}

/// A member call, with the std class of its method (empty when not a class
/// in std) and the method's name (Named false when the method has none: an
/// operator or a conversion, or no method declaration).
struct MethodCall {
  const CXXMemberCallExpr *Call = nullptr;
  bool Named = false;
  llvm::StringRef Cls, M;
};
MethodCall methodCall(const Stmt *S) {
  MethodCall R;
  R.Call = dyn_cast<CXXMemberCallExpr>(S);
  const CXXMethodDecl *MD = R.Call ? R.Call->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier())
    return R;
  R.Named = true;
  R.Cls = stdName(MD->getParent());
  R.M = MD->getName();
  return R;
}

bool isMutexClass(llvm::StringRef N) {
  return llvm::StringSwitch<bool>(N)
      .Cases("mutex", "recursive_mutex", "timed_mutex", "recursive_timed_mutex", true)
      .Cases("shared_mutex", "shared_timed_mutex", true)
      .Default(false);
}

bool isGuardClass(llvm::StringRef N) {
  return N == "lock_guard" || N == "unique_lock" || N == "scoped_lock" || N == "shared_lock";
}

const Expr *strip(const Expr *E) { return E ? E->IgnoreParenImpCasts() : nullptr; }

GuardMode tagMode(const Expr *E) {
  const CXXRecordDecl *RD = recordOf(strip(E)->getType());
  llvm::StringRef N = stdName(RD);
  if (N == "defer_lock_t")
    return GuardMode::Defer;
  if (N == "adopt_lock_t")
    return GuardMode::Adopt;
  if (N == "try_to_lock_t")
    return GuardMode::Try;
  return GuardMode::Lock;
}

} // namespace

std::string recordName(QualType T) {
  if (const CXXRecordDecl *RD = recordOf(T))
    return RD->getQualifiedNameAsString();
  T = T.getNonReferenceType();
  if (const auto *PT = T->getAs<PointerType>())
    T = PT->getPointeeType();
  if (const RecordType *RT = T->getAs<RecordType>())
    return RT->getDecl()->getQualifiedNameAsString();
  return {};
}

bool isAtomicType(QualType T) {
  T = T.getNonReferenceType();
  if (T->isAtomicType())
    return true;
  if (T->isArrayType())
    if (const ArrayType *AT = T->getAsArrayTypeUnsafe())
      return isAtomicType(AT->getElementType());
  llvm::StringRef N = stdName(T->getAsCXXRecordDecl());
  return N == "atomic" || N == "atomic_flag" || N == "atomic_ref";
}

bool isGuardType(QualType T) { return isGuardClass(stdName(recordOf(T))); }

bool isSyncType(QualType T) {
  T = T.getNonReferenceType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (isAtomicType(T))
    return true;
  if (const RecordType *RT = T->getAs<RecordType>()) {
    llvm::StringRef N = RT->getDecl()->getName();
    if (N.starts_with("pthread_") || N == "__pthread_mutex_s")
      return true;
  }
  // Through every typedef of the chain: a project's own name for a pthread
  // type ('typedef pthread_mutex_t uv_mutex_t;') is still that type.
  for (const TypedefType *TT = T->getAs<TypedefType>(); TT;
       TT = TT->desugar()->getAs<TypedefType>()) {
    llvm::StringRef N = TT->getDecl()->getName();
    if (N == "pthread_mutex_t" || N == "pthread_rwlock_t" || N == "pthread_spinlock_t" ||
        N == "pthread_cond_t" || N == "pthread_barrier_t" || N == "mtx_t" || N == "cnd_t" ||
        N == "pthread_t" || N == "thrd_t" || N == "pthread_once_t" || N == "once_flag" ||
        N == "sem_t")
      return true;
  }
  llvm::StringRef N = stdName(T->getAsCXXRecordDecl());
  return isMutexClass(N) || isGuardClass(N) || N == "condition_variable" ||
         N == "condition_variable_any" || N == "thread" || N == "jthread" || N == "once_flag" ||
         N == "future" || N == "shared_future" || N == "promise" || N == "counting_semaphore" ||
         N == "binary_semaphore" || N == "latch" || N == "barrier" || N == "stop_token" ||
         N == "stop_source";
}

LockCall classifyLockCall(const Stmt *S) {
  LockCall R;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    llvm::StringRef N = stdName(CE->getConstructor()->getParent());
    if (!isGuardClass(N) || CE->getNumArgs() == 0)
      return R;
    // Copy/move construction of a guard takes no lock.
    if (CE->getConstructor()->isCopyOrMoveConstructor())
      return R;
    R.Action = LockAction::GuardCtor;
    R.Shared = N == "shared_lock";
    unsigned NArgs = CE->getNumArgs();
    // scoped_lock(adopt_lock, m...) puts the tag first; the others put it last.
    unsigned First = 0;
    if (N == "scoped_lock" && NArgs > 0 && tagMode(CE->getArg(0)) == GuardMode::Adopt) {
      R.Mode = GuardMode::Adopt;
      First = 1;
    } else if (NArgs >= 2) {
      GuardMode M = tagMode(CE->getArg(NArgs - 1));
      if (M != GuardMode::Lock || N != "scoped_lock") {
        R.Mode = M;
        if (M != GuardMode::Lock)
          --NArgs;
      }
    }
    for (unsigned I = First; I < NArgs; ++I) {
      const Expr *A = CE->getArg(I);
      // unique_lock(m, duration) / (m, time_point) is a timed try.
      if (I > First && N != "scoped_lock") {
        R.Mode = GuardMode::Try;
        break;
      }
      R.Locks.push_back(A);
    }
    return R;
  }

  if (const MethodCall Call = methodCall(S); Call.Call) {
    if (!Call.Named)
      return R;
    const CXXMemberCallExpr *MC = Call.Call;
    llvm::StringRef Cls = Call.Cls, M = Call.M;
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (isMutexClass(Cls)) {
      R.Locks.push_back(Obj);
      R.Success = TrySuccess::True;
      if (M == "lock")
        R.Action = LockAction::Acquire;
      else if (M == "try_lock" || M == "try_lock_for" || M == "try_lock_until")
        R.Action = LockAction::TryAcquire;
      else if (M == "unlock")
        R.Action = LockAction::Release;
      else if (M == "lock_shared")
        R.Action = LockAction::Acquire, R.Shared = true;
      else if (M == "try_lock_shared" || M == "try_lock_shared_for" ||
               M == "try_lock_shared_until")
        R.Action = LockAction::TryAcquire, R.Shared = true;
      else if (M == "unlock_shared")
        R.Action = LockAction::Release, R.Shared = true;
      else
        R.Locks.clear();
      return R;
    }
    // A spinlock on a std::atomic_flag: 'while (f.test_and_set(acquire));'
    // takes it when the test returns false, 'f.clear(release)' drops it.
    if (Cls == "atomic_flag" && (M == "test_and_set" || M == "clear")) {
      R.Locks.push_back(Obj);
      R.Success = TrySuccess::Zero;
      R.Action = M == "clear" ? LockAction::Release : LockAction::TryAcquire;
      return R;
    }
    if (Cls == "unique_lock" || Cls == "shared_lock") {
      R.Guard = Obj;
      R.Shared = Cls == "shared_lock";
      R.Success = TrySuccess::True;
      if (M == "lock")
        R.Action = LockAction::GuardLock;
      else if (M == "try_lock" || M == "try_lock_for" || M == "try_lock_until")
        R.Action = LockAction::GuardTryLock;
      else if (M == "unlock")
        R.Action = LockAction::GuardUnlock;
      else if (M == "release")
        R.Action = LockAction::GuardRelease;
      return R;
    }
    if (Cls == "condition_variable" || Cls == "condition_variable_any") {
      if ((M == "wait" || M == "wait_for" || M == "wait_until") && MC->getNumArgs() >= 1) {
        const Expr *L = MC->getArg(0);
        if (isGuardType(L->getType())) {
          R.Action = LockAction::GuardWait;
          R.Guard = L;
        } else {
          R.Action = LockAction::Wait;
          R.Locks.push_back(L);
        }
      }
      return R;
    }
    return R;
  }

  const FunctionDecl *FD = nullptr;
  const CallExpr *C = plainCall(S, FD);
  if (!C)
    return R;
  llvm::StringRef Name = FD->getName();
  if (inStd(FD)) {
    if (Name == "lock" && C->getNumArgs() >= 2) {
      R.Action = LockAction::Acquire;
      for (const Expr *A : C->arguments())
        R.Locks.push_back(A);
    }
    return R;
  }
  if (!FD->getDeclContext()->isTranslationUnit() && !FD->isExternC())
    return R;
  // Clang names an overloaded __sync builtin by its size ('_4').
  if (Name.starts_with("__sync_") && Name.contains('_'))
    if (auto [Base, Size] = Name.rsplit('_');
        !Size.empty() && llvm::all_of(Size, [](char Ch) { return Ch >= '0' && Ch <= '9'; }))
      Name = Base;
  auto It = freeFunctions().find(Name);
  if (It == freeFunctions().end() || C->getNumArgs() <= It->second.LockArg)
    return R;
  R.Action = It->second.Action;
  R.Shared = It->second.Shared;
  R.Success = TrySuccess::Zero;
  R.Locks.push_back(C->getArg(It->second.LockArg));
  return R;
}

std::string mtUnsafeState(const FunctionDecl *F, bool &Write) {
  // Not thread-safe per POSIX (a subset of clang-tidy's concurrency-mt-unsafe
  // list: the ones programs call); each names the hidden state calls share.
  static const llvm::StringMap<std::pair<const char *, bool>> Table = {
      {"rand", {"rand() seed", true}},         {"srand", {"rand() seed", true}},
      {"drand48", {"drand48() state", true}},  {"lrand48", {"drand48() state", true}},
      {"mrand48", {"drand48() state", true}},  {"srand48", {"drand48() state", true}},
      {"strtok", {"strtok() position", true}}, {"localtime", {"static struct tm", true}},
      {"gmtime", {"static struct tm", true}},  {"ctime", {"static time string", true}},
      {"asctime", {"static time string", true}}, {"getpwnam", {"static passwd entry", true}},
      {"getpwuid", {"static passwd entry", true}}, {"getgrnam", {"static group entry", true}},
      {"getgrgid", {"static group entry", true}}, {"gethostbyname", {"static hostent", true}},
      {"tmpnam", {"tmpnam() buffer", true}},   {"setenv", {"the environment", true}},
      {"unsetenv", {"the environment", true}}, {"putenv", {"the environment", true}},
      {"getenv", {"the environment", false}},  {"setlocale", {"the locale", true}},
  };
  if (!F || !F->getIdentifier() || !(F->getDeclContext()->isTranslationUnit() || F->isExternC()))
    return {};
  auto It = Table.find(F->getName());
  if (It == Table.end())
    return {};
  Write = It->second.second;
  return It->second.first;
}

const char *threadApiName(ThreadApi A) {
  switch (A) {
  case ThreadApi::PthreadCreate: return "pthread_create";
  case ThreadApi::ThrdCreate: return "thrd_create";
  case ThreadApi::StdThread: return "std::thread";
  case ThreadApi::StdJThread: return "std::jthread";
  case ThreadApi::StdAsync: return "std::async";
  case ThreadApi::None: break;
  }
  return "";
}

SpawnCall classifySpawn(const Stmt *S) {
  SpawnCall R;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    llvm::StringRef N = stdName(CE->getConstructor()->getParent());
    if ((N != "thread" && N != "jthread") || CE->getNumArgs() == 0 ||
        CE->getConstructor()->isCopyOrMoveConstructor())
      return R;
    R.Api = N == "thread" ? ThreadApi::StdThread : ThreadApi::StdJThread;
    R.Callable = CE->getArg(0);
    for (unsigned I = 1; I < CE->getNumArgs(); ++I)
      R.Args.push_back(CE->getArg(I));
    return R;
  }
  // threads.emplace_back(fn, args...) builds the std::thread inside the library.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier() || MC->getNumArgs() == 0)
      return R;
    llvm::StringRef M = MD->getName();
    if (M != "emplace_back" && M != "emplace_front" && M != "emplace")
      return R;
    const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(MD->getParent());
    if (!Spec || Spec->getTemplateArgs().size() == 0 ||
        Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
      return R;
    llvm::StringRef Elem =
        stdName(Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl());
    if (Elem != "thread" && Elem != "jthread")
      return R;
    // emplace(pos, fn, ...) on sequence containers takes a position first.
    unsigned First = M == "emplace" ? 1 : 0;
    if (MC->getNumArgs() <= First)
      return R;
    R.Api = Elem == "thread" ? ThreadApi::StdThread : ThreadApi::StdJThread;
    R.Handle = MC->getImplicitObjectArgument();
    R.Callable = MC->getArg(First);
    for (unsigned I = First + 1; I < MC->getNumArgs(); ++I)
      R.Args.push_back(MC->getArg(I));
    return R;
  }
  const FunctionDecl *FD = nullptr;
  const CallExpr *C = plainCall(S, FD);
  if (!C)
    return R;
  llvm::StringRef Name = FD->getName();
  if (inStd(FD)) {
    if (Name != "async" || C->getNumArgs() == 0)
      return R;
    unsigned First = 0;
    if (stdName(C->getArg(0)->getType()->getAsCXXRecordDecl()).empty() &&
        C->getArg(0)->getType()->isEnumeralType()) {
      // launch::deferred alone runs on the caller's thread at get()/wait().
      Expr::EvalResult ER;
      const Expr *Policy = C->getArg(0);
      First = 1;
      // The enumerator values: async = 1, deferred = 2 in libstdc++ and libc++.
      if (const auto *DRE = dyn_cast<DeclRefExpr>(strip(Policy)))
        if (DRE->getDecl()->getName() == "deferred")
          return R;
    }
    if (C->getNumArgs() <= First)
      return R;
    R.Api = ThreadApi::StdAsync;
    R.Callable = C->getArg(First);
    for (unsigned I = First + 1; I < C->getNumArgs(); ++I)
      R.Args.push_back(C->getArg(I));
    return R;
  }
  if (Name == "pthread_create" && C->getNumArgs() == 4) {
    R.Api = ThreadApi::PthreadCreate;
    R.Handle = C->getArg(0);
    R.Callable = C->getArg(2);
    R.Args.push_back(C->getArg(3));
  } else if (Name == "thrd_create" && C->getNumArgs() == 3) {
    R.Api = ThreadApi::ThrdCreate;
    R.Handle = C->getArg(0);
    R.Callable = C->getArg(1);
    R.Args.push_back(C->getArg(2));
  }
  return R;
}

JoinCall classifyJoin(const Stmt *S) {
  JoinCall R;
  if (const MethodCall Call = methodCall(S); Call.Call) {
    if (!Call.Named)
      return R;
    llvm::StringRef Cls = Call.Cls, M = Call.M;
    if ((Cls == "thread" || Cls == "jthread") && M == "join")
      R.Api = JoinApi::MemberJoin;
    else if ((Cls == "future" || Cls == "shared_future") && (M == "get" || M == "wait"))
      R.Api = JoinApi::FutureGet;
    if (R.Api != JoinApi::None)
      R.Handle = Call.Call->getImplicitObjectArgument();
    return R;
  }
  const FunctionDecl *FD = nullptr;
  const CallExpr *C = plainCall(S, FD);
  if (!C || C->getNumArgs() == 0)
    return R;
  if (FD->getName() == "pthread_join")
    R.Api = JoinApi::PthreadJoin;
  else if (FD->getName() == "thrd_join")
    R.Api = JoinApi::ThrdJoin;
  if (R.Api != JoinApi::None)
    R.Handle = C->getArg(0);
  return R;
}

} // namespace parcheck
