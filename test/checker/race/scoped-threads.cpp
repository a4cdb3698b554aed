// Threads joined before their creating function returns do not overlap what
// main does outside those functions, nor each other when created by two
// functions main calls one after the other.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <thread>

bool verbose;
int failures;

static void check(bool ok) {
  if (!ok)
    failures++;
}

static void test_a() {
  std::thread t([] { check(verbose); });
  t.join();
}

static void test_b() {
  std::thread t([] { check(!verbose); });
  t.join();
}

int main() {
  verbose = true;
  test_a();
  test_b();
  failures += 0;
  return failures;
}
