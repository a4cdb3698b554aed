// The same object deleted only after the thread that uses it was joined.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
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
  user.join();
  delete current;
  current = nullptr;
  return 0;
}
