// A library object (a std::vector, a std::map) reached through a pointer or
// reference parameter: 'out->push_back(x)' writes what 'out' points to, as
// 'v.push_back(x)' writes v, and the variable the thread creation (or the
// call) hands over is that object ('&v', 'std::ref(m)', a global bound to a
// reference). A map's 'm[k]' may insert: two keys are no two slots of their
// own, while a vector's 'v[i]' with two indexes is two elements.
// Silent: each call's own local, handed to a helper by address (not to a
// thread), is that call's object; two threads writing two positions of
// one vector.
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --check-prefix=PTR
// RUN: not %parcheck %s -- -std=c++17 -DREF | FileCheck %s --check-prefix=REF
// RUN: not %parcheck %s -- -std=c++17 -DGLOBAL | FileCheck %s --check-prefix=GLOBAL
// RUN: %parcheck %s -- -std=c++17 -DSAFE | FileCheck %s --check-prefix=SAFE --allow-empty
// SAFE-NOT: warning:
#include <functional>
#include <map>
#include <thread>
#include <vector>

#if defined(SAFE)
static void fill(std::vector<int> *out, int n) {
  for (int i = 0; i < n; ++i)
    out->push_back(i);
}
static int count(int n) {
  std::vector<int> mine; // each call's own
  fill(&mine, n);
  return int(mine.size());
}
static void slot(std::vector<int> &v, int i) { v[i] = count(i); }
int main() {
  std::vector<int> v(4);
  std::thread a(slot, std::ref(v), 1), b(slot, std::ref(v), 2);
  a.join();
  b.join();
  return v[1];
}
#elif defined(REF)
// REF: library-object-through-parameter.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'm': write in thread 'add' conflicts with write in another instance of thread 'add'
static void add(std::map<int, int> &m, int k) { m[k] = k; }
int main() {
  std::map<int, int> m;
  std::thread a(add, std::ref(m), 1), b(add, std::ref(m), 2);
  a.join();
  b.join();
  return int(m.size());
}
#elif defined(GLOBAL)
std::vector<int> g;
// GLOBAL: library-object-through-parameter.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'g': write in thread 'worker' conflicts with write in another instance of thread 'worker'
static void push(std::vector<int> &out) { out.push_back(1); }
static void worker() { push(g); }
int main() {
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  return int(g.size());
}
#else
// PTR: library-object-through-parameter.cpp:[[@LINE+1]]:{{[0-9]+}}: warning: data race on 'v': write in thread 'worker' conflicts with {{read|write}} in thread 'main'
static void worker(std::vector<int> *out) { out->push_back(1); }
static size_t size_of(const std::vector<int> *v) { return v->size(); }
int main() {
  std::vector<int> v;
  std::thread t(worker, &v);
  size_t n = size_of(&v); // while the worker may push
  t.join();
  return int(n);
}
#endif
