// Readers under shared_lock, the writer under unique_lock of one shared_mutex.
// RUN: %parcheck %s -- -std=c++17 | FileCheck %s --allow-empty --implicit-check-not="warning:"
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex rw;
int config;

int reader() {
  std::shared_lock<std::shared_mutex> lk(rw);
  return config;
}

void writer() {
  std::unique_lock<std::shared_mutex> lk(rw);
  config++;
}

int main() {
  std::thread r1(reader), r2(reader), w(writer);
  r1.join();
  r2.join();
  w.join();
  return config;
}
