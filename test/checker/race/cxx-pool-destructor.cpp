// A C++ pool whose destructor joins its threads (Inputs/cxxpool.h): the
// destructor of an automatic object of a program class is a call at the end
// of the object's scope, and 'for (auto &t : threads_) t.join();' joins the
// member that the constructor's 'threads_.emplace_back(..)' filled. So the
// write after the pool's scope is ordered after the jobs (reported before:
// no call of the destructor was recorded, and a range-for variable's join
// named no member); the write before the job is handed over is ordered
// before it (the job hand-off, job-dispatch-order.c).
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --check-prefix=SILENT
// SILENT-NOT: warning:
// The destructor detaches the threads: the write after the scope races.
// RUN: not %parcheck %s -- -std=c++17 -DDETACH | FileCheck %s --check-prefix=RACE
// A write inside the scope after the hand-over races.
// RUN: not %parcheck %s -- -std=c++17 -DIN_SCOPE | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'level': write in thread 'main' conflicts with read in thread 'lambda at {{.*}}cxxpool.h:16:29'
#include "Inputs/cxxpool.h"

#include <atomic>

static int level;
static std::atomic<int> result;

static void job(void *) { result.store(level); }

int main() {
  level = 1; // before the hand-over
  {
    Pool pool(2);
    pool.add(job, nullptr);
#ifdef IN_SCOPE
    level = 3;
#endif
  }
  level = 2; // after the destructor's join
  return result.load();
}
