// Deleting an object while another thread still calls a virtual method on it:
// the call reads the vtable pointer, the destructor rewrites it and the memory
// is freed. A race (and a use after free).
// RUN: not %parcheck %s -- -std=c++17 | FileCheck %s --implicit-check-not="warning:"
#include <thread>

struct Shape {
  virtual ~Shape() = default;
  virtual int area() const { return 0; }
};
struct Square : Shape {
  int area() const override { return 4; }
};

Shape *current = new Square;

int main() {
  std::thread user([] { (void)current->area(); });
  // CHECK: delete-races-with-use.cpp:[[@LINE+2]]:3: warning: data race on '*current': write in thread 'main' conflicts with read in thread 'lambda at
  // CHECK-NEXT: delete-races-with-use.cpp:18:40: note: conflicting read in thread 'lambda at delete-races-with-use.cpp:18:20', holding no lock
  delete current;
  user.join();
  return 0;
}
