//===- TaskRunner.h - optional tasks on a thread pool group -----*- C++ -*-===//
//
// Runs closures as tasks of its own llvm::ThreadPoolTaskGroup on a pool, or
// at once on the calling thread when there is no pool (-j1). wait() (and the
// destructor) return when every task run through this runner is done; a pool
// thread that waits runs this runner's queued tasks itself, so a runner used
// inside a pool task does not deadlock, and waiting on one runner never waits
// for another's tasks. Determinism is the caller's: each task must write only
// state no other concurrent task reads or writes.
//
//===----------------------------------------------------------------------===//
#ifndef PARCHECK_ANALYSIS_TASKRUNNER_H
#define PARCHECK_ANALYSIS_TASKRUNNER_H

#include "llvm/Support/ThreadPool.h"

#include <functional>
#include <optional>

namespace parcheck {

class TaskRunner {
public:
  explicit TaskRunner(llvm::ThreadPoolInterface *Pool) {
    if (Pool)
      Group.emplace(*Pool);
  }
  TaskRunner(const TaskRunner &) = delete;
  TaskRunner &operator=(const TaskRunner &) = delete;
  ~TaskRunner() { wait(); }

  void run(std::function<void()> F) {
    if (!Group) {
      F();
      return;
    }
    Group->async(std::move(F));
    Pending = true;
  }
  void wait() {
    if (Pending)
      Group->wait();
    Pending = false;
  }

private:
  std::optional<llvm::ThreadPoolTaskGroup> Group;
  bool Pending = false;
};

} // namespace parcheck

#endif
