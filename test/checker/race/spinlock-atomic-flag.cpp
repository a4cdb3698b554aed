// A spinlock built on std::atomic_flag ('while (f.test_and_set(acquire));'
// ... 'f.clear(release)') or on the GCC builtins ('while
// (__sync_lock_test_and_set(&l, 1));' ... '__sync_lock_release(&l)') is a
// lock: what it guards does not race. -DUNLOCKED: one side skips it.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --check-prefix=SAFE --allow-empty
// RUN: not %parcheck %s -- -std=c++17 -DUNLOCKED | FileCheck %s --check-prefix=UNLOCKED
// SAFE-NOT: warning:
#include <atomic>
#include <thread>

std::atomic_flag flag = ATOMIC_FLAG_INIT;
volatile int word;
long n, m;

void with_flag() {
  for (int i = 0; i < 100; ++i) {
    while (flag.test_and_set(std::memory_order_acquire)) {
    }
    // UNLOCKED: spinlock-atomic-flag.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'n': write in thread 'with_flag' conflicts with write in thread 'main'
    n++;
    flag.clear(std::memory_order_release);
  }
}

void with_builtin() {
  while (__sync_lock_test_and_set(&word, 1)) {
  }
  m++;
  __sync_lock_release(&word);
}

int main() {
  std::thread a(with_flag), b(with_flag), c(with_builtin), d(with_builtin);
#ifdef UNLOCKED
  n++;
#endif
  a.join();
  b.join();
  c.join();
  d.join();
  return int(n + m);
}
