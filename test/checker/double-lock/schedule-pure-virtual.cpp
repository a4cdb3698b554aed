// A function value given to a pure virtual method ('env_->Schedule(&BGWork,
// this)', leveldb) is kept by its overrider for later, not called there: the
// lock held around Schedule does not meet the one BGWork takes. Calling
// BGWork directly with the lock held is a double lock.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <mutex>

class Env {
public:
  virtual ~Env() = default;
  virtual void Schedule(void (*fn)(void *), void *arg) = 0;
};

class QueueEnv : public Env {
public:
  void Schedule(void (*fn)(void *), void *arg) override {
    fn_ = fn;
    arg_ = arg;
  }
  void (*fn_)(void *) = nullptr;
  void *arg_ = nullptr;
};

class DB {
public:
  explicit DB(Env *env) : env_(env) {}
  void MaybeCompact() {
    std::lock_guard<std::mutex> l(mu_);
    env_->Schedule(&DB::BGWork, this); // queued: silent
  }
  void CompactNow() {
    std::lock_guard<std::mutex> l(mu_);
    BGWork(this);
    // CHECK: schedule-pure-virtual.cpp:[[@LINE-1]]:5: warning: 'this->mu_' acquired again by 'DB::BGWork' while already held (lock 'DB::mu_') [parcheck-double-lock]
  }

private:
  static void BGWork(void *db) { static_cast<DB *>(db)->Background(); }
  void Background() {
    std::lock_guard<std::mutex> l(mu_);
    ++compactions_;
  }
  Env *env_;
  std::mutex mu_;
  int compactions_ = 0;
};

int main() {
  QueueEnv env;
  DB db(&env);
  db.MaybeCompact();
  db.CompactNow();
  return 0;
}
