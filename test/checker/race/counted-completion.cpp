// Counted completions in C++ (counted-completion.c's rule): a latch whose
// count the dispatcher counts up under a lock_guard before each hand-over,
// each job counts down when done, and wait() waits for in a condition-wait
// loop; the pool (Inputs/cxxpool.h) joins its threads in its destructor.
// The context the jobs read is refilled after the wait: silent (reported
// before, in the loop's next iteration and after the pool's scope).
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --check-prefix=SILENT
// SILENT-NOT: warning:
// The predicate form of the wait ('cv.wait(lk, [this] { return live == 0; })'):
// the lambda's read of the count is the wait's test. Silent too.
// RUN: %parcheck %s -- -std=c++17 -DPRED | FileCheck %s --allow-empty --check-prefix=SILENT
// Without the wait the next iteration's write races with the jobs.
// RUN: not %parcheck %s -- -std=c++17 -DNO_WAIT | FileCheck %s --check-prefix=RACE
// RUN: not %parcheck %s -- -std=c++17 -DNO_WAIT -DPRED | FileCheck %s --check-prefix=RACE
// RACE: warning: data race on 'c.size': write in thread 'main' conflicts with read in thread 'lambda at {{.*}}cxxpool.h:16:29'
#include "Inputs/cxxpool.h"

struct Latch {
  std::mutex mu;
  std::condition_variable cv;
  int live = 0;
  void start() {
    std::lock_guard<std::mutex> g(mu);
    ++live;
  }
  void done() {
    std::lock_guard<std::mutex> g(mu);
    if (--live == 0)
      cv.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> lk(mu);
#ifdef PRED
    cv.wait(lk, [this] { return live == 0; });
#else
    while (live != 0)
      cv.wait(lk);
#endif
  }
};

struct Ctx {
  int size;
};
struct Data {
  Ctx *ctx;
  Latch *latch;
  int k;
  int out;
};

static void job(void *p) {
  Data *d = static_cast<Data *>(p);
  d->out = d->ctx->size * d->k;
  d->latch->done();
}

static int optimize() {
  Pool pool(2);
  Latch latch;
  Data ds[3];
  int sum = 0;
  for (int n = 1; n < 4; n++) {
    Ctx c;
    c.size = n;
    for (int k = 0; k < 3; k++) {
      ds[k].ctx = &c;
      ds[k].latch = &latch;
      ds[k].k = k;
      latch.start();
      pool.add(job, &ds[k]);
    }
#ifndef NO_WAIT
    latch.wait();
#endif
  }
  return sum;
}

int main() { return optimize(); }
