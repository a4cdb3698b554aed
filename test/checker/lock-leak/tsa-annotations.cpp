// Clang thread-safety annotations are the contract: a SCOPED_LOCKABLE class's
// annotated constructor takes the lock and its destructor releases it; an
// EXCLUSIVE_LOCK_FUNCTION / UNLOCK_FUNCTION method takes or releases its object
// (so 'mutex_.Lock()' is a lock on 'DB::mutex_', not on the wrapper's member);
// an EXCLUSIVE_LOCKS_REQUIRED method is entered holding the lock, and dropping
// and retaking it is no leak. A wait in a wrapper that returns as soon as the
// wait does is judged at its callers' loops. What the annotated method does
// while the lock is dropped is unprotected, a method that takes the lock and
// never releases it leaks it, and a caller that does not loop on the
// predicate is still reported (at the wrapper's wait).
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <condition_variable>
#include <mutex>
#include <thread>
#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_LOCKABLE __attribute__((scoped_lockable))
#define EXCLUSIVE_LOCK_FUNCTION(...) __attribute__((exclusive_lock_function(__VA_ARGS__)))
#define UNLOCK_FUNCTION(...) __attribute__((unlock_function(__VA_ARGS__)))
#define EXCLUSIVE_LOCKS_REQUIRED(...) __attribute__((exclusive_locks_required(__VA_ARGS__)))

class CAPABILITY("mutex") Mutex {
public:
  void Lock() EXCLUSIVE_LOCK_FUNCTION() { mu_.lock(); }
  void Unlock() UNLOCK_FUNCTION() { mu_.unlock(); }
private:
  friend class CondVar;
  std::mutex mu_;
};

class CondVar {
public:
  explicit CondVar(Mutex *mu) : mu_(mu) {}
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_->mu_, std::adopt_lock);
    cv_.wait(lock);
    // CHECK: tsa-annotations.cpp:[[@LINE-1]]:9: warning: condition wait on 'this->cv_' is not inside a loop that rechecks its predicate [parcheck-cond-wait]
    lock.release();
  }
  void Signal() { cv_.notify_one(); }
private:
  Mutex *mu_;
  std::condition_variable cv_;
};

class SCOPED_LOCKABLE MutexLock {
public:
  explicit MutexLock(Mutex *mu) EXCLUSIVE_LOCK_FUNCTION(mu) : mu_(mu) { this->mu_->Lock(); }
  ~MutexLock() UNLOCK_FUNCTION() { this->mu_->Unlock(); }
private:
  Mutex *const mu_;
};

class DB {
public:
  DB() : cv_(&mutex_) {}
  void Compact() {
    MutexLock l(&mutex_);
    while (!done_)
      cv_.Wait();
    DoWork();
    count_++;
  }
  void Finish() {
    MutexLock l(&mutex_);
    done_ = true;
    count_++;
    cv_.Signal();
  }
  void WaitOnce() {
    MutexLock l(&mutex_);
    if (!done_)
      cv_.Wait();
  }
  void Open() {
    mutex_.Lock();
    // CHECK: tsa-annotations.cpp:[[@LINE-1]]:12: warning: 'DB::mutex_' acquired in 'DB::Open' is not released on any path out of it [parcheck-lock-leak]
    count_++;
  }
private:
  void DoWork() EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    count_++;
    mutex_.Unlock();
    stat_++;
    // CHECK: tsa-annotations.cpp:[[@LINE-1]]:5: warning: data race on 'DB::stat_'
    mutex_.Lock();
  }
  Mutex mutex_;
  CondVar cv_;
  bool done_ = false;
  int count_ = 0;
  int stat_ = 0;
};

DB db;
int main() {
  std::thread a([] { db.Compact(); });
  std::thread b([] { db.Finish(); db.Compact(); db.WaitOnce(); });
  a.join();
  b.join();
  db.Open();
}
