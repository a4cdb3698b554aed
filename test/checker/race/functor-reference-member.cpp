// A function object with a reference member ('long &n;') run by std::thread:
// each thread runs its own copy of the object, but every copy refers to what
// the construction bound the member to ('Inc{x}'), so the accesses through it
// are to that object: the variable, shared by every thread given it.
// Silent: two threads given two different variables ('Inc{x}', 'Inc{y}'),
// and two threads writing one variable under a lock both hold (-DLOCKED).
// Races:
//   -DSAME    both threads given the same local;
//   -DGLOBAL  a named function object bound to a global, copied into both;
//   -DLOOP    one construction in a loop that starts two threads;
//   -DMAIN    main reads a thread's variable while it runs;
//   -DCTOR    the member bound by a constructor ('n(n)'), against an
//             unlocked writer of the same local.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: %parcheck %s -- -std=c++17 -DLOCKED | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -std=c++17 -DSAME | FileCheck %s --check-prefix=SAME
// RUN: not %parcheck %s -- -std=c++17 -DGLOBAL | FileCheck %s --check-prefix=GLOBAL
// RUN: not %parcheck %s -- -std=c++17 -DLOOP | FileCheck %s --check-prefix=SAME
// RUN: not %parcheck %s -- -std=c++17 -DMAIN | FileCheck %s --check-prefix=MAIN
// RUN: not %parcheck %s -- -std=c++17 -DCTOR | FileCheck %s --check-prefix=CTOR
// SAFE-NOT: warning:
#include <mutex>
#include <thread>

long g_total;
std::mutex mu;

struct Inc {
  long &n;
  // SAME: functor-reference-member.cpp:[[@LINE+4]]:{{[0-9]+}}: warning: data race on 'x': write in thread 'Inc::operator()' conflicts with write in another instance of thread 'Inc::operator()'
  // GLOBAL: functor-reference-member.cpp:[[@LINE+3]]:{{[0-9]+}}: warning: data race on 'g_total': write in thread 'Inc::operator()' conflicts with write in another instance of thread 'Inc::operator()'
  // MAIN: functor-reference-member.cpp:[[@LINE+2]]:{{[0-9]+}}: warning: data race on 'x': write in thread 'Inc::operator()' conflicts with read in thread 'main'
  // CTOR: functor-reference-member.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'x': write in thread 'Inc::operator()' conflicts with write in thread 'Add::operator()'
  void operator()() { for (int i = 0; i < 1000; ++i) n++; }
};

struct Add {
  long &n;
  std::mutex &m;
  Add(long &n, std::mutex &m) : n(n), m(m) {}
  void operator()() {
    std::lock_guard<std::mutex> g(m);
    n += 2;
  }
};

int main() {
  long x = 0, y = 0, peek = 0;
#if defined(SAME)
  std::thread a(Inc{x}), b(Inc{x});
#elif defined(GLOBAL)
  Inc f{g_total};
  std::thread a(f), b(f);
#elif defined(LOOP)
  std::thread t[2];
  for (auto &th : t)
    th = std::thread(Inc{x});
  std::thread &a = t[0], &b = t[1];
#elif defined(MAIN)
  std::thread a(Inc{x}), b(Inc{y});
  peek = x;
#elif defined(LOCKED)
  std::thread a(Add(x, mu)), b(Add(x, mu));
#elif defined(CTOR)
  std::thread a(Add(x, mu)), b(Inc{x});
#else
  std::thread a(Inc{x}), b(Inc{y});
#endif
  a.join();
  b.join();
  return (int)(x + y + peek);
}
