// A range-for over a non-const container calls the non-const begin() and
// end(), which change nothing: a loop that only reads the elements (through
// 'int &', 'const int &' or a copy) reads the container, so two readers do
// not race. A loop that changes an element through its reference writes it
// ('x = 0', 'x++', 'reset(x)' taking 'int &').
// RUN: not %parcheck --no-caret %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>
#include <vector>

static std::vector<int> data(100), zeroed(100), bumped(100), handed(100);

static void reset(int &v) { v = 0; }

static void reader() {
  long s = 0;
  for (int &x : data)
    s += x;
  for (const int &x : data)
    s += x;
  for (int x : data)
    s += x;
  (void)s;
}

static void writer() {
  // CHECK-DAG: range-for-read.cpp:[[@LINE+1]]:15: warning: data race on 'zeroed': write in thread 'writer' conflicts with write in another instance of thread 'writer'
  for (int &x : zeroed)
    x = 0;
  // CHECK-DAG: range-for-read.cpp:[[@LINE+1]]:16: warning: data race on 'bumped': write in thread 'writer' conflicts with write in another instance of thread 'writer'
  for (auto &x : bumped)
    x++;
  // CHECK-DAG: range-for-read.cpp:[[@LINE+1]]:15: warning: data race on 'handed': write in thread 'writer' conflicts with write in another instance of thread 'writer'
  for (int &x : handed)
    reset(x);
}

int main() {
  std::thread a(reader), b(reader), c(writer), d(writer);
  a.join();
  b.join();
  c.join();
  d.join();
  return 0;
}
