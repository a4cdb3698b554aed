// Per-thread slots indexed by each thread's own number: a worker is handed its
// number in its argument, main and an external thread read theirs from a
// thread_local, and each touches only the slot its number names
// (slots[id].seed, through callees' parameters). Distinct threads' numbers
// name distinct slots, so those accesses do not race. A slot indexed by
// anything else (main's loop over every slot after the workers started) still
// races with the workers' own slots.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

struct Slot {
  unsigned seed;
  unsigned hits;
};
struct Args {
  unsigned num;
  struct Sched *s;
};
static thread_local unsigned tl_num;

struct Sched {
  Slot *slots;
  std::thread *threads;
  unsigned n;

  void step(unsigned num) {
    unsigned &seed = slots[num].seed;
    ++seed;
    // CHECK: thread-id-slot.cpp:[[@LINE+1]]:16: warning: data race on 'Slot::hits'
    slots[num].hits++;
  }
  void run(unsigned num) { step(num); }
  static void worker(Args a) {
    unsigned num = a.num;
    tl_num = num;
    a.s->run(num);
  }
  void waitAll() {
    unsigned me = tl_num;
    run(me);
  }
  void start() {
    slots = new Slot[n];
    threads = new std::thread[n];
    tl_num = 0;
    for (unsigned t = 1; t < n; ++t)
      threads[t] = std::thread(worker, Args{t, this});
    for (unsigned t = 1; t < n; ++t)
      // CHECK: thread-id-slot.cpp:[[@LINE+1]]:16: note: conflicting write in thread 'main'
      slots[t].hits = 0;
  }
  void stop() {
    for (unsigned t = 1; t < n; ++t)
      threads[t].join();
  }
};

static Sched sched;

static void external() {
  tl_num = 1;
  sched.waitAll();
}

int main() {
  sched.n = 4;
  sched.start();
  std::thread ext(external);
  sched.waitAll();
  ext.join();
  sched.stop();
  return 0;
}
